"""The renewal calendar: when an endorsement is due, how much of a period counts, audits.

Plain Python, fed with an association's :class:`RenewalPolicy` and explicit dates.
Two models are in use:

- ``yearly``: one period per calendar year (by default due 31 December, window
  opening 1 October, late until 31 January), with no renewal due in the calendar
  year the application was submitted;
- ``three_year``: fixed cycles ending in ``cycle_year`` and every three years from
  it (window 1 October to 31 December of the cycle year), with requirements
  pro-rated by whole years endorsed for people endorsed during a cycle.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from math import gcd
from typing import Annotated, Final, Literal

import msgspec

from endorse.eligibility.spans import add_months, days_in_month, whole_months_between

Model = Literal["yearly", "three_year"]
Month = Annotated[int, msgspec.Meta(ge=1, le=12)]
Day = Annotated[int, msgspec.Meta(ge=1, le=31)]
CYCLE_YEARS: Final[dict[str, int]] = {"yearly": 1, "three_year": 3}
MODEL_OF_YEARS: Final[dict[int, str]] = {years: model for model, years in CYCLE_YEARS.items()}


class MonthDay(msgspec.Struct, frozen=True, array_like=True):
    """A day of the year, such as 31 December; 29 February falls on the 28th in other years."""

    month: Month
    day: Day

    def __post_init__(self) -> None:
        if self.day > days_in_month(2000, self.month):  # 2000: a leap year
            raise ValueError(f"{self.month:02d}-{self.day:02d} is not a day of the year")

    def in_year(self, year: int) -> date:
        return date(year, self.month, min(self.day, days_in_month(year, self.month)))


class RenewalPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """An association's renewal settings (the defaults are the usual ones)."""

    model: Model = "yearly"
    due: MonthDay = MonthDay(12, 31)
    window_opens: MonthDay = MonthDay(10, 1)
    # The last day of the late period: the first such day after the due date.
    late_until: MonthDay = MonthDay(1, 31)
    # One year in which a three-year cycle ends; cycles end every three years from it.
    cycle_year: int = 2024

    @property
    def years(self) -> int:
        return CYCLE_YEARS[self.model]


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """One renewal period: the days whose hours count, and its dates."""

    starts: date  # the first day whose hours count (the day after the previous due date)
    due: date  # the last day to renew on time
    opens: date  # the first day renewals may be submitted
    late_until: date  # the last day of the late period; the endorsement lapses after it
    years: int

    def is_open(self, day: date) -> bool:
        """Whether a renewal may be submitted on ``day`` (on time or late)."""
        return self.opens <= day <= self.late_until

    def is_late(self, day: date) -> bool:
        return self.due < day <= self.late_until

    def has_lapsed(self, day: date) -> bool:
        return day > self.late_until


def _is_due_year(policy: RenewalPolicy, year: int) -> bool:
    return (year - policy.cycle_year) % policy.years == 0


def period_due_in(policy: RenewalPolicy, year: int) -> Period:
    """The period whose due date falls in ``year`` (a cycle year, for the three-year model)."""
    if not _is_due_year(policy, year):
        raise ValueError(f"no renewal falls due in {year} under this policy")
    return period_ending_on(policy, policy.due.in_year(year))


def period_ending_on(policy: RenewalPolicy, due: date) -> Period:
    """The period due on ``due``, with the policy's window and late period around it.

    A due date recorded before the association changed its calendar keeps its period:
    the new settings apply from the next one.
    """
    opens = policy.window_opens.in_year(due.year)
    if opens > due:  # e.g. a window opening in November for a due date in March
        opens = policy.window_opens.in_year(due.year - 1)
    late_until = policy.late_until.in_year(due.year)
    if late_until <= due:
        late_until = policy.late_until.in_year(due.year + 1)
    previous_due = MonthDay(due.month, due.day).in_year(due.year - policy.years)
    return Period(
        starts=previous_due + timedelta(days=1),
        due=due,
        opens=opens,
        late_until=late_until,
        years=policy.years,
    )


def period_due_on_or_after(policy: RenewalPolicy, day: date) -> Period:
    """The first period whose due date is ``day`` or later."""
    year = day.year
    while not _is_due_year(policy, year) or policy.due.in_year(year) < day:
        year += 1
    return period_due_in(policy, year)


def next_period(policy: RenewalPolicy, period: Period) -> Period:
    return period_due_on_or_after(policy, period.due + timedelta(days=1))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February falls on the 28th in other years)."""
    return add_months(day, 12 * years)


def whole_years(first: date, last: date) -> int:
    return whole_months_between(first, last) // 12


def first_period(policy: RenewalPolicy, *, submitted_on: date, endorsed_on: date) -> Period:
    """The first period a new endorsement must be renewed for.

    Yearly: none in the calendar year the application was submitted. Three-year: the first
    cycle by whose due date the person has been endorsed at least one whole year (a
    shorter stay in a cycle owes nothing for it).
    """
    if policy.model == "yearly":
        return period_due_on_or_after(policy, max(endorsed_on, date(submitted_on.year + 1, 1, 1)))
    period = period_due_on_or_after(policy, endorsed_on)
    while years_by_end(endorsed_on, period) < 1:
        period = next_period(policy, period)
    return period


def years_by_end(since: date, period: Period) -> int:
    """Whole years from ``since`` to the end of the period's due date (its last day counts)."""
    return whole_years(since, period.due + timedelta(days=1))


class Share(msgspec.Struct, frozen=True, kw_only=True):
    """The part of a period's requirements that is due: ``years`` of ``of``."""

    years: int
    of: int

    @property
    def whole(self) -> bool:
        return self.years >= self.of

    def of_hundredths(self, need: int) -> int:
        """``need`` (in hundredths) pro-rated, rounded up to the next hundredth."""
        return -(-need * self.years // self.of)


def share_due(period: Period, *, endorsed_on: date) -> Share:
    """Pro-rating of a multi-year cycle: whole years from when the person was endorsed (or
    from the period's first day, if later: a period that starts mid-cycle after a move or
    a change of model) to the end of the due date, out of the cycle's years. A yearly
    period is always owed whole."""
    if period.years == 1:
        return Share(years=1, of=1)
    counted = years_by_end(max(endorsed_on, period.starts), period)
    return Share(years=min(counted, period.years), of=period.years)


def audit_selected(seed: str, period_key: str, ordinal: int, percent: int) -> bool:
    """Whether the ``ordinal``-th renewal (0-based) submitted for a period is audited.

    Renewals are taken in blocks (10 for 10%, 20 for 15%, 100 for 7%) and in each block
    exactly the percentage is picked at random from ``seed``, so the share audited is the
    setting within one block at any moment, and nobody can tell in advance who is picked.
    The same seed picks the same renewals again (tests, and explaining a pick afterwards).
    """
    if percent <= 0:
        return False
    if percent >= 100:
        return True
    common = gcd(percent, 100)
    block_size, picks = 100 // common, percent // common
    block, position = divmod(ordinal, block_size)
    # Each position's rank is a keyed hash: unpredictable without the seed, and stable.
    ranked = sorted(
        range(block_size),
        key=lambda place: hmac.new(
            seed.encode(), f"{period_key}:{block}:{place}".encode(), hashlib.sha256
        ).digest(),
    )
    return position in ranked[:picks]
