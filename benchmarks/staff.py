"""Benchmark of the staff list pages at the scale of a large association.

Builds a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) through Django's
test-database machinery with one association holding ``--open`` open applications
spread over the queue's states (a quarter in preparation), ``--endorsed`` endorsements
(most due on 31 December 2026, a fifth of those renewals sent, some in audit, some
lapsed, the rest due a year later), a processing fee paid for each application (a few
paid twice), and one reviewer with ``--assigned`` assignments, most of them finished.
On 1 November 2026 it times whole requests through Django's handler: the coordinator's
queue (its first page and a later page of one state), the renewals page, the ledger and
the reviewer's list, printing the median, the 95th percentile, the median CPU time of
this process (the database's own time too on SQLite; a measure that a busy machine
disturbs less than the clock), the queries seen and the size, with PASS when the 95th
percentile is under 150 ms, beside a bare view returning "ok" through the same
middleware (the machine's own cost of a request).

Run from the project root::

    .venv/bin/python benchmarks/staff.py [--open 1600] [--endorsed 5000] [--assigned 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/staff.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 150.0
DUE = date(2026, 12, 31)
# The open states of the queue and their share of the open applications.
OPEN_STATES = (("preparing", 4), ("submitted", 4), ("first_review", 3), ("second_review", 2),
               ("decision", 1), ("on_hold", 1), ("deferred", 1))  # fmt: skip


def _people(prefix: str, count: int) -> list[Any]:
    from endorse.accounts.models import User

    return User.objects.bulk_create(
        User(email=f"{prefix}{i}@bench.example", full_name=f"{prefix.upper()} Person {i:05d}",
             password="!")  # noqa: S106 (unusable)
        for i in range(count)
    )  # fmt: skip


def _applications(ct: Any, category: Any, users: list[Any], states: list[str]) -> list[Any]:
    from endorse.applications.models import Application, Registration
    from endorse.payments.models import Charge

    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(association=ct, applicant=u, category=category, status="accepted",
                     work_summary="-", education_summary="-", rsc_summary="-",
                     membership_expires_on=date(2027, 6, 1), submitted_at=now)
        for u in users
    )  # fmt: skip
    fees = Charge.objects.bulk_create(
        Charge(association=ct, person=u, kind="processing", category=category,
               amount_cents=20000, currency="USD", status="paid")
        for u in users
    )  # fmt: skip
    return Application.objects.bulk_create(
        Application(association=ct, applicant=u, registration=r, category=category,
                    status=s, opened_at=now - timedelta(days=i % 700), processing_fee=f,
                    submitted_at=None if s == "preparing" else now - timedelta(days=i % 300),
                    review_cycle=DUE if i % 3 == 0 and s == "submitted" else None)
        for i, (u, r, s, f) in enumerate(zip(users, registrations, states, fees, strict=True))
    )  # fmt: skip


def _payments(ct: Any, applications: list[Any], coordinator: Any) -> None:
    from endorse.payments.models import Payment

    rows = [
        Payment(association=ct, charge_id=a.processing_fee_id, method="check", amount_cents=20000,
                reference=f"#{i}", received_on=date(2026, 1 + i % 10, 1 + i % 28),
                recorded_by=coordinator)
        for i, a in enumerate(applications)
    ]  # fmt: skip
    rows += [  # a card payment arriving after a check: paid twice
        Payment(association=ct, charge_id=a.processing_fee_id, method="card", amount_cents=20000,
                received_on=date(2026, 3, 3))
        for a in applications[::500]
    ]  # fmt: skip
    Payment.objects.bulk_create(rows)


def _endorsements(ct: Any, category: Any, applications: list[Any]) -> None:
    from endorse.endorsements.models import Endorsement
    from endorse.renewals.models import Renewal

    now = timezone.now()
    endorsements = Endorsement.objects.bulk_create(
        Endorsement(association=ct, person=a.applicant, category=category, application=a,
                    number=f"CT-2020-{i:05d}", issued_on=date(2020, 5, 1), status_index=i,
                    status="lapsed" if i % 20 == 19 else "active",
                    next_due_on=None if i % 20 == 19 else DUE if i % 10 < 6 else date(2027, 12, 31),
                    name_key=a.applicant.full_name.lower())
        for i, a in enumerate(applications)
    )  # fmt: skip
    due = [e for e in endorsements if e.next_due_on == DUE]
    sent = Renewal.objects.bulk_create(
        Renewal(association=ct, person=e.person, due_on=DUE, period_starts=date(2026, 1, 1),
                status="audit" if i % 10 == 0 else "submitted", opened_at=now, submitted_at=now,
                audit_due_on=DUE if i % 10 == 0 else None, audited=i % 10 == 0)
        for i, e in enumerate(due[::5])
    )  # fmt: skip
    started = Renewal.objects.bulk_create(
        Renewal(association=ct, person=e.person, due_on=DUE, period_starts=date(2026, 1, 1),
                status="preparing", opened_at=now)
        for e in due[1::5]
    )  # fmt: skip
    Renewal.endorsements.through.objects.bulk_create(
        Renewal.endorsements.through(renewal_id=r.pk, endorsement_id=e.pk)
        for r, e in [*zip(sent, due[::5], strict=True), *zip(started, due[1::5], strict=True)]
    )


def _assignments(ct: Any, reviewer: Any, coordinator: Any, applications: list[Any]) -> None:
    from endorse.reviews.models import Assignment, Review

    now = timezone.now()
    rows = Assignment.objects.bulk_create(
        Assignment(association=ct, application=a, reviewer=reviewer, tier=1,
                   status="accepted" if i % 10 else "proposed", assigned_by=coordinator,
                   assigned_at=now - timedelta(days=i))
        for i, a in enumerate(applications)
    )  # fmt: skip
    Review.objects.bulk_create(
        Review(association=ct, assignment=row, submitted_at=now, saved_at=now) for row in rows[10:]
    )


def fill(open_count: int, endorsed: int, assigned: int) -> tuple[Any, Any]:
    from endorse.accounts.models import User
    from endorse.associations.models import StaffRole
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.standards.models import Category
    from endorse.standards.services import baseline_sync

    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT")
    category = Category.objects.get(code="IMHS")
    coordinator = User.objects.create_user("coord@bench.example", "x", full_name="Coordinator")
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    reviewer = User.objects.create_user("rev@bench.example", "x", full_name="Reviewer")
    StaffRole.objects.create(association=ct, user=reviewer, role="reviewer")
    weights = sum(share for _state, share in OPEN_STATES)
    states = [s for s, share in OPEN_STATES for _ in range(open_count * share // weights)]
    opened = _applications(ct, category, _people("o", len(states)), states)
    approved = _applications(ct, category, _people("e", endorsed), ["approved"] * endorsed)
    _payments(ct, opened + approved, coordinator)
    _endorsements(ct, category, approved)
    in_review = [a for a in opened if a.status in ("first_review", "second_review")]
    _assignments(ct, reviewer, coordinator, (in_review + approved)[:assigned])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return coordinator, reviewer


def bare(request: HttpRequest) -> HttpResponse:
    """The reference: a view that returns "ok", through the same middleware."""
    return HttpResponse("ok")


def _urls() -> str:
    """The project's URLs plus ``/bench-bare/``, as a module Django can name."""
    import types

    from django.urls import include, path

    module = types.ModuleType("staff_bench_urls")
    module.urlpatterns = [path("bench-bare/", bare), path("", include("config.urls"))]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def timed(client: Client, url: str, rounds: int) -> tuple[float, float, float, set[int], int]:
    client.get(url)
    timings: list[float] = []
    cpu: list[float] = []
    counts: set[int] = set()
    size = 0
    for _ in range(rounds):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started, busy = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - busy) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries))
        size = len(response.content)
    ordered = sorted(timings)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return statistics.median(ordered), p95, statistics.median(cpu), counts, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--open", type=int, default=1600)
    parser.add_argument("--endorsed", type=int, default=5000)
    parser.add_argument("--assigned", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    # Not setup_test_environment(): it makes every template rendered copy its context
    # for the test client, a cost a served page doesn't have.
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        started = time.perf_counter()
        coordinator, reviewer = fill(args.open, args.endorsed, args.assigned)
        print(f"database: {connection.vendor}; {args.open:,} open applications, "
              f"{args.endorsed:,} endorsements, {args.assigned} assignments "
              f"(built in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        staff, member = Client(), Client()
        staff.force_login(coordinator)
        member.force_login(reviewer)
        pages = [
            (staff, "/bench-bare/"),
            (staff, "/ct/manage/"),
            (staff, "/ct/manage/?state=submitted&page=3"),
            (staff, "/ct/manage/renewals/"),
            (staff, "/ct/manage/ledger/?year=2026"),
            (member, "/ct/review/"),
        ]
        print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>10} {'KiB':>6}")
        with (
            time_machine.travel("2026-11-01 17:00:00+00:00", tick=True),
            override_settings(
                ROOT_URLCONF=_urls(),
                ALLOWED_HOSTS=["testserver"],
                DEBUG=False,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ),
        ):
            for client, url in pages:
                p50, p95, busy, counts, size = timed(client, url, args.rounds)
                verdict = "PASS" if p95 < TARGET_MS else "FAIL"
                if url == "/bench-bare/":
                    verdict = "(reference)"
                ok &= p95 < TARGET_MS
                shown = ",".join(str(c) for c in sorted(counts))
                print(f"{url:<40} {p50:8.1f} {p95:8.1f} {busy:8.1f} {shown:>10} "
                      f"{size / 1024:6.0f}  {verdict}")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
