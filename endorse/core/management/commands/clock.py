"""The clock: what falls due with time (reminders), checked every few minutes.

It also finishes work a crash left owed: tasks a dead worker left RUNNING go back in
the queue, then emails not handed to the mail server are queued again.

Every check is safe to run twice at once, so a second clock, a restart, or a cron
job running ``endorse clock --once`` never sends anything twice. The emails it
decides on are queued for the worker (``db_worker``), which sends them.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


def tick() -> dict[str, int]:
    # The domain apps own their rules of timing; the clock only asks them.
    from endorse.exams.services import overdue_parts_close
    from endorse.ratings.services import reminders_send_due
    from endorse.renewals.reminders import renewal_reminders_send
    from endorse.renewals.services import endorsements_lapse
    from endorse.reviews.assigning import late_reviews_remind

    now = timezone.now()
    return {
        **owed_work_requeue(now=now),
        "rating reminders queued": reminders_send_due(now),
        "late review reminders queued": late_reviews_remind(now),
        "exam parts handed in at their deadline": overdue_parts_close(now),
        "renewal reminders queued": renewal_reminders_send(now),
        "endorsements lapsed": endorsements_lapse(now),
    }


def owed_work_requeue(*, now: datetime) -> dict[str, int]:
    """In this order: a task put back is pending, so its email is not queued twice."""
    from endorse.core.task_recovery import tasks_abandoned_requeue
    from endorse.notifications.services import notifications_owed_requeue
    from endorse.ratings.delivery import rater_emails_owed_requeue

    return {
        "tasks of dead workers queued again": tasks_abandoned_requeue(now=now),
        "owed emails queued again": notifications_owed_requeue(now=now),
        "owed emails to raters queued again": rater_emails_owed_requeue(now=now),
    }


class Command(BaseCommand):
    help = (
        "Do what falls due with time (reminders, exam parts past their deadline, lapses). "
        "Runs until stopped, or once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit (cron).")
        parser.add_argument("--every", type=int, default=300, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for what, count in tick().items():
                if count:
                    self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M} {what}: {count}")
            if options["once"]:
                return
            time.sleep(options["every"])
