"""The Alliance-scale data set (issue 19), built in bulk with the project's own models.

35 associations (the demo's ct and nm, made by ``endorse load_demo``'s loader, and 33
more made the way it makes them: fees, agreements, rating items), 10,000 applicants
each with an application of about 150 entries (1.5 million: education 0-3, work 8-12,
training 60-80, RS/C 50-70, from benchmarks/evaluate.py's generator) in mixed states
(about 1,600 open in ct's queue), 5,000 endorsements with their registry words (some due
within the year, renewals started or sent), 300,000 events, 400,000 notifications,
reviewers with their assignments (one with about 200), and fees with their payments.
Names are realistic: accents, long compound names, 5% "García".

SQLite by default (``var/alliance.sqlite3``, or ``--db PATH``); PostgreSQL when
DATABASE_URL is set (the database is created if missing; use one of its own, e.g.
``.../alliance``). A finished build writes a marker table with its scale and counts,
and a later run reuses the data set; ``--rebuild`` builds it again. benchmarks/pages.py
and benchmarks/load.py run against it. Run from the project root::

    .venv/bin/python benchmarks/alliance.py [--scale 1] [--db var/alliance.sqlite3] [--rebuild]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance .venv/bin/python benchmarks/alliance.py
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _alliance_db import configure, describe, mark, marker, recreate

EVENTS = 300_000
NOTIFICATIONS = 400_000


class Steps:
    """Each step of the build, timed and reported as it goes."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def run(self, label: str, step: Callable[[], Any]) -> Any:
        from django.db import transaction

        began = time.perf_counter()
        with transaction.atomic():
            result = step()
        shown = f"{result:,}" if isinstance(result, int) else ""
        print(f"  {label:<44}{shown:>12}  {time.perf_counter() - began:6.1f} s", flush=True)
        return result

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def prepare(rebuild: bool, scale: float) -> dict[str, Any] | None:
    """The existing data set's facts when it can be reused; otherwise an empty, migrated
    database (static files collected for production settings' manifest)."""
    from django.core.management import call_command

    recreate(drop=False)
    facts = marker()
    if facts and not rebuild and facts["scale"] == scale:
        # The code may have moved on since the build: its new migrations (an index, say)
        # apply to the data set as they would to a deployment's database.
        call_command("migrate", verbosity=0)
        return facts
    if facts and not rebuild:
        print(f"the data set there has scale {facts['scale']}, not {scale}: building again")
    recreate(drop=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return None


def build(scale: float, seed: int) -> dict[str, Any]:
    import _alliance_entries as entries
    import _alliance_history as history
    import _alliance_life as life
    import _alliance_people as people_
    from django.db import connection

    rng = random.Random(seed)
    steps = Steps()
    by_slug = steps.run("associations (load_demo's ct and nm, 33 more)",
                        lambda: people_.associations(rng))  # fmt: skip
    people = people_.plan(rng, scale, sorted(by_slug))
    make = people_.users_and_applications
    steps.run("applicants, registrations, applications",
              lambda: make(people, by_slug, rng) or len(people))  # fmt: skip
    heavy = people[1]
    count = steps.run("entries", lambda: entries.fill_entries(people, rng, heavy=heavy))
    team = steps.run("staff, reviewers", lambda: life.staff(by_slug, rng))
    made = steps.run("endorsements and registry words", lambda: life.endorsements(people, rng))
    renewals = steps.run("renewals", lambda: life.renewals(made, rng))
    charges = steps.run("charges and payments",
                        lambda: life.money(people, team["coordinators"], rng))  # fmt: skip
    assigned = steps.run("review assignments", lambda: life.assignments(people, team, rng))
    events = steps.run("events", lambda: history.events(people, round(EVENTS * scale), rng))
    notes = steps.run("notifications", lambda: history.notifications(
        people, round(NOTIFICATIONS * scale), rng))  # fmt: skip
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  {'ANALYZE':<44}{'':>12}  {time.perf_counter() - began:6.1f} s")
    verify = next(p for p in people if p.slug == "ct" and p.status == "approved"
                  and p.rows["endorsement"].status == "active")  # fmt: skip
    return {
        "scale": scale, "seed": seed, "seconds": round(steps.seconds, 1),
        "built_on": str(people[0].opened.date()), "associations": len(by_slug),
        "applicants": len(people), "entries": count, "endorsements": len(made),
        "renewals": renewals, "charges": charges, "assignments": assigned, "events": events,
        "notifications": notes, "applicant": people[0].email, "heavy_applicant": heavy.email,
        "coordinator": "coordinator@ct.endorse.test", "reviewer": team["heavy_reviewer"].email,
        "verify_code": verify.rows["endorsement"].verify_code,
    }  # fmt: skip


def summary(facts: dict[str, Any]) -> str:
    keys = ("associations", "applicants", "entries", "endorsements", "renewals", "charges",
            "assignments", "events", "notifications")  # fmt: skip
    return ", ".join(f"{facts[k]:,} {k}" for k in keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the Alliance's size")
    parser.add_argument("--db", help="SQLite file (default var/alliance.sqlite3)")
    parser.add_argument("--rebuild", action="store_true", help="build again even if it exists")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    configure(args.db)
    print(f"database: {describe()}")
    facts = prepare(args.rebuild, args.scale)
    if facts is not None:
        print(f"reused the data set built in {facts['seconds']} s: {summary(facts)}")
        return 0
    facts = build(args.scale, args.seed)
    mark(facts)
    print(f"built in {facts['seconds']:.0f} s: {summary(facts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
