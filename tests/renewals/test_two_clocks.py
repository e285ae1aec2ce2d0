"""Two clocks (worker processes) at the same moment over the same due reminders."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from endorse.notifications.models import Notification
from endorse.renewals.models import RenewalReminder
from endorse.renewals.services import renewal_reminders_send
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed, travel

PEOPLE = 12


@pytest.mark.django_db(transaction=True)
def test_two_clocks_at_once_send_each_reminder_exactly_once(world: World, frozen: Any) -> None:
    people = [endorsed(world, f"Person {n}").person for n in range(PEOPLE)]
    travel(frozen, "2026-11-01")  # 60 days before the due date: everyone's first reminder
    now = timezone.now()
    start = threading.Barrier(2)
    counts: list[int] = []
    failures: list[BaseException] = []

    def clock() -> None:
        try:
            start.wait()  # both clocks begin together, over the same rows
            counts.append(renewal_reminders_send(now))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(counts, reverse=True)[0] >= 1 and sum(counts) == PEOPLE
    assert RenewalReminder.objects.count() == PEOPLE
    sent = Notification.objects.filter(template="renewal_reminder")
    assert sorted(sent.values_list("user_id", flat=True)) == sorted(p.pk for p in people)
    # And a third clock afterwards finds nothing left to send.
    assert renewal_reminders_send(now) == 0
