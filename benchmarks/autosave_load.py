"""Benchmark of autosaves under load on the default SQLite database.

Once, 100 concurrent autosaves gave nine "database is locked" errors (500s). This makes
a fresh SQLite database in a temporary directory (migrated, with one association and
``--applicants`` applicants, each with an open application and a training entry), serves
it as ``make run`` does (``endorse serve``: Django's threaded development server, with
the worker and the clock beside it), signs every applicant in, and then fires, all at
once from as many threads:

- the baseline: ``--requests`` GETs of a light page (the home page), signed in;
- ``--requests`` autosaves, spread over the applicants: the htmx POST a browser sends a
  moment after the last keystroke in a training entry (saved, then the checklist is
  judged again and sent back).

It prints the count, the errors (anything but 200) and the median, 95th percentile and
worst time of each, the ratio of the autosaves' p95 to the baseline's, and PASS when no
autosave failed. Run from the project root::

    .venv/bin/python benchmarks/autosave_load.py [--applicants 50] [--requests 200]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = '''\
"""The benchmark's settings: development's, with DEBUG off as in production."""
from config.settings.dev import *  # noqa: F403

DEBUG = False
'''


Job = tuple[str, str, dict[str, str], str]  # method, path, headers, body


@dataclass
class Applicant:
    cookie: str  # the session and CSRF cookies, as a browser would send them
    csrf: str
    entry: int


@dataclass
class Outcome:
    status: int  # 0: no answer (connection refused or reset)
    ms: float
    error: str = ""


def prepare(var_dir: Path) -> None:
    """The environment of this process and the server's: SQLite in ``var_dir``."""
    (var_dir / "autosave_bench_settings.py").write_text(SETTINGS)
    os.environ.pop("DATABASE_URL", None)  # the default database is the point
    os.environ["ENDORSE_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "autosave_bench_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(var_dir), str(ROOT)])
    sys.path[:0] = [str(var_dir), str(ROOT)]


def fill(count: int) -> list[Applicant]:
    """``count`` applicants at CT with an open application and a training entry each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from endorse.applications.demo.load import load_agreements, load_fees
    from endorse.applications.models import Training
    from endorse.applications.services import entry_create
    from endorse.associations.models import StaffRole
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.standards.services import baseline_sync
    from tests.applications.conftest import open_application, person

    call_command("migrate", verbosity=0)
    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT")
    load_fees(ct, 2000)
    load_agreements(ct)
    coordinator = person("coordinator@bench.example", "Casey Coordinator")
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    applicants = []
    for number in range(count):
        user = person(f"applicant{number}@bench.example", f"Applicant {number:03d}")
        application = open_application(ct, user, coordinator)
        entry = entry_create(application=application, model=Training)
        client = Client()
        client.force_login(user)  # a session row, as the sign-in form makes
        applicants.append(Applicant(f"sessionid={client.cookies['sessionid'].value}", "", entry.pk))
    connections.close_all()
    return applicants


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def request(port: int, method: str, path: str, headers: dict[str, str], body: str = "") -> Outcome:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
        if method == "GET" and path.endswith("/training/"):
            return Outcome(status, 0.0) if status != 200 else _with_csrf(response, headers)
    except OSError as error:
        status, failure = 0, type(error).__name__
    else:
        failure = ""
    finally:
        connection.close()
    return Outcome(status, (time.perf_counter() - started) * 1000, failure)


def _with_csrf(response: http.client.HTTPResponse, headers: dict[str, str]) -> Outcome:
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            headers["X-CSRF"] = value.split(";", 1)[0].split("=", 1)[1]
    return Outcome(200, 0.0)


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    """``endorse serve``, as ``make run`` starts it: the web server with its worker and clock."""
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, str(ROOT / "manage.py"), "serve", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while request(port, "GET", "/", {}).status != 200:
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit(f"The server did not start; see {log}")
        time.sleep(0.2)
    return server


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as at a terminal: to the server, its reloaded child, the worker and the clock."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def sign_in(port: int, applicants: list[Applicant]) -> None:
    """Open each applicant's training page once, as a browser would: it sets the CSRF cookie."""
    for applicant in applicants:
        headers = {"Cookie": applicant.cookie}
        if request(port, "GET", "/ct/application/training/", headers).status != 200:
            raise SystemExit("An applicant's training page did not open.")
        applicant.csrf = headers["X-CSRF"]
        applicant.cookie += f"; csrftoken={applicant.csrf}"


def all_at_once(jobs: list[Job], port: int) -> list[Outcome]:
    """Send every request from its own thread, released together."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def send(index: int) -> None:
        method, path, headers, body = jobs[index]
        start.wait()
        outcomes[index] = request(port, method, path, headers, body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcome for outcome in outcomes if outcome is not None]


def baseline_jobs(applicants: list[Applicant], count: int) -> list[Job]:
    return [("GET", "/", {"Cookie": applicants[i % len(applicants)].cookie}, "")
            for i in range(count)]  # fmt: skip


def autosave_jobs(applicants: list[Applicant], count: int) -> list[Job]:
    from urllib.parse import urlencode

    jobs = []
    for i in range(count):
        applicant = applicants[i % len(applicants)]
        prefix = f"training-{applicant.entry}"
        body = urlencode({
            f"{prefix}-title": f"Attachment basics, part {i // len(applicants) + 1}",
            f"{prefix}-date": "2025-02-01",
            f"{prefix}-hours": str(1 + i // len(applicants)),
        })  # fmt: skip
        headers = {
            "Cookie": applicant.cookie, "X-CSRFToken": applicant.csrf, "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }  # fmt: skip
        jobs.append(("POST", f"/ct/application/training/{applicant.entry}/", headers, body))
    return jobs


def saved(applicants: int, requests: int) -> int:
    """Entries that hold one of the autosaves sent to them, complete (the last one won)."""
    from endorse.applications.models import Training

    sent = {1 + i // applicants for i in range(requests)}
    return Training.objects.filter(complete=True, draft__isnull=True, hours__in=sent).count()


def summary(name: str, outcomes: list[Outcome]) -> tuple[int, float]:
    times = sorted(outcome.ms for outcome in outcomes)
    errors = sum(outcome.status != 200 for outcome in outcomes)
    p50 = statistics.median(times)
    p95 = times[max(0, round(len(times) * 0.95) - 1)]
    statuses = sorted({f"{o.status} {o.error}".strip() for o in outcomes if o.status != 200})
    print(f"{name:<22} {len(outcomes):>6} {errors:>7} {p50:>9.0f} {p95:>9.0f} {times[-1]:>9.0f}"
          + (f"  statuses {statuses}" if statuses else ""))  # fmt: skip
    return errors, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="endorse-autosave-"))
    prepare(var_dir)
    began = time.perf_counter()
    applicants = fill(args.applicants)
    print(f"{args.applicants} applicants with an open application in {var_dir} "
          f"({time.perf_counter() - began:.1f} s)")  # fmt: skip
    port = free_port()
    log = var_dir / "server.log"
    server = start_server(port, log)
    try:
        sign_in(port, applicants)
        print(f"{args.requests} requests at once to endorse serve, SQLite in WAL mode\n")
        print(f"{'':<22} {'count':>6} {'errors':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
        _, base_p95 = summary(
            "baseline GET /", all_at_once(baseline_jobs(applicants, args.requests), port)
        )
        errors, p95 = summary(
            "autosave POST", all_at_once(autosave_jobs(applicants, args.requests), port)
        )
    finally:
        stop_server(server)
    print(f"\nautosave p95 / baseline p95: {p95 / base_p95:.1f}")
    print(f"entries saved: {saved(args.applicants, args.requests)} of {args.applicants}")
    if errors:
        locked = sum("database is locked" in line for line in log.read_text().splitlines())
        print(f"server log: {log} ({locked} lines say 'database is locked')")
    print(f"{'PASS' if errors == 0 else 'FAIL'}: {errors} of {args.requests} autosaves failed")
    if not args.keep and not errors:
        shutil.rmtree(var_dir)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
