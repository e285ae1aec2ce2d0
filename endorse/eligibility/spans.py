"""Date arithmetic for the rules: FTE-days, unions of ranges, month windows.

Everything works on the boundaries of ranges (a sweep over sorted points),
never day by day, so the cost depends on the number of entries, not on the
number of days they cover.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

FULL_TIME: Final = 10_000  # one full-time day, in ten-thousandths of an FTE


def fte_days(spans: Iterable[tuple[date, date, int]]) -> int:
    """Sum of FTE over the days of inclusive ``(start, end, fte_units)`` spans.

    On a day covered by several spans their FTE adds up but is capped at one
    full-time day. The result is in FTE units (see ``FULL_TIME``) times days.
    """
    changes: dict[int, int] = {}
    for start, end, fte in spans:
        first, after = start.toordinal(), end.toordinal() + 1
        changes[first] = changes.get(first, 0) + fte
        changes[after] = changes.get(after, 0) - fte
    total = level = 0
    previous = 0
    for point in sorted(changes):
        if level > 0:
            total += min(level, FULL_TIME) * (point - previous)
        level += changes[point]
        previous = point
    return total


def union_days(spans: Iterable[tuple[date, date]]) -> int:
    """Number of calendar days inside at least one inclusive ``(start, end)`` span."""
    return fte_days((start, end, FULL_TIME) for start, end in spans) // FULL_TIME


def fte_units(fte: float) -> int:
    """An FTE as an exact count of ten-thousandths (0.125 -> 1250)."""
    return round(fte * FULL_TIME)


_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's end."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def whole_months_between(first: date, last: date) -> int:
    """The largest ``m`` with ``add_months(first, m) <= last`` (0 if ``last < first``)."""
    months = (last.year - first.year) * 12 + last.month - first.month
    # add_months(first, months) lands in last's month, on first's day clamped to it.
    if months > 0 and min(first.day, days_in_month(last.year, last.month)) > last.day:
        months -= 1
    return max(months, 0)


def _months_later_or_max(day: date, months: int) -> date:
    try:
        return add_months(day, months)
    except ValueError:  # past year 9999: the window has no end within the calendar
        return date.max


def windows(sessions: Sequence[tuple[date, int]], months: int) -> list[tuple[int, int, int]]:
    """For each session, the window ``[its date, its date + months)``.

    ``sessions`` are ``(date, amount)`` sorted by date. Returns ``(first,
    last, total)`` per window: indexes of its first and last sessions and the
    sum of their amounts. Any window starting on some day holds a subset of
    one of these, so the best of them is the best of all windows.
    """
    result: list[tuple[int, int, int]] = []
    end = 0
    running = 0
    count = len(sessions)
    for first, (start, _amount) in enumerate(sessions):
        limit = _months_later_or_max(start, months)
        while end < count and sessions[end][0] < limit:
            running += sessions[end][1]
            end += 1
        result.append((first, end - 1, running))
        running -= sessions[first][1]
    return result
