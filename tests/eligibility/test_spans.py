from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from endorse.eligibility.spans import (
    FULL_TIME,
    add_months,
    fte_days,
    union_days,
    whole_months_between,
    windows,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_fte_days_counts_both_ends_inclusive() -> None:
    assert fte_days([(d("2024-01-01"), d("2024-01-01"), FULL_TIME)]) == FULL_TIME
    assert fte_days([(d("2024-01-01"), d("2024-12-31"), FULL_TIME)]) == 366 * FULL_TIME


def test_fte_days_caps_overlapping_entries_at_full_time() -> None:
    spans = [
        (d("2024-01-01"), d("2024-01-10"), FULL_TIME),
        (d("2024-01-06"), d("2024-01-15"), FULL_TIME),
    ]
    assert fte_days(spans) == 15 * FULL_TIME


def test_fte_days_adds_part_time_overlaps_up_to_the_cap() -> None:
    spans = [
        (d("2024-01-01"), d("2024-01-10"), FULL_TIME // 2),
        (d("2024-01-01"), d("2024-01-10"), FULL_TIME * 3 // 10),
    ]
    assert fte_days(spans) == 10 * FULL_TIME * 8 // 10
    spans.append((d("2024-01-01"), d("2024-01-10"), FULL_TIME // 2))
    assert fte_days(spans) == 10 * FULL_TIME


def test_fte_days_of_nothing_is_zero() -> None:
    assert fte_days([]) == 0


def test_union_days_ignores_gaps_and_overlaps() -> None:
    spans = [(d("2020-01-01"), d("2020-01-31")), (d("2020-01-15"), d("2020-02-10")),
             (d("2020-03-01"), d("2020-03-01"))]  # fmt: skip
    assert union_days(spans) == 41 + 1


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 24, "2026-02-28"),
        ("2023-11-15", 2, "2024-01-15"),
        ("2023-03-01", 24, "2025-03-01"),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        ("2022-01-10", "2023-01-10", 12),
        ("2022-01-10", "2023-01-09", 11),
        ("2024-02-29", "2025-02-28", 12),
        ("2024-01-31", "2024-02-29", 1),
        ("2024-05-05", "2024-05-04", 0),
    ],
)
def test_whole_months_between_agrees_with_add_months(first: str, last: str, months: int) -> None:
    assert whole_months_between(d(first), d(last)) == months


def test_windows_end_exactly_24_months_later_exclusive() -> None:
    sessions = [(d("2021-03-01"), 10), (d("2023-02-28"), 5), (d("2023-03-01"), 7)]
    assert windows(sessions, 24) == [(0, 1, 15), (1, 2, 12), (2, 2, 7)]


@given(
    st.dates(min_value=date(1999, 1, 1), max_value=date(2040, 12, 31)),
    st.dates(min_value=date(1999, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(0, 60),
)
def test_whole_months_agrees_with_add_months_everywhere(first: date, last: date, n: int) -> None:
    assert (whole_months_between(first, last) >= n) == (add_months(first, n) <= last or n == 0)


@given(st.dates(min_value=date(1999, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 60))
def test_add_months_matches_the_calendar_module(day: date, n: int) -> None:
    from calendar import monthrange

    year, index = divmod(day.month - 1 + n, 12)
    year, month = day.year + year, index + 1
    assert add_months(day, n) == date(year, month, min(day.day, monthrange(year, month)[1]))
