"""Real workers killed with SIGKILL while 500 emails drain: each reaches the server once.

The workers are ``manage.py db_worker`` processes on the test's own database (a file on
SQLite, the test database on PostgreSQL), sending by SMTP to an aiosmtpd server in this
process. After each kill, and then whenever the draining stalls, the clock's recovery
runs as of an hour later, so "after a while" has passed for every claim and task, live
ones included, which the claims must survive. Waiting here is on real processes, not on
deadlines, so it polls the clock of the wall.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from endorse.accounts.models import User
from endorse.core.management.commands.clock import owed_work_requeue
from endorse.notifications.models import Notification
from endorse.notifications.services import notification_create
from tests.loopback_smtp import Inbox, smtp_server

ROOT = Path(__file__).parents[2]
EMAILS = 500
KILLS = 12
WORKERS = 3
CONTEXT = {"association": "CT Assoc", "url": "https://x/", "days": 3}


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


def database_for_children() -> str:
    wanted = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    database = {key: connection.settings_dict[key] for key in wanted}
    database["NAME"] = str(database["NAME"])
    if connection.vendor == "sqlite":  # wait for a lock as long as a worker may hold one
        database["OPTIONS"] = {**database["OPTIONS"], "timeout": 30}
    return json.dumps(database)


class Workers:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.started = env, log, 0
        self.processes = [self.start() for _ in range(WORKERS)]

    def start(self) -> tuple[str, subprocess.Popen[bytes]]:
        self.started += 1
        worker_id = f"fault-{self.started}"
        with self.log.open("ab") as log:
            return worker_id, subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.05",
                 "--no-startup-delay", "--no-reload", "--verbosity", "0",
                 "--worker-id", worker_id],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self, index: int) -> bool:
        """SIGKILL, then start another; whether it died holding a task."""
        worker_id, process = self.processes[index]
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.processes[index] = self.start()
        return worker_id in running_workers()

    def busy(self, rng: random.Random, until: float) -> int:
        """A worker holding a task, once one does (so that the kill hits it at work)."""
        while True:
            running = running_workers()
            busy = [i for i, (worker_id, _) in enumerate(self.processes) if worker_id in running]
            if busy or time.monotonic() > until:
                return rng.choice(busy or range(WORKERS))
            time.sleep(0.02)

    def revive(self) -> int:
        """Start again a worker that stopped on its own (as a supervisor would)."""
        died = [i for i, (_, process) in enumerate(self.processes) if process.poll() is not None]
        for index in died:
            self.processes[index] = self.start()
        return len(died)

    def stop(self) -> None:
        for _, process in self.processes:
            process.send_signal(signal.SIGKILL)
            process.wait()


def running_workers() -> set[str]:
    """Workers running a task: as the recovery may have put a running task back in the queue
    (it runs as of an hour later), a queued task last taken by a worker counts too."""
    running = DBTaskResult.objects.exclude(worker_ids=[]).filter(
        status__in=[TaskResultStatus.RUNNING, TaskResultStatus.READY]
    )
    return {ids[-1] for ids in running.values_list("worker_ids", flat=True)}


def recover() -> dict[str, int]:
    return owed_work_requeue(now=timezone.now() + timedelta(hours=1))


def handed() -> int:
    return Notification.objects.exclude(emailed_at=None).count()


@pytest.mark.slow
def test_killed_workers_send_every_email_exactly_once(
    transactional_db: None, inbox: Inbox, settings: Any, tmp_path: Path, report_figure: Any
) -> None:
    # Given 500 emails queued in the database for real workers
    server = inbox
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    users = [User.objects.create_user(f"person{i}@example.org", full_name=f"Person {i}")
             for i in range(20)]  # fmt: skip
    ids = {str(notification_create(users[i % 20].pk, "registration_accepted", CONTEXT).pk)
           for i in range(EMAILS)}  # fmt: skip
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
           "ENDORSE_FAULT_DATABASE": database_for_children(),
           "ENDORSE_FAULT_SMTP_PORT": str(server.port)}  # fmt: skip
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    started = time.monotonic()
    workers = Workers(env, tmp_path / "workers.log")
    kills = mid_run = mid_task = revived = requeued_tasks = requeued_emails = 0
    try:
        # When a worker is killed at a random moment, again and again, while they drain
        while kills < KILLS and time.monotonic() - started < 120:
            victim = workers.busy(rng, until=time.monotonic() + 5)
            time.sleep(rng.uniform(0, 0.2))
            before = server.count()
            mid_task += workers.kill(victim)
            kills += 1
            mid_run += before < EMAILS
            recovered = recover()
            requeued_tasks += recovered["tasks of dead workers queued again"]
            requeued_emails += recovered["owed emails queued again"]
            revived += workers.revive()
        killed_by = time.monotonic() - started
        # and the clock's recovery runs whenever the draining stalls, until nothing is owed
        # (each run frees every claim not handed over, so running it while work goes on
        # would take the claims of attempts in progress, again and again)
        progress, stalled_since = handed(), time.monotonic()
        while progress < EMAILS and time.monotonic() - started < 170:
            time.sleep(0.25)
            if handed() > progress:
                progress, stalled_since = handed(), time.monotonic()
            elif time.monotonic() - stalled_since > 2:
                recovered = recover()
                requeued_tasks += recovered["tasks of dead workers queued again"]
                requeued_emails += recovered["owed emails queued again"]
                revived += workers.revive()
                stalled_since = time.monotonic()
        while server.count() < handed() and time.monotonic() - started < 180:
            time.sleep(0.1)  # the last answers of the server
    finally:
        workers.stop()
    # Then the server received every email exactly once
    received = Counter(server.received())
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    lost = len(ids - set(received))
    never_handed = Notification.objects.filter(emailed_at=None).count()
    unconfirmed = Notification.objects.exclude(emailed_at=None).exclude(email_claim="").count()
    report_figure(
        f"fault injection ({connection.vendor}, seed {seed}): {kills} SIGKILLs "
        f"({mid_run} while emails remained, {mid_task} holding a task), "
        f"{revived} workers died alone and restarted, "
        f"{requeued_tasks} tasks and {requeued_emails} emails queued again by the clock, "
        f"{server.count()} messages received for {EMAILS} emails: "
        f"{duplicates} duplicates, {lost} lost ({never_handed} never handed over), "
        f"{unconfirmed} handed over without the "
        f"server's answer recorded, in {time.monotonic() - started:.1f} s "
        f"(the kills took {killed_by:.1f} s)"
    )
    assert kills >= 10 and mid_run >= 10
    assert (duplicates, lost) == (0, 0)
    assert received == Counter(dict.fromkeys(ids, 1))
    assert handed() == EMAILS
