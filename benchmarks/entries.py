"""Benchmark of an applicant's section pages with a year and more of entries.

Applicants log weekly RS/C and many trainings. This builds a fresh database (SQLite, or
PostgreSQL when DATABASE_URL is set) through Django's test-database machinery with one
association and two applicants: one with ``--entries`` trainings, as many RS/C sessions
and 30 jobs, and one with 10 of each (to show that the queries don't grow with the
entries). Then, through Django's request handler and signed in as each applicant, it
times ``--repeat`` GETs of each section page, the autosave of one row (the htmx POST a
browser sends a moment after the last keystroke), and, as the baseline in the same run,
the home page.

For each it prints the median and 95th percentile in ms, the ratio of the median to the
baseline's, the size of the HTML and the queries made. The targets (issue 18): with 200
entries, the training and RS/C pages render in under 150 ms of server time and under
300 KB of HTML, and their query counts are the same as with 10 entries. Run from the
project root::

    .venv/bin/python benchmarks/entries.py [--entries 200] [--repeat 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/entries.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 150.0
TARGET_KB = 300.0
PROVIDERS = ("Dra. María José Castañeda-Ibáñez", "Dr. Lee Park", "Ngozi Okonkwo, LCSW")
TRAININGS = (
    "Circle of Security Parenting – facilitator training",
    "Diversidad, equidad e inclusión en la primera infancia",
    "Reflective practice in home visiting",
    "Infant mental health: an introduction",
)


def applicant_with(entries: int, email: str) -> Any:
    """An IMHS applicant whose application holds ``entries`` trainings and RS/C sessions
    (weekly, from three providers) and ``min(entries, 30)`` jobs."""
    from endorse.accounts.models import User
    from endorse.applications.models import Application, Details, Registration, Rsc, Training, Work
    from endorse.associations.models import Association
    from endorse.standards.models import Category

    association = Association.objects.get(slug="ct")
    category = Category.objects.get(code="IMHS")
    user = User.objects.create_user(email, "a-long-Passw0rd", full_name="Begoña Ibáñez-Núñez")
    now = timezone.now()
    registration = Registration.objects.create(
        association=association, applicant=user, category=category, status="accepted",
        work_summary="-", education_summary="-", rsc_summary="-",
        membership_number="CT-1", membership_expires_on=date(2027, 6, 30), submitted_at=now,
    )  # fmt: skip
    application = Application.objects.create(
        association=association, applicant=user, registration=registration, category=category,
        opened_at=now,
    )  # fmt: skip
    common = {"association": association, "application": application, "complete": True,
              "saved_at": now}  # fmt: skip
    Details.objects.create(**common, county="Hartford")
    start = date(2022, 1, 3)
    Training.objects.bulk_create(
        Training(**common, title=TRAININGS[i % 4], date=start + timedelta(days=5 * i),
                 hours=Decimal("1.5") + i % 3, dei=i % 4 == 1, pip=i % 5 == 0)
        for i in range(entries)
    )  # fmt: skip
    Rsc.objects.bulk_create(
        Rsc(**common, date=start + timedelta(weeks=i), hours=Decimal("1.5"),
            format="individual" if i % 3 else "group", provider=PROVIDERS[i % 3],
            provider_endorsement="IMHM-C" if i % 3 != 2 else "")
        for i in range(entries)
    )  # fmt: skip
    Work.objects.bulk_create(
        Work(**common, title="Home visitor", employer="Hartford Family Services, Inc.",
             start=start + timedelta(days=400 * i), end=start + timedelta(days=400 * i + 390),
             fte=Decimal("0.75"), service="direct", age_band="0-3", paid=True)
        for i in range(min(entries, 30))
    )  # fmt: skip
    return user


def fill(entries: int) -> tuple[Any, Any]:
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.standards.services import baseline_sync

    baseline_sync()
    association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT Association",
                       time_zone="America/New_York")  # fmt: skip
    return applicant_with(entries, "many@bench.example"), applicant_with(10, "few@bench.example")


def timed(client: Client, method: str, path: str, repeat: int, **post: Any) -> dict[str, Any]:
    timings: list[float] = []
    sizes: set[int] = set()
    queries: set[int] = set()
    for _ in range(repeat):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, post, HTTP_HX_REQUEST="true")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        sizes.add(len(response.content))
        queries.add(len(captured))
    ordered = sorted(timings)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
        "kb": max(sizes) / 1024,
        "queries": sorted(queries),
    }


def autosave_path(user: Any) -> tuple[str, dict[str, str]]:
    from endorse.applications.models import Rsc

    row = Rsc.objects.filter(application__applicant=user).order_by("pk").last()
    assert row is not None
    prefix = f"rsc-{row.pk}"
    fields = {f"{prefix}-date": "2025-05-05", f"{prefix}-hours": "1.5",
              f"{prefix}-format": "individual", f"{prefix}-provider": "Dr. Lee Park"}  # fmt: skip
    return f"/ct/application/rsc/{row.pk}/", fields


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    # Not setup_test_environment(): its instrumented template rendering copies the context
    # at every include and would time the instrument. The test client still needs its host.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        many, few = fill(args.entries)
        jobs = min(args.entries, 30)
        print(f"database: {connection.vendor}; {args.entries} trainings, {args.entries} "
              f"RS/C sessions, {jobs} jobs; {args.repeat} requests each")  # fmt: skip
        clients = {}
        for user in (many, few):
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
            clients[user.pk].get("/ct/application/")  # warm the templates and the caches
        base = timed(clients[many.pk], "GET", "/", args.repeat)
        print(f"{'page':<34}{'median ms':>10}{'p95 ms':>9}{'× home':>8}{'KB':>8}  queries "
              f"(10 entries)")  # fmt: skip
        print(f"{'home / (baseline)':<34}{base['median']:>10.1f}{base['p95']:>9.1f}"
              f"{1:>8.1f}{base['kb']:>8.1f}  {base['queries']}")  # fmt: skip
        passed = True
        for section in ("training", "rsc", "work"):
            path = f"/ct/application/{section}/"
            got = timed(clients[many.pk], "GET", path, args.repeat)
            small = timed(clients[few.pk], "GET", path, max(3, args.repeat // 5))
            flat = got["queries"] == small["queries"]
            ok = flat and (section == "work" or
                           (got["median"] < TARGET_MS and got["kb"] < TARGET_KB))  # fmt: skip
            passed &= ok
            print(f"{path:<34}{got['median']:>10.1f}{got['p95']:>9.1f}"
                  f"{got['median'] / base['median']:>8.1f}{got['kb']:>8.1f}  {got['queries']} "
                  f"({small['queries']})  {'PASS' if ok else 'FAIL'}")  # fmt: skip
        path, fields = autosave_path(many)
        got = timed(clients[many.pk], "POST", path, args.repeat, **fields)
        ratio = got["median"] / base["median"]
        print(f"{'autosave of one RS/C row':<34}{got['median']:>10.1f}{got['p95']:>9.1f}"
              f"{ratio:>8.1f}{got['kb']:>8.1f}  {got['queries']}")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
