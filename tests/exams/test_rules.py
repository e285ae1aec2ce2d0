"""The exam's arithmetic: drawing by blueprint, the clock, the pass mark, the scorers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from endorse.exams.rules import (
    NotEnoughItems,
    deadline,
    draw_part_one,
    draw_part_two,
    mark_part_one,
    part_two_outcome,
    seconds_left,
)

BANK = {
    "theory": list(range(1, 31)),
    "practice": list(range(31, 61)),
    "ethics": list(range(61, 71)),
}


def test_the_blueprint_is_honoured_and_the_rest_drawn_from_everything() -> None:
    drawn = draw_part_one(BANK, {"ethics": 10, "theory": 5}, 40, random.Random(1))
    assert len(drawn) == len(set(drawn)) == 40
    assert set(BANK["ethics"]) <= set(drawn)
    assert len([i for i in drawn if i in BANK["theory"]]) >= 5
    assert drawn != sorted(drawn)  # shuffled
    assert draw_part_one(BANK, {"ethics": 10}, 40, random.Random(1)) == draw_part_one(
        BANK, {"ethics": 10}, 40, random.Random(1)
    )  # the same seed draws the same part


@pytest.mark.parametrize(
    ("blueprint", "total", "problem"),
    [
        ({"ethics": 11}, 40, "ethics: 11 asked, 10 in the bank"),
        ({}, 71, "71 items asked, 70 in the bank"),
        ({"theory": 30, "practice": 30}, 50, "the blueprint asks for 60 items; the part has 50"),
    ],
)
def test_a_bank_too_small_is_said_plainly(
    blueprint: dict[str, int], total: int, problem: str
) -> None:
    with pytest.raises(NotEnoughItems, match=problem):
        draw_part_one(BANK, blueprint, total, random.Random(1))


def test_part_two_offers_distinct_vignettes() -> None:
    assert sorted(draw_part_two([4, 5, 6, 7], 3, random.Random(2))) in (
        [4, 5, 6],
        [4, 5, 7],
        [4, 6, 7],
        [5, 6, 7],
    )
    with pytest.raises(NotEnoughItems):
        draw_part_two([4, 5], 3, random.Random(2))


def test_the_clock_counts_extra_time_and_never_goes_below_zero() -> None:
    start = datetime(2025, 6, 1, 14, 0, tzinfo=UTC)
    end = deadline(start, 90, 30)
    assert end == start + timedelta(minutes=120)
    assert seconds_left(end, start + timedelta(minutes=100, seconds=30)) == 19 * 60 + 30
    assert seconds_left(end, end + timedelta(seconds=5)) == 0


@pytest.mark.parametrize(
    ("correct", "total", "percent", "passed"),
    [
        (48, 60, 80, True),
        (47, 60, 78, False),
        (60, 60, 100, True),
        (4, 5, 80, True),
        (0, 0, 0, False),
    ],
)
def test_the_pass_mark_is_exact(correct: int, total: int, percent: int, passed: bool) -> None:
    answers = [(1, 1)] * correct + [(None, 1)] * (total - correct)
    mark = mark_part_one(answers, 80)
    assert (mark.correct, mark.total, mark.percent, mark.passed) == (
        correct,
        total,
        percent,
        passed,
    )


def test_seventy_nine_point_nine_is_not_eighty() -> None:
    answers = [(1, 1)] * 799 + [(2, 1)] * 201
    assert mark_part_one(answers, 80).passed is False


@pytest.mark.parametrize(
    ("first", "second", "third", "outcome"),
    [
        (True, True, None, True),
        (False, False, None, False),
        (True, False, None, None),  # they disagree: the third decides
        (True, False, False, False),
        (False, True, True, True),
        (True, None, None, None),
    ],
)
def test_two_scorers_agree_or_a_third_decides(
    first: bool | None, second: bool | None, third: bool | None, outcome: bool | None
) -> None:
    assert part_two_outcome(first, second, third) is outcome
