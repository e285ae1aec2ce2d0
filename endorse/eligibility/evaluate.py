"""``evaluate``: judge a portfolio against a requirement set on a date."""

from __future__ import annotations

from datetime import date

import msgspec

from endorse.eligibility.categories import BY_CODE
from endorse.eligibility.checks import CHECKS
from endorse.eligibility.checks.status import category_open
from endorse.eligibility.context import Context, Options, Requirement
from endorse.eligibility.portfolio import Portfolio
from endorse.eligibility.rulesets import Catalog, RuleSet

__all__ = [
    "AllEvaluations",
    "Evaluation",
    "Options",
    "Requirement",
    "evaluate",
    "evaluate_all",
    "judgement",
    "make_context",
]


class Evaluation(msgspec.Struct, frozen=True, kw_only=True):
    category: str
    as_of: date
    rule_version: str
    ready_to_submit: bool
    requires_exam: bool
    requirements: tuple[Requirement, ...]

    @property
    def unmet(self) -> int:
        return sum(not requirement.met for requirement in self.requirements)


class AllEvaluations(msgspec.Struct, frozen=True, kw_only=True):
    as_of: date
    categories: tuple[Evaluation, ...]


def make_context(
    portfolio: Portfolio,
    ruleset: RuleSet,
    as_of: date,
    *,
    lang: str = "en",
    options: Options | None = None,
) -> Context:
    return Context(
        portfolio=portfolio,
        ruleset=ruleset,
        category=BY_CODE[ruleset.category],
        as_of=as_of,
        options=options or Options(),
        lang=lang,
    )


def judgement(ruleset: RuleSet, as_of: date, requirements: tuple[Requirement, ...]) -> Evaluation:
    return Evaluation(
        category=ruleset.category,
        as_of=as_of,
        rule_version=ruleset.version,
        ready_to_submit=all(requirement.met for requirement in requirements),
        requires_exam=ruleset.requires_exam,
        requirements=requirements,
    )


def evaluate(
    portfolio: Portfolio,
    ruleset: RuleSet,
    as_of: date,
    *,
    lang: str = "en",
    options: Options | None = None,
) -> Evaluation:
    """Every requirement of ``ruleset``, judged on ``as_of``; entries after it don't count."""
    ctx = make_context(portfolio, ruleset, as_of, lang=lang, options=options)
    requirements = (
        category_open(ctx),
        *(CHECKS[code](ctx, params) for code, params in ruleset.rules),
    )
    return judgement(ruleset, as_of, requirements)


def evaluate_all(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: date,
    *,
    lang: str = "en",
    options: Options | None = None,
) -> AllEvaluations:
    """Every category with a version in force, the closest to ready first."""
    results = []
    for order, category in enumerate(catalog.categories()):
        ruleset = catalog.in_force(category, as_of)
        if ruleset is not None:
            evaluation = evaluate(portfolio, ruleset, as_of, lang=lang, options=options)
            results.append((evaluation.unmet, order, evaluation))
    results.sort(key=lambda item: (item[0], item[1]))
    return AllEvaluations(as_of=as_of, categories=tuple(item[2] for item in results))
