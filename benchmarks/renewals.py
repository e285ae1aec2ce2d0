"""Benchmark of renewals at scale: the clock's reminder pass and the coordinator's page.

Builds a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) through
Django's test-database machinery with ``--count`` endorsees of one association, all due
on 31 December 2026, a fifth of whom have already sent their renewal. Then it times:

- the clock's reminder pass on 1 November (60 days before: a reminder for everyone who
  hasn't renewed), per reminder sent;
- the same pass again that day (nothing left to send): it must cost a few queries,
  whatever the count, since a clock runs every few minutes;
- the coordinator's renewals page, as a whole request (target: under 1 s at the 95th
  percentile for 2,000 endorsees, a large association).

Run from the project root::

    .venv/bin/python benchmarks/renewals.py [--count 2000] [--pages 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/renewals.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PAGE_TARGET_MS = 1000.0
DUE = date(2026, 12, 31)


def fill(count: int) -> object:
    """``count`` endorsees at CT due on DUE; every fifth has sent its renewal."""
    from endorse.accounts.models import User
    from endorse.applications.models import Application, Registration
    from endorse.associations.models import StaffRole
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.endorsements.models import Endorsement
    from endorse.renewals.models import Renewal
    from endorse.standards.models import Category
    from endorse.standards.services import baseline_sync

    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT")
    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"p{i}@bench.example", full_name=f"Person {i:05d}", password="!")  # noqa: S106 (unusable)
        for i in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(association=ct, applicant=u, category=category, status="accepted",
                     work_summary="-", education_summary="-", rsc_summary="-",
                     membership_expires_on=date(2027, 6, 1), submitted_at=now)
        for u in users
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(association=ct, applicant=u, registration=r, category=category,
                    status="approved", opened_at=now)
        for u, r in zip(users, registrations, strict=True)
    )  # fmt: skip
    endorsements = Endorsement.objects.bulk_create(
        Endorsement(association=ct, person=u, category=category, application=a,
                    number=f"CT-2020-{i:05d}", issued_on=date(2020, 5, 1), status_index=i,
                    next_due_on=DUE, name_key=u.full_name.lower())
        for i, (u, a) in enumerate(zip(users, applications, strict=True))
    )  # fmt: skip
    sent = Renewal.objects.bulk_create(
        Renewal(association=ct, person=e.person, due_on=DUE, period_starts=date(2026, 1, 1),
                status="submitted", opened_at=now, submitted_at=now)
        for e in endorsements[::5]
    )  # fmt: skip
    Renewal.endorsements.through.objects.bulk_create(
        Renewal.endorsements.through(renewal_id=r.pk, endorsement_id=e.pk)
        for r, e in zip(sent, endorsements[::5], strict=True)
    )
    coordinator = User.objects.create_user("coord@bench.example", "x", full_name="Coordinator")
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return coordinator


def tick_timed(label: str) -> tuple[int, float, int]:
    from endorse.renewals.services import renewal_reminders_send

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = renewal_reminders_send(timezone.now())
        took = time.perf_counter() - started
    counted = f"{len(queries):>6}" if len(queries) < 9000 else " >9000"  # Django keeps 9,000
    print(f"{label:<44} {sent:>6} sent   {took * 1000:9.1f} ms   {counted} queries")
    return sent, took, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        coordinator = fill(args.count)
        print(f"database: {connection.vendor}; {args.count:,} endorsees due {DUE}")
        with time_machine.travel("2026-11-01 17:00:00+00:00", tick=True):
            sent, took, _queries = tick_timed("reminder pass, 60 days before")
            if sent:
                print(f"{'':<44} {took * 1000 / sent:13.2f} ms per reminder")
            _sent, again, queries = tick_timed("the same pass again (nothing to send)")
            ok &= queries <= 10
            client = Client()
            client.force_login(coordinator)  # type: ignore[arg-type]
            client.get("/ct/manage/renewals/")
            timings: list[float] = []
            counts: set[int] = set()
            for _ in range(args.pages):
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as page_queries:
                    started = time.perf_counter()
                    response = client.get("/ct/manage/renewals/")
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
                counts.add(len(page_queries))
            ordered = sorted(timings)
            p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
            verdict = "PASS" if p95 < PAGE_TARGET_MS else "FAIL"
            ok &= p95 < PAGE_TARGET_MS
            print(f"{'/ct/manage/renewals/':<44} median {statistics.median(ordered):7.1f} ms   "
                  f"p95 {p95:7.1f} ms   queries {sorted(counts)}   {verdict}")  # fmt: skip
            print(f"second pass: {again * 1000:.1f} ms in {queries} queries "
                  f"({'PASS' if queries <= 10 else 'FAIL'}: at most 10)")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
