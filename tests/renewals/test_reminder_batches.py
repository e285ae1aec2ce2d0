"""The reminder pass at scale: one query finds who is owed, batches send, each once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.notifications.models import Notification
from endorse.renewals import reminders
from endorse.renewals.models import RenewalReminder
from endorse.renewals.reminders import renewal_reminders_send
from tests.applications.conftest import World
from tests.renewals.bulk import endorsees
from tests.renewals.conftest import travel

DUE = date(2026, 12, 31)


def pass_counted() -> tuple[int, int]:
    """Reminders sent by one pass, and its queries."""
    with CaptureQueriesContext(connection) as queries:
        sent = renewal_reminders_send(timezone.now())
    return sent, len(queries)


def reminded() -> list[tuple[int, str, int]]:
    rows = RenewalReminder.objects.values_list("person_id", "due_on", "offset")
    return sorted((person, due.isoformat(), offset) for person, due, offset in rows)


# Finding who is owed and which associations remind when: 2 queries; each batch: its
# savepoint, a look at the reminders already sent, the reminders, the notifications, a
# task per 50 emails, and the savepoint's release.
ONE_BATCH = 2 + 6


@pytest.mark.parametrize(("ct", "nm"), [(3, 2), (25, 15)])
def test_a_pass_over_5_or_40_endorsees_costs_the_same_queries(
    world: World, frozen: Any, settings: Any, ct: int, nm: int
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued
    people = [*endorsees(world.ct, ct, due_on=DUE), *endorsees(world.nm, nm, due_on=DUE)]
    travel(frozen, "2026-11-01")  # 60 days before: everyone's first reminder
    assert pass_counted() == (ct + nm, ONE_BATCH)
    assert reminded() == sorted((e.person_id, "2026-12-31", -60) for e in people)
    assert Notification.objects.filter(template="renewal_reminder").count() == ct + nm
    # And a second pass the same day sends nothing, in two queries
    assert pass_counted() == (0, 2)


def test_more_endorsees_than_a_batch_cost_queries_by_batch_not_by_person(
    world: World, frozen: Any, settings: Any, monkeypatch: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    endorsees(world.ct, 40, due_on=DUE)
    monkeypatch.setattr(reminders, "BATCH", 7)
    travel(frozen, "2026-11-01")
    assert pass_counted() == (40, 2 + 6 * 6)  # six batches of at most 7
    sent = Notification.objects.filter(template="renewal_reminder")
    assert RenewalReminder.objects.count() == sent.count() == 40


def test_each_person_gets_one_reminder_of_the_latest_day_reached(world: World, frozen: Any) -> None:
    ct = endorsees(world.ct, 3, due_on=DUE, renewed=1)
    nm = endorsees(world.nm, 2, due_on=date(2027, 1, 15))
    travel(frozen, "2026-12-10")  # CT: 30 days before passed (not 7); NM: 60 before passed
    assert renewal_reminders_send(timezone.now()) == 4  # not the one who renewed
    assert reminded() == sorted(
        [(e.person_id, "2026-12-31", -30) for e in ct[:2]]
        + [(e.person_id, "2027-01-15", -60) for e in nm]
    )
    sent = Notification.objects.filter(template="renewal_reminder").order_by("user_id")
    assert next((n.user_id, n.context) for n in sent) == (
        ct[0].person_id,
        {"association": "CT Assoc", "due": "2026-12-31", "late_until": "2027-01-31",
         "late": False, "url": "https://endorse.example.org/ct/renewal/"},
    )  # fmt: skip


def test_a_batch_another_clock_sent_meanwhile_is_read_again_and_sends_nothing(
    world: World, frozen: Any, monkeypatch: Any
) -> None:
    endorsees(world.ct, 4, due_on=DUE)
    travel(frozen, "2026-11-01")
    now = timezone.now()
    owed = reminders._owed(reminders.calendars(now))
    # Another clock sends two of them between this clock's read and its insert
    assert reminders._remind_batch(owed[:2], reminders.calendars(now), now) == 2
    # and the first look at the batch misses them, as a transaction begun before theirs
    # committed would: the insert fails on the unique row, and the batch is read again
    real, looks = reminders._claimed, []

    def late_look(batch: list[Any]) -> set[Any]:
        looks.append(len(batch))
        return set() if len(looks) == 1 else real(batch)

    monkeypatch.setattr(reminders, "_claimed", late_look)
    assert reminders._remind_batch(owed, reminders.calendars(now), now) == 2
    assert looks == [4, 4]
    assert len(reminded()) == 4
    assert Notification.objects.filter(template="renewal_reminder").count() == 4
