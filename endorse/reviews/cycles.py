"""Review cycles: an association may collect applications up to set deadlines each year
(e.g. 15 March, 15 June, 15 September, 15 December) and review them together.

An application belongs to the cycle of the first deadline on or after the day it was
submitted (the deadline day itself still counts), in the association's calendar; its
review starts the day after that deadline. Plain Python: no Django here.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

MonthDay = tuple[int, int]


def valid_month_day(month: int, day: int) -> bool:
    """A day every year has (29 February is not one)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2023, month)[1]


def cycle_closing(deadlines: Iterable[MonthDay], submitted_on: date) -> date | None:
    """The deadline of the cycle a submission on ``submitted_on`` joins; None without deadlines."""
    days = sorted(
        date(year, month, day)
        for year in (submitted_on.year, submitted_on.year + 1)
        for month, day in deadlines
    )
    return next((day for day in days if day >= submitted_on), None)


def review_may_start(closing: date | None, today: date) -> bool:
    """Whether the review of a submission in the cycle closing ``closing`` may begin."""
    return closing is None or today > closing


def upcoming_closings(deadlines: Iterable[MonthDay], today: date, count: int) -> list[date]:
    """The next ``count`` deadlines from ``today`` on (today included)."""
    marks = list(deadlines)
    found: list[date] = []
    day = today
    while marks and len(found) < count:
        closing = cycle_closing(marks, day)
        assert closing is not None  # marks is not empty
        found.append(closing)
        day = date.fromordinal(closing.toordinal() + 1)
    return found
