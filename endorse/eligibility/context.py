"""What every check receives, and what it returns."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from endorse.eligibility.categories import Category
from endorse.eligibility.messages import render
from endorse.eligibility.portfolio import Portfolio
from endorse.eligibility.rulesets import RuleSet

Value = int | float | str | bool | None


class Options(msgspec.Struct, frozen=True, kw_only=True):
    """An association's choices that change how rules read a portfolio."""

    accept_vetted_rsc_providers: bool = True


class Requirement(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    met: bool
    have: Value
    need: Value
    unit: str | None
    message: str


class Context(msgspec.Struct, frozen=True, kw_only=True):
    portfolio: Portfolio
    ruleset: RuleSet
    category: Category
    as_of: date
    options: Options
    lang: str
    # Results shared between checks of one evaluation (e.g. work and families).
    memo: dict[Any, Any] = msgspec.field(default_factory=dict)

    def say(self, message: str, **values: object) -> str:
        return render(self.lang, message, **values)

    def band_matches(self, band: str) -> bool:
        return band == "both" or band == self.category.age_band

    def until(self, end: date | None) -> date:
        """An open end means ``as_of``; nothing after ``as_of`` counts."""
        return self.as_of if end is None or end > self.as_of else end
