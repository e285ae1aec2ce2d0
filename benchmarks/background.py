"""Benchmark of the background at the Alliance's scale: reminders, the idle clock, emails.

Builds a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) through
Django's test-database machinery, with the task queue in the database as in production
(the clock only queues emails; a worker sends them), and measures three figures:

1. **The renewal reminder pass**: ``--count`` endorsees spread over ``--associations``
   associations, all due on 31 December 2026 and not renewed (plus a fifth as many who
   have sent their renewal, so they are owed nothing), and the clock's reminder pass on
   1 November (60 days before: a reminder for each of them). Target: under 10 s for
   5,000. The same pass again must send nothing.
2. **The idle clock tick**: once everything due is done, a whole ``tick()`` of the clock
   (owed work, ratings, late reviews, exam parts, renewal reminders, lapses), counted in
   queries; then as many associations again are added and it is counted again. Target:
   the same count both times (a constant, whatever the number of associations).
3. **Emails per second**: ``--emails`` notifications made one by one (each queues its
   own task, as ``notify()`` does), then one real worker process (``endorse worker
   --batch``) sends them to an aiosmtpd server on the loopback interface; then as many
   made at once, as the clock's reminders are (a task per 50). The rate is counted from
   the server's first message to its last; the time until the queue is empty (with the
   worker's start-up, about 4 s) is printed beside it. Target: at least 50 emails/s.
   The server must receive each exactly once.

Run from the project root::

    .venv/bin/python benchmarks/background.py [--count 5000] [--associations 35] [--emails 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/background.py

On PostgreSQL the database is ``test_background_<pid>``, made and dropped by the run.
The exit status is 0 when every figure passes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)
from django.utils import timezone  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DUE = date(2026, 12, 31)
REMINDER_TARGET_S = 10.0
EMAIL_TARGET_PER_S = 50.0
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
CONTEXT = {"association": "CT Assoc", "url": "https://x/", "days": 3}


def associations_add(first: int, count: int) -> list[Any]:
    """``count`` associations numbered from ``first``, in the four zones of the mainland."""
    from endorse.associations.models import Association
    from endorse.standards.models import Category, Offering

    made = Association.objects.bulk_create(
        Association(slug=f"a{n:03d}", name=f"Association {n}", time_zone=ZONES[n % len(ZONES)])
        for n in range(first, first + count)
    )
    made = list(Association.objects.filter(slug__in=[a.slug for a in made]).order_by("slug"))
    categories = list(Category.objects.all())
    Offering.objects.bulk_create(
        Offering(association=a, category=c) for a in made for c in categories
    )
    return made


def endorsees_add(associations: list[Any], count: int, renewed: int) -> None:
    """``count`` endorsees due on DUE spread over ``associations``; the last ``renewed`` of
    them have sent their renewal."""
    from endorse.accounts.models import User
    from endorse.applications.models import Application, Registration
    from endorse.endorsements.models import Endorsement
    from endorse.renewals.models import Renewal
    from endorse.standards.models import Category

    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    first = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"p{first + i}@bench.example", full_name=f"Person {first + i:05d}",
             password="!")  # noqa: S106 (unusable)
        for i in range(count)
    )  # fmt: skip
    where = [associations[i % len(associations)] for i in range(count)]
    registrations = Registration.objects.bulk_create(
        Registration(association=a, applicant=u, category=category, status="accepted",
                     work_summary="-", education_summary="-", rsc_summary="-",
                     membership_expires_on=date(2027, 6, 1), submitted_at=now)
        for u, a in zip(users, where, strict=True)
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(association=a, applicant=u, registration=r, category=category,
                    status="approved", opened_at=now)
        for u, r, a in zip(users, registrations, where, strict=True)
    )  # fmt: skip
    endorsements = Endorsement.objects.bulk_create(
        Endorsement(association=a, person=u, category=category, application=ap,
                    number=f"{a.slug.upper()}-2020-{first + i:05d}", issued_on=date(2020, 5, 1),
                    status_index=first + i, next_due_on=DUE, name_key=u.full_name.lower())
        for i, (u, ap, a) in enumerate(zip(users, applications, where, strict=True))
    )  # fmt: skip
    done = endorsements[count - renewed :]
    sent = Renewal.objects.bulk_create(
        Renewal(association_id=e.association_id, person_id=e.person_id, due_on=DUE,
                period_starts=date(2026, 1, 1), status="submitted", opened_at=now,
                submitted_at=now)
        for e in done
    )  # fmt: skip
    Renewal.endorsements.through.objects.bulk_create(
        Renewal.endorsements.through(renewal_id=r.pk, endorsement_id=e.pk)
        for r, e in zip(sent, done, strict=True)
    )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counted(run: Callable[[], Any]) -> tuple[Any, float, int]:
    """What ``run`` returns, its seconds and its queries."""
    import warnings

    warnings.filterwarnings("ignore", message="Limit for query logging exceeded")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run()
        took = time.perf_counter() - started
    return result, took, len(queries)


def shown(queries: int) -> str:
    return f"{queries:>6}" if queries < 9000 else " >9000"  # Django keeps the last 9,000


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def reminder_pass(args: argparse.Namespace, associations: list[Any]) -> bool:
    from endorse.notifications.models import Notification
    from endorse.renewals.models import RenewalReminder
    from endorse.renewals.services import renewal_reminders_send

    renewed = args.count // 5
    endorsees_add(associations, args.count + renewed, renewed)
    analyze()
    print(f"1. renewal reminders: {args.count:,} endorsees owed one, {renewed:,} renewed, "
          f"over {len(associations)} associations")  # fmt: skip
    sent, took, queries = counted(lambda: renewal_reminders_send(timezone.now()))
    made = RenewalReminder.objects.count()
    notes = Notification.objects.filter(template="renewal_reminder").count()
    ok = sent == made == notes == args.count and took < REMINDER_TARGET_S
    print(f"   reminder pass           {sent:>6} sent  {took:8.2f} s  {shown(queries)} queries  "
          f"({made} reminders, {notes} notifications)  "
          f"{verdict(ok)} (under {REMINDER_TARGET_S:.0f} s, one each)")  # fmt: skip
    again, took, queries = counted(lambda: renewal_reminders_send(timezone.now()))
    ok_again = again == 0
    print(f"   the same pass again     {again:>6} sent  {took:8.2f} s  {shown(queries)} queries  "
          f"{verdict(ok_again)} (nothing sent)")  # fmt: skip
    return ok and ok_again


def idle_tick(args: argparse.Namespace, associations: list[Any]) -> bool:
    from endorse.core.management.commands.clock import tick

    tick()  # whatever else falls due today
    _, took, before = counted(tick)
    print(f"2. idle clock tick at {len(associations)} associations: {before} queries, "
          f"{took * 1000:.1f} ms")  # fmt: skip
    more = associations_add(len(associations), len(associations))
    endorsees_add(more, len(more) * 3, len(more))  # some due, some renewed, all reminded
    tick()
    analyze()
    _, took, after = counted(tick)
    total = len(associations) + len(more)
    ok = before == after
    print(f"   idle clock tick at {total} associations: {after} queries, {took * 1000:.1f} ms  "
          f"{verdict(ok)} (the same count)")  # fmt: skip
    return ok


class Inbox:
    """The loopback server's handler: what it took, and when."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[str] = []
        self.times: list[float] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import email

        message = email.message_from_bytes(envelope.original_content)
        with self.lock:
            self.ids.append(str(message["X-Endorse-Notification"]))
            self.times.append(time.monotonic())
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.ids)


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    import logging

    from aiosmtpd.controller import Controller

    from tests.loopback_smtp import free_port

    inbox, port = Inbox(), free_port()
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def database_for_children() -> str:
    wanted = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    database = {key: connection.settings_dict[key] for key in wanted}
    database["NAME"] = str(database["NAME"])
    return json.dumps(database)


def email_rate(args: argparse.Namespace) -> bool:
    from django_tasks_db.models import DBTaskResult

    from endorse.accounts.models import User
    from endorse.notifications.models import Notification
    from endorse.notifications.services import notification_create

    # What the first two parts queued is not this part's to send.
    DBTaskResult.objects.all().delete()
    Notification.objects.update(emailed_at=timezone.now())
    if User.objects.count() < 50:
        User.objects.bulk_create(
            User(email=f"e{i}@bench.example", full_name=f"Email {i}", password="!")  # noqa: S106
            for i in range(50)
        )
    people = [user.pk for user in User.objects.order_by("pk")[:50]]
    print(f"3. emails: {args.emails:,} notifications each time, one worker, loopback SMTP")
    with override_settings(TASKS=QUEUE):
        ids = {str(notification_create(people[i % 50], "registration_accepted", CONTEXT).pk)
               for i in range(args.emails)}  # fmt: skip
    ok = drained("one by one (notify: a task each)", ids, args)
    try:
        from endorse.notifications.services import notifications_create
    except ImportError:  # the version before batches
        return ok
    with override_settings(TASKS=QUEUE):
        made = notifications_create(
            rows=[(people[i % 50], "registration_accepted", CONTEXT) for i in range(args.emails)]
        )
    return drained("at once (the clock's reminders)", {str(n.pk) for n in made}, args) and ok


def drained(label: str, ids: set[str], args: argparse.Namespace) -> bool:
    """One worker sends what is queued; whether each email arrived once, fast enough."""
    # Our connection stays open, as the clock's does in production: on SQLite the worker's
    # closing its own after each task then doesn't checkpoint the whole log each time.
    with smtp_server() as (inbox, port):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
               "ENDORSE_FAULT_DATABASE": database_for_children(),
               "ENDORSE_FAULT_SMTP_PORT": str(port)}  # fmt: skip
        started = time.monotonic()
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.05",
             "--no-startup-delay", "--verbosity", "0", "--batch"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            worker.wait(timeout=args.email_timeout)  # --batch: it stops once the queue is empty
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
        wall = time.monotonic() - started
    received = Counter(inbox.ids)
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    lost = len(ids - set(received))
    times = inbox.times
    span = times[-1] - times[0] if len(times) > 1 else float("inf")
    rate = (len(times) - 1) / span if len(times) > 1 else 0.0
    ok = rate >= EMAIL_TARGET_PER_S and duplicates == 0 and lost == 0
    print(f"   {label:<36} {len(times):,} received, {duplicates} duplicates, {lost} lost; "
          f"{rate:6.1f} emails/s from the first to the last; the queue empty after "
          f"{wall:.1f} s with the worker's start-up  "
          f"{verdict(ok)} (at least {EMAIL_TARGET_PER_S:.0f}/s, each once)")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="endorsees owed a reminder")
    parser.add_argument("--associations", type=int, default=35)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--email-timeout", type=float, default=300.0)
    parser.add_argument("--skip", default="", help="parts to skip: 1, 2, 3 (e.g. 12)")
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "postgresql":  # never the suite's test_test of someone else
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_background_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        from endorse.standards.services import baseline_sync

        baseline_sync()
        # A clock that has ticked once has read the URLs (emails link to pages): not timed.
        from django.urls import reverse

        reverse("me")
        associations = associations_add(0, args.associations)
        print(f"database: {connection.vendor}")
        with (
            override_settings(TASKS=QUEUE),
            time_machine.travel("2026-11-01 17:00:00+00:00", tick=True),
        ):
            if "1" not in args.skip:
                ok &= reminder_pass(args, associations)
            if "2" not in args.skip:
                ok &= idle_tick(args, associations)
        if "3" not in args.skip:
            ok &= email_rate(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
