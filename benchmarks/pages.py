"""Every page of issue 19's table against the Alliance-scale data set, beside a bare view.

Runs in-process through Django's request handler (the test Client, without the test
environment's instrumented templates) on the production settings (_alliance_settings.py:
DEBUG off, the production middleware with WhiteNoise, staff two-factor, CSRF checked):
what is timed is the server's time for the page, from the request object to the rendered
response, without an HTTP server in front (benchmarks/load.py measures through gunicorn).
The bare view (``/bench/bare/``, a benchmark-only URL answering "ok" through the same
middleware) is measured in the same rounds; the rounds are interleaved and each round
asks the pages in a new random order, so the machine's noise hits every page alike.

For each page it prints p50 and p95 in ms, p50 as a multiple of the bare view's, the
queries of one request, its size in KiB, and PASS/FAIL against the targets (p95): public
pages under 25 ms; the applicant's pages (overview, every section, up to 200 entries,
checklist) under 60 ms; an autosave under 30 ms with at most 10 queries; staff list pages
under 150 ms. Build the data set first (benchmarks/alliance.py). Run from the root::

    .venv/bin/python benchmarks/pages.py [--rounds 30] [--db var/alliance.sqlite3] [--only ledger]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance .venv/bin/python benchmarks/pages.py
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _alliance_db import configure, csrf_secret, describe, require_data_set, session_for

TARGETS = {"public": 25.0, "applicant": 60.0, "autosave": 30.0, "staff": 150.0}
AUTOSAVE_QUERIES = 10
ADVISOR = ("level=master&years=3&fte=1&service=treatment&families_served=20&age_band=infant"
           "&training_hours=40&dei_hours=6&pip_hours=4&rsc_hours=30&rsc_months=12"
           "&license=none")  # fmt: skip


@dataclass
class Page:
    label: str
    kind: str  # a key of TARGETS, or "bare"
    who: str  # a key of the clients
    path: str
    post: dict[str, str] | None = None
    timings: list[float] = field(default_factory=list)
    queries: int = 0
    kib: float = 0.0
    statuses: set[int] = field(default_factory=set)


def clients(facts: dict[str, Any]) -> dict[str, Any]:
    """A client per person, signed in through a session made in the store (staff with
    their second factor), with a CSRF cookie so that POSTs are checked as a browser's."""
    from django.conf import settings
    from django.test import Client

    from endorse.accounts.models import User

    made = {}
    for who, email, staff in (("anonymous", None, False),
                              ("applicant", facts["applicant"], False),
                              ("heavy", facts["heavy_applicant"], False),
                              ("coordinator", facts["coordinator"], True),
                              ("reviewer", facts["reviewer"], True)):  # fmt: skip
        client = Client(enforce_csrf_checks=True)
        secret = csrf_secret()
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        client.defaults["HTTP_X_CSRFTOKEN"] = secret
        if email:
            user = User.objects.get(email=email)
            client.cookies[settings.SESSION_COOKIE_NAME] = session_for(user, staff=staff)
        made[who] = client
    return made


def entry_counts(email: str) -> dict[str, int]:
    from endorse.applications.models import Application, Rsc, Training, Work

    app = Application.objects.get(applicant__email=email, association__slug="ct")
    return {name: model.objects.filter(application=app).count()
            for name, model in (("training", Training), ("rsc", Rsc), ("work", Work))}  # fmt: skip


def autosave(email: str) -> tuple[str, dict[str, str]]:
    """An RS/C row of the applicant's log, saved as the browser's htmx sends it."""
    from endorse.applications.models import Rsc

    row = Rsc.objects.filter(application__applicant__email=email,
                             application__association__slug="ct").order_by("pk").last()  # fmt: skip
    assert row is not None
    p = f"rsc-{row.pk}"
    return f"/ct/application/rsc/{row.pk}/", {
        f"{p}-date": str(row.date), f"{p}-hours": str(row.hours), f"{p}-format": row.format,
        f"{p}-provider": row.provider, f"{p}-provider_endorsement": row.provider_endorsement,
    }  # fmt: skip


def pages(facts: dict[str, Any]) -> list[Page]:
    few = entry_counts(facts["applicant"])
    many = entry_counts(facts["heavy_applicant"])
    total = sum(few.values())
    save_path, fields = autosave(facts["applicant"])
    return [
        Page("bare view (ok)", "bare", "anonymous", "/bench/bare/"),
        Page("home /", "public", "anonymous", "/"),
        Page("/ct/", "public", "anonymous", "/ct/"),
        Page("registry ?name=garcia", "public", "anonymous", "/registry/?name=garcia"),
        Page("/api/v1/registry/?name=garcia", "public", "anonymous",
             "/api/v1/registry/?name=garcia"),
        Page("verify page", "public", "anonymous", f"/verify/{facts['verify_code']}/"),
        Page("advisor (answered)", "public", "anonymous", f"/ct/advisor/?{ADVISOR}"),
        Page(f"overview (training+RS/C+work {total})", "applicant", "applicant",
             "/ct/application/"),
        Page(f"training section ({few['training']})", "applicant", "applicant",
             "/ct/application/training/"),
        Page(f"RS/C section ({few['rsc']})", "applicant", "applicant", "/ct/application/rsc/"),
        Page(f"work section ({few['work']})", "applicant", "applicant",
             "/ct/application/work/"),
        Page(f"training section ({many['training']})", "applicant", "heavy",
             "/ct/application/training/"),
        Page(f"RS/C section ({many['rsc']})", "applicant", "heavy", "/ct/application/rsc/"),
        Page("checklist", "applicant", "applicant", "/ct/application/checklist/"),
        Page("autosave POST (RS/C row)", "autosave", "applicant", save_path, fields),
        Page("coordinator queue /ct/manage/", "staff", "coordinator", "/ct/manage/"),
        Page("ledger", "staff", "coordinator", "/ct/manage/ledger/"),
        Page("coordinator renewals", "staff", "coordinator", "/ct/manage/renewals/"),
        Page("reviewer list", "staff", "reviewer", "/ct/review/"),
    ]  # fmt: skip


def ask(client: Any, page: Page) -> Any:
    if page.post is None:
        return client.get(page.path)
    return client.post(page.path, page.post, HTTP_HX_REQUEST="true")


def first_look(made: dict[str, Any], page: Page) -> None:
    """Warm the page, then count its queries and size once (not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ask(made[page.who], page)
    with CaptureQueriesContext(connection) as captured:
        response = ask(made[page.who], page)
    page.queries = len(captured)
    page.kib = len(response.content) / 1024
    page.statuses.add(response.status_code)


def measure(made: dict[str, Any], all_pages: list[Page], rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(rounds):
        order = list(all_pages)
        rng.shuffle(order)
        for page in order:
            started = time.perf_counter()
            response = ask(made[page.who], page)
            page.timings.append((time.perf_counter() - started) * 1000)
            page.statuses.add(response.status_code)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def report(all_pages: list[Page]) -> bool:
    bare = next(p for p in all_pages if p.kind == "bare")
    base = statistics.median(bare.timings)
    print(f"{'page':<38}{'p50 ms':>8}{'p95 ms':>8}{'× bare':>8}{'queries':>8}{'KiB':>7}"
          f"  {'target':<22}verdict")  # fmt: skip
    ok = True
    for page in all_pages:
        p50, high = statistics.median(page.timings), p95(page.timings)
        statuses = page.statuses - {200}
        if page.kind == "bare":
            target, passed = "", True
        else:
            limit = TARGETS[page.kind]
            passed = high < limit and not statuses
            target = f"p95 < {limit:.0f} ms"
            if page.kind == "autosave":
                passed &= page.queries <= AUTOSAVE_QUERIES
                target += f", ≤{AUTOSAVE_QUERIES} q"
        ok &= passed
        verdict = "" if page.kind == "bare" else "PASS" if passed else "FAIL"
        if statuses:
            verdict += f" (status {sorted(page.statuses)})"
        print(f"{page.label:<38}{p50:>8.1f}{high:>8.1f}{p50 / base:>8.0f}{page.queries:>8}"
              f"{page.kib:>7.1f}  {target:<22}{verdict}")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", help="SQLite file (default var/alliance.sqlite3)")
    parser.add_argument("--only", help="only the pages whose label contains this")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    configure(args.db)
    facts = require_data_set()
    made = clients(facts)
    chosen = [p for p in pages(facts)
              if p.kind == "bare" or not args.only or args.only in p.label]  # fmt: skip
    for page in chosen:
        first_look(made, page)
    gc.collect()
    started = time.perf_counter()
    measure(made, chosen, args.rounds, args.seed)
    print(f"database: {describe()}; data set of {facts['applicants']:,} applicants, "
          f"{facts['entries']:,} entries, {facts['endorsements']:,} endorsements; "
          f"{args.rounds} interleaved rounds in {time.perf_counter() - started:.0f} s; "
          f"in-process (Django's handler, production settings)")  # fmt: skip
    ok = report(chosen)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
