"""The coordinator's renewals page: who is due, late, waiting, audited or lapsed, each
list counted and sliced in SQL, one page of it at a time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, Min, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.core.paging import Paged, Pager
from endorse.eligibility.renewal import MonthDay, RenewalPolicy
from endorse.endorsements.models import Endorsement
from endorse.renewals.models import Renewal
from endorse.renewals.selectors import renewal_policy

PAGE = 25  # rows of each list on one page
LISTS = ("submitted", "audit", "due", "late", "lapsed")
WAITING = (Renewal.Status.SUBMITTED, Renewal.Status.AUDIT)


@dataclass(frozen=True)
class DueRow:
    """A person with endorsements due and no renewal sent yet."""

    person: User
    due_on: date
    endorsements: list[Endorsement]
    renewal: Renewal | None  # started, not sent


@dataclass(frozen=True)
class RenewalsOverview:
    due: Paged[DueRow]  # window open, due date not passed
    late: Paged[DueRow]  # in the late period
    submitted: Paged[Renewal]
    audit: Paged[Renewal]
    lapsed: Paged[Endorsement]


def _first_after(day: date, when: MonthDay) -> date:
    this_year = when.in_year(day.year)
    return this_year if this_year > day else when.in_year(day.year + 1)


def _last_before(day: date, when: MonthDay) -> date:
    this_year = when.in_year(day.year)
    return this_year if this_year < day else when.in_year(day.year - 1)


def open_due_dates(policy: RenewalPolicy, today: date) -> tuple[date, date]:
    """The due dates whose renewal window is open on ``today``, as ``[first, last]``.

    A period due on ``d`` opens on the last window day on or before ``d`` and ends on
    the first late-period end after ``d`` (``period_ending_on``); both move forward with
    ``d``, so the open ones form one range: due before the next window day after today
    (no window has opened since), and not before the last late-period end before today
    (no late period has closed since)."""
    return _last_before(today, policy.late_until), _first_after(today, policy.window_opens) - (
        timedelta(days=1)
    )


def renewals_overview(
    *, association: Association, today: date, asked: str = "", page: int = 1
) -> RenewalsOverview:
    """What the coordinator follows, each list counted and one page of it fetched in SQL
    (the list ``asked`` at its page ``page``, the others at their first): a fixed number
    of queries, whatever the numbers."""
    first, last = open_due_dates(renewal_policy(association=association), today)
    pending = _waiting(association)

    def pager(key: str, rows: QuerySet[Any]) -> Pager:
        number = page if key == asked else 1
        return Pager.of(param="list", key=key, size=PAGE, total=rows.count(), asked=number)

    due_pairs = _due_pairs(association, first=today, last=last)
    late_pairs = _due_pairs(association, first=first, last=today - timedelta(days=1))
    lapsed = Endorsement.objects.filter(association=association, status=Endorsement.Status.LAPSED)
    pagers = {
        "submitted": pager("submitted", pending.filter(status=Renewal.Status.SUBMITTED)),
        "audit": pager("audit", pending.filter(status=Renewal.Status.AUDIT)),
        "due": pager("due", due_pairs),
        "late": pager("late", late_pairs),
        "lapsed": pager("lapsed", lapsed),
    }
    due, late = _due_rows(
        association, _sliced(due_pairs, pagers["due"]), _sliced(late_pairs, pagers["late"])
    )
    return RenewalsOverview(
        due=Paged(due, pagers["due"]),
        late=Paged(late, pagers["late"]),
        submitted=_renewals_page(pending, Renewal.Status.SUBMITTED, pagers["submitted"]),
        audit=_renewals_page(pending, Renewal.Status.AUDIT, pagers["audit"]),
        lapsed=Paged(
            list(_sliced(lapsed.select_related("person", "category").order_by("name_key", "pk"),
                         pagers["lapsed"])),
            pagers["lapsed"],
        ),
    )  # fmt: skip


def _sliced(rows: QuerySet[Any], pager: Pager) -> QuerySet[Any]:
    return rows[pager.offset : pager.end]


def _waiting(association: Association) -> QuerySet[Renewal]:
    return Renewal.objects.filter(association=association, status__in=WAITING)


def _renewals_page(pending: QuerySet[Renewal], status: str, pager: Pager) -> Paged[Renewal]:
    rows = (
        pending.filter(status=status)
        .select_related("person")
        .prefetch_related("charges")
        .order_by(Coalesce("submitted_at", "opened_at"), "pk")
    )
    return Paged(list(_sliced(rows, pager)), pager)


def _due_pairs(association: Association, *, first: date, last: date) -> QuerySet[Any]:
    """(person, due date) of active endorsements due between ``first`` and ``last`` whose
    renewal is not sent, in the order of the due date then the name."""
    sent = _waiting(association).filter(person=OuterRef("person"), due_on=OuterRef("next_due_on"))
    return (
        Endorsement.objects.filter(
            association=association,
            status=Endorsement.Status.ACTIVE,
            next_due_on__gte=first,
            next_due_on__lte=last,
        )
        .filter(~Exists(sent))
        .values("person_id", "next_due_on")
        .annotate(name=Min("name_key"))
        .order_by("next_due_on", "name", "person_id")
    )


def _due_rows(association: Association, *pages: QuerySet[Any]) -> tuple[list[DueRow], list[DueRow]]:
    """Each page's (person, due date) pairs as rows, with their endorsements and the
    renewal started (not sent): two queries for all the pages."""
    pairs = [[(row["person_id"], row["next_due_on"]) for row in rows] for rows in pages]
    wanted = {pair for listed in pairs for pair in listed}
    if not wanted:
        return [], []
    people, days = {pair[0] for pair in wanted}, {pair[1] for pair in wanted}
    held: dict[tuple[int, date], list[Endorsement]] = defaultdict(list)
    for endorsement in (
        Endorsement.objects.filter(association=association, status=Endorsement.Status.ACTIVE,
                                   person_id__in=people, next_due_on__in=days)
        .select_related("person", "category")
        .order_by("pk")
    ):  # fmt: skip
        held[(endorsement.person_id, endorsement.next_due_on)].append(endorsement)  # type: ignore[index]
    started = {
        (row.person_id, row.due_on): row
        for row in Renewal.objects.filter(association=association, person_id__in=people,
                                          due_on__in=days)
        .exclude(status=Renewal.Status.APPROVED)
        .order_by("pk")
    }  # fmt: skip
    due, late = (
        [DueRow(held[pair][0].person, pair[1], held[pair], started.get(pair))
         for pair in listed if held.get(pair)]
        for listed in pairs
    )  # fmt: skip
    return due, late
