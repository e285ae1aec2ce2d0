"""The exam's arithmetic, in plain Python: drawing a part, its clock, its marks.

No Django here, so the rules are tested with plain values and an explicit "now".
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


class NotEnoughItems(ValueError):
    """The bank can't supply what the blueprint asks for."""


def draw_part_one(
    active_by_area: Mapping[str, Sequence[int]],
    blueprint: Mapping[str, int],
    total: int,
    rng: random.Random,
) -> list[int]:
    """``total`` item ids: ``blueprint[area]`` from each area it names, the rest drawn
    from every area's remaining items alike; shuffled. Raises NotEnoughItems."""
    chosen: list[int] = []
    for area, count in sorted(blueprint.items()):
        pool = list(active_by_area.get(area, ()))
        if len(pool) < count:
            raise NotEnoughItems(f"{area}: {count} asked, {len(pool)} in the bank")
        chosen.extend(rng.sample(sorted(pool), count))
    if len(chosen) > total:
        raise NotEnoughItems(f"the blueprint asks for {len(chosen)} items; the part has {total}")
    rest = sorted(i for pool in active_by_area.values() for i in pool if i not in set(chosen))
    if len(rest) < total - len(chosen):
        raise NotEnoughItems(f"{total} items asked, {len(chosen) + len(rest)} in the bank")
    chosen.extend(rng.sample(rest, total - len(chosen)))
    rng.shuffle(chosen)
    return chosen


def draw_part_two(active: Sequence[int], offered: int, rng: random.Random) -> list[int]:
    if len(active) < offered:
        raise NotEnoughItems(f"{offered} vignettes asked, {len(active)} in the bank")
    return rng.sample(sorted(active), offered)


def deadline(started_at: datetime, minutes: int, extra_minutes: int) -> datetime:
    """When a part started at ``started_at`` ends: its time plus any extra time granted."""
    return started_at + timedelta(minutes=minutes + extra_minutes)


def seconds_left(deadline_at: datetime, now: datetime) -> int:
    return max(0, int((deadline_at - now).total_seconds()))


@dataclass(frozen=True)
class PartOneMark:
    correct: int
    total: int
    percent: int  # rounded down: 79.9% is not 80%
    passed: bool


def mark_part_one(answers: Sequence[tuple[int | None, int]], pass_percent: int) -> PartOneMark:
    """``answers`` are (choice, key) pairs; an unanswered item (None) is wrong."""
    correct = sum(1 for choice, key in answers if choice is not None and choice == key)
    total = len(answers)
    percent = correct * 100 // total if total else 0
    # Compare exactly: correct/total >= pass_percent/100, not the rounded percentage.
    return PartOneMark(correct, total, percent, total > 0 and correct * 100 >= pass_percent * total)


def part_two_outcome(first: bool | None, second: bool | None, third: bool | None) -> bool | None:
    """Two blind scorers decide when they agree; when they disagree the third decides.
    None while the decision still waits for someone."""
    if first is None or second is None:
        return None
    if first == second:
        return first
    return third
