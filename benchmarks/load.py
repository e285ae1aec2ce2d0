"""The realistic mix, open loop, against gunicorn on the Alliance-scale data set.

Starts gunicorn (``--workers 2``, gthread with 4 threads by default; the production
settings of _alliance_settings.py, DEBUG off), the task worker and the clock beside it
as ``endorse serve`` does, and a loopback SMTP sink for their emails. Signs in a pool of
ct's applicants and its staff (sessions made in the session store, staff with their
second factor), then sends the mix at each rate for ``--seconds``: arrival times are
fixed in advance at the rate (open loop: a slow answer does not hold the next request
back), each request on its own connection from a pool of threads, and its latency is
counted from its scheduled time, so waiting for a free thread or a free worker counts.

The mix (issue 19): registry searches and verify pages 63%, applicants autosaving an RS/C
row 18%, the applicant's section pages 5%, staff pages 5% (queue, ledger, renewals,
reviewer list), the rest the home page, association pages and the advisor.

For each rate it prints the achieved rate, p50/p95/p99, errors (anything but 200, or no
answer in 10 s), CPU per request (utime+stime from /proc of gunicorn's master and
workers, the task worker and the clock, before and after, over the requests sent) and the
memory of each process (its proportional set size: gunicorn's workers share the pages
their master loaded, counted in shares; and its resident size); PASS/FAIL at 50/s: no
error, p95 under 250 ms, CPU per request under 12 ms; and every process together under
450 MB (proportional sizes summed). Run from the root::

    .venv/bin/python benchmarks/load.py [--rates 25 50 100] [--seconds 60] [--db PATH]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance .venv/bin/python benchmarks/load.py
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _alliance_db import configure, csrf_secret, describe, require_data_set, session_for

TARGET_RATE = 50
P95_MS, CPU_MS, RSS_MB = 250.0, 12.0, 450.0
TIMEOUT = 10.0
SEARCHES = ("garcia", "gar", "pena", "martinez", "smith", "nguyen", "ana mar", "maria jose",
            "lopez", "okafor", "muller", "jo", "sofia gar", "rodriguez", "ibanez")  # fmt: skip
ADVISOR = ("level=bachelor&years=2&fte=1&service=prevention&families_served=12"
           "&age_band=infant&training_hours=30&dei_hours=4&pip_hours=0&rsc_hours=24"
           "&rsc_months=12&license=none")  # fmt: skip


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass
class Pool:
    """Who and what the mix draws from."""

    applicants: list[dict[str, Any]]
    staff: list[dict[str, str]]
    codes: list[str]
    slugs: list[str]
    anonymous: dict[str, str] = field(default_factory=dict)


def sign_in(size: int) -> Pool:
    from endorse.applications.models import Application, Rsc
    from endorse.associations.models import Association
    from endorse.endorsements.models import Endorsement

    def cookies(user: Any, staff: bool = False) -> dict[str, str]:
        secret = csrf_secret()
        return {"Cookie": f"sessionid={session_for(user, staff=staff)}; csrftoken={secret}",
                "X-CSRFToken": secret}  # fmt: skip

    apps = (Application.objects.filter(association__slug="ct", status="preparing")
            .select_related("applicant").order_by("pk")[:size])  # fmt: skip
    applicants = []
    for app in apps:
        row = Rsc.objects.filter(application=app).order_by("-pk").first()
        assert row is not None
        p = f"rsc-{row.pk}"
        form = {f"{p}-date": str(row.date), f"{p}-hours": str(row.hours),
                f"{p}-format": row.format, f"{p}-provider": row.provider,
                f"{p}-provider_endorsement": row.provider_endorsement}  # fmt: skip
        applicants.append({"headers": cookies(app.applicant), "row": row.pk,
                           "form": urlencode(form).encode()})  # fmt: skip
    from endorse.accounts.models import User

    emails = ("coordinator@ct.endorse.test", "reviewer@ct.alliance.example")
    staff = [cookies(User.objects.get(email=email), staff=True) for email in emails]
    codes = list(Endorsement.objects.filter(status="active").order_by("?")
                 .values_list("verify_code", flat=True)[:500])  # fmt: skip
    slugs = list(Association.objects.values_list("slug", flat=True))
    return Pool(applicants, staff, codes, slugs)


def draw(pool: Pool, rng: random.Random) -> tuple[str, Request]:
    """One request of the mix, with its kind."""
    roll = rng.random() * 100
    if roll < 63:
        if roll < 13:
            return "verify", Request("GET", f"/verify/{rng.choice(pool.codes)}/", {})
        where = "/registry/" if roll < 45 else f"/{rng.choice(pool.slugs)}/registry/"
        if roll >= 58:
            where = "/api/v1/registry/"
        query = urlencode({"name": rng.choice(SEARCHES)})
        return "registry", Request("GET", f"{where}?{query}", {})
    if roll < 81:
        a = rng.choice(pool.applicants)
        headers = {**a["headers"], "HX-Request": "true",
                   "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        path = f"/ct/application/rsc/{a['row']}/"
        return "autosave", Request("POST", path, headers, a["form"])
    if roll < 86:
        a = rng.choice(pool.applicants)
        page = rng.choice(("", "training/", "rsc/", "work/", "checklist/"))
        return "section", Request("GET", f"/ct/application/{page}", a["headers"])
    if roll < 91:
        coordinator, reviewer = pool.staff
        path, who = rng.choice((("/ct/manage/", coordinator), ("/ct/manage/ledger/", coordinator),
                                ("/ct/manage/renewals/", coordinator),
                                ("/ct/review/", reviewer)))  # fmt: skip
        return "staff", Request("GET", path, who)
    if roll < 95:
        return "home", Request("GET", "/", {})
    if roll < 98:
        return "association", Request("GET", f"/{rng.choice(pool.slugs)}/", {})
    return "advisor", Request("GET", f"/{rng.choice(pool.slugs)}/advisor/?{ADVISOR}", {})


def send(port: int, request: Request) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(request.method, request.path, body=request.body,
                           headers=request.headers)  # fmt: skip
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def run(port: int, plan: list[tuple[str, Request]], rate: float, threads: int,
        ) -> list[tuple[str, float, int]]:  # fmt: skip
    """Send ``plan`` at ``rate`` per second; (kind, ms from the scheduled time, status)."""
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    next_index = iter(range(len(plan)))
    start = time.perf_counter() + 0.5

    def worker() -> None:
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            due = start + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            kind, request = plan[i]
            try:
                status = send(port, request)
            except OSError:
                status = 0
            took = (time.perf_counter() - due) * 1000
            with lock:
                results.append((kind, took, status))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def drain(port: int, limit: float = 180.0) -> None:
    """Wait until the server has worked through what clients gave up on (gunicorn still
    answers requests whose client left), so the next rate starts from an idle server."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            send(port, Request("GET", "/bench/bare/", {}))
        except OSError:
            continue
        if time.perf_counter() - began < 0.5:
            return
        time.sleep(1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] if ordered else float("nan")


def step(servers: Any, pool: Pool, rate: int, seconds: int, rng: random.Random) -> dict[str, Any]:
    from _alliance_servers import cpu_seconds

    plan = [draw(pool, rng) for _ in range(rate * seconds)]
    pids = servers.pids()
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    began = time.perf_counter()
    results = run(servers.port, plan, rate, threads=min(400, rate * 4))
    elapsed = time.perf_counter() - began
    spent = {name: cpu_seconds(pid) - before.get(name, 0.0) for name, pid in servers.pids().items()}
    cpu = sum(spent.values())
    times = [ms for _kind, ms, _status in results]
    failed = Counter(f"{kind} {status or 'no answer'}"
                     for kind, _ms, status in results if status != 200)  # fmt: skip
    errors = sum(failed.values())
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _status in results:
        by_kind.setdefault(kind, []).append(ms)
    return {"rate": rate, "achieved": len(results) / elapsed, "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95), "p99": percentile(times, 0.99), "errors": errors,
            "cpu_ms": cpu * 1000 / len(results), "kinds": by_kind, "n": len(results),
            "failed": failed,
            "cpu_by_process": {k: s * 1000 / len(results) for k, s in spent.items()}}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--db", help="SQLite file (default var/alliance.sqlite3)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"))
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument("--pool", type=int, default=200, help="applicants signed in")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    configure(args.db)
    facts = require_data_set()
    from _alliance_servers import pss_mib, rss_mib, smtp_sink, start

    pool = sign_in(args.pool)
    from django.db import connection

    connection.close()  # SQLite: no lock held by this process while the servers run
    smtp, smtp_port = smtp_sink()
    servers = start(workers=args.workers, worker_class=args.worker_class,
                    threads=args.threads, smtp_port=smtp_port)  # fmt: skip
    print(f"database: {describe()}; {facts['applicants']:,} applicants; gunicorn "
          f"{args.workers} {args.worker_class} workers × {args.threads} threads; "
          f"{len(pool.applicants)} applicants and 2 staff signed in; "
          f"{args.seconds} s a rate")  # fmt: skip
    rng = random.Random(args.seed)
    ok = True
    rss: dict[str, float] = {}
    pss: dict[str, float] = {}
    try:
        send(servers.port, Request("GET", "/", {}))
        print(f"{'rate/s':>7}{'achieved':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}{'CPU ms/req':>11}  p95 by kind (ms)")  # fmt: skip
        for rate in args.rates:
            got = step(servers, pool, rate, args.seconds, rng)
            for name, pid in servers.pids().items():
                rss[name] = max(rss.get(name, 0.0), rss_mib(pid))
                pss[name] = max(pss.get(name, 0.0), pss_mib(pid))
            kinds = " ".join(
                f"{k} {percentile(v, 0.95):.0f}" for k, v in sorted(got["kinds"].items())
            )
            verdict = ""
            if rate == TARGET_RATE:
                passed = got["errors"] == 0 and got["p95"] < P95_MS and got["cpu_ms"] < CPU_MS
                ok &= passed
                verdict = "  PASS" if passed else "  FAIL"
            print(f"{rate:>7}{got['achieved']:>9.1f}{got['p50']:>9.0f}{got['p95']:>9.0f}"
                  f"{got['p99']:>9.0f}{got['errors']:>8}{got['cpu_ms']:>11.1f}  "
                  f"{kinds}{verdict}")  # fmt: skip
            print("        CPU ms/req by process: " + ", ".join(
                f"{name} {ms:.1f}" for name, ms in got["cpu_by_process"].items()))  # fmt: skip
            if got["failed"]:
                print("        not 200: " + ", ".join(
                    f"{what} ×{n}" for what, n in sorted(got["failed"].items())))  # fmt: skip
            drain(servers.port)
    finally:
        servers.stop()
        smtp.stop()
    total = sum(pss.values())
    ok &= total < RSS_MB
    each = ", ".join(f"{name} {pss[name]:.0f} MB ({mib:.0f} resident)" for name, mib in rss.items())
    verdict = "PASS" if total < RSS_MB else "FAIL"
    print(f"memory (largest seen; proportional set size, shared pages counted in shares, "
          f"and resident): {each}; total {total:.0f} MB ({verdict}: under {RSS_MB:.0f}; "
          f"resident, shared pages in every process: {sum(rss.values()):.0f} MB)")  # fmt: skip
    print(f"at {TARGET_RATE}/s: no error, p95 < {P95_MS:.0f} ms, CPU < {CPU_MS:.0f} ms a request")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
