"""The clock's renewal reminders, for every association at once.

Who is owed a reminder is one query across all associations: each association's
reminder days (by default 60, 30 and 7 days before the due date and the day after it)
become ranges of due dates in its own calendar, and the query leaves out the reminders
already sent and the renewals already made. The reminders found are then sent in
batches, each in one short transaction that inserts the batch's ``RenewalReminder`` rows
and their notifications together: the unique row is the claim, so two clocks (or a
restarted one) never send a reminder twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, reduce
from itertools import islice
from operator import or_
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from endorse.associations.models import Association
from endorse.core.urls import site_url
from endorse.eligibility.renewal import RenewalPolicy, period_ending_on
from endorse.endorsements.models import Endorsement
from endorse.notifications.services import notifications_create
from endorse.renewals.models import Renewal, RenewalReminder, RenewalSettings
from endorse.renewals.selectors import policy_from

logger = logging.getLogger(__name__)

BATCH = 500  # reminders per transaction: short enough not to hold the writers up
ATTEMPTS = 5  # a batch another clock is inserting at the same moment is read again

WAITING = (Renewal.Status.SUBMITTED, Renewal.Status.AUDIT)
DONE = (*WAITING, Renewal.Status.APPROVED)


@dataclass(frozen=True)
class Calendar:
    """An association as the clock sees it at one moment: its day, its renewal rules."""

    association: Association
    today: date
    settings: RenewalSettings

    @cached_property
    def policy(self) -> RenewalPolicy:
        return policy_from(self.association, self.settings)

    @cached_property
    def renewal_url(self) -> str:
        return site_url("renewals:renewal", slug=self.association.slug)


def calendars(now: datetime) -> dict[int, Calendar]:
    """Every association with its renewal settings (the defaults without a row), by id:
    one query."""
    found: dict[int, Calendar] = {}
    for association in Association.objects.select_related("renewal_settings").order_by("pk"):
        try:
            settings_row = association.renewal_settings
        except RenewalSettings.DoesNotExist:
            settings_row = RenewalSettings(association=association)
        found[association.pk] = Calendar(association, association.local_date(now), settings_row)
    return found


def on_each_day(found: dict[int, Calendar], field: str) -> Q:
    """``field`` before each association's own today (associations grouped by their day)."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for pk, calendar in found.items():
        by_day[calendar.today].append(pk)
    return reduce(
        or_, (Q(association_id__in=pks, **{f"{field}__lt": day}) for day, pks in by_day.items())
    )


@dataclass(frozen=True)
class Owed:
    association_id: int
    person_id: int
    due_on: date
    offset: int


def renewal_reminders_send(now: datetime) -> int:
    """Remind everyone whose renewal is due of it, on each of the association's reminder
    days; how many were sent. A clock stopped for a while sends only the latest reminder
    it missed. A tick with nothing to send costs two queries, whatever the number of
    associations and endorsees."""
    found = calendars(now)
    sent = 0
    for batch in _batched(_owed(found), BATCH):
        sent += _remind_batch(batch, found, now)
    return sent


def _offset_ranges(calendar: Calendar) -> Iterator[tuple[int, date, date]]:
    """``(offset, first, last)``: the due dates for which ``offset`` is the latest reminder
    day reached today. Past the last offset nothing is sent (the window of the old loop)."""
    offsets = calendar.settings.reminder_offsets
    for index, offset in enumerate(offsets):
        last = calendar.today - timedelta(days=offset)
        later = offsets[index + 1] if index + 1 < len(offsets) else offset
        first = calendar.today - timedelta(days=later) + timedelta(days=1 if later != offset else 0)
        yield offset, first, last


def _owed(found: dict[int, Calendar]) -> list[Owed]:
    """One query: each active endorsee's (person, due date, offset) owed a reminder today."""
    # Associations with the same day and the same reminder days share their ranges.
    groups: dict[tuple[date, tuple[int, ...]], list[int]] = defaultdict(list)
    for pk, calendar in found.items():
        if calendar.settings.reminder_offsets:
            groups[(calendar.today, tuple(calendar.settings.reminder_offsets))].append(pk)
    whens = [
        When(association_id__in=pks, next_due_on__range=(first, last), then=Value(offset))
        for pks in groups.values()
        for offset, first, last in _offset_ranges(found[pks[0]])
    ]
    if not whens:
        return []
    reminded = RenewalReminder.objects.filter(
        association_id=OuterRef("association_id"), person_id=OuterRef("person_id"),
        due_on=OuterRef("next_due_on"), offset=OuterRef("reminder_offset"),
    )  # fmt: skip
    renewed = Renewal.objects.filter(
        association_id=OuterRef("association_id"), person_id=OuterRef("person_id"),
        kind=Renewal.Kind.RENEWAL, due_on=OuterRef("next_due_on"), status__in=DONE,
    )  # fmt: skip
    rows = (
        Endorsement.objects.filter(reduce(or_, (when.condition for when in whens)))
        .filter(status=Endorsement.Status.ACTIVE)
        .annotate(reminder_offset=Case(*whens, output_field=IntegerField()))
        .filter(~Exists(reminded), ~Exists(renewed))
        .values_list("association_id", "person_id", "next_due_on", "reminder_offset")
        .distinct()
        .order_by("association_id", "person_id", "next_due_on")
    )
    return [Owed(pk, person, due, offset) for pk, person, due, offset in rows if due is not None]


def _batched(items: Iterable[Owed], size: int) -> Iterator[list[Owed]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _remind_batch(batch: list[Owed], found: dict[int, Calendar], now: datetime) -> int:
    """Claim and send one batch in one transaction; another clock inserting the same rows
    at the same moment makes the insert fail, and the batch is read again without them."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return _claim_and_notify(batch, found, now)
        except IntegrityError:  # another clock claimed some of them first
            logger.info("Renewal reminders: another clock sent some; again (%s).", attempt + 1)
    raise RuntimeError("Renewal reminders: the batch kept conflicting with another clock.")


def _claim_and_notify(batch: list[Owed], found: dict[int, Calendar], now: datetime) -> int:
    claimed = _claimed(batch)  # inside the transaction: SQLite's is a single writer's
    fresh = [owed for owed in batch if _key(owed) not in claimed]
    RenewalReminder.objects.bulk_create(
        RenewalReminder(association_id=owed.association_id, person_id=owed.person_id,
                        due_on=owed.due_on, offset=owed.offset, sent_at=now)
        for owed in fresh
    )  # fmt: skip
    notifications_create(rows=[_notice(owed, found[owed.association_id]) for owed in fresh])
    return len(fresh)


def _key(owed: Owed) -> tuple[int, int, date, int]:
    return (owed.association_id, owed.person_id, owed.due_on, owed.offset)


def _claimed(batch: list[Owed]) -> set[tuple[int, int, date, int]]:
    """Of the batch, the reminders already sent (by another clock since it was read)."""
    rows = RenewalReminder.objects.filter(
        association_id__in={owed.association_id for owed in batch},
        person_id__in={owed.person_id for owed in batch},
        due_on__in={owed.due_on for owed in batch},
    ).values_list("association_id", "person_id", "due_on", "offset")
    return set(rows)


def _notice(owed: Owed, calendar: Calendar) -> tuple[int, str, dict[str, Any]]:
    association = calendar.association
    late_until = period_ending_on(calendar.policy, owed.due_on).late_until
    return (
        owed.person_id,
        "renewal_reminder",
        {
            "association": association.name,
            "due": owed.due_on.isoformat(),
            "late_until": late_until.isoformat(),
            "late": owed.offset > 0,
            "url": calendar.renewal_url,
        },
    )
