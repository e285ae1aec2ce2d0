"""``evaluate_renewal``: judge a portfolio against a category's renewal requirements."""

from __future__ import annotations

from datetime import date

import msgspec

from endorse.eligibility.categories import BY_CODE
from endorse.eligibility.checks.renewal import CHECKS, RenewalContext
from endorse.eligibility.context import Options, Requirement
from endorse.eligibility.portfolio import Portfolio
from endorse.eligibility.renewal import Period, Share, share_due
from endorse.eligibility.renewal_rules import RenewalFacts, RenewalSet


class RenewalEvaluation(msgspec.Struct, frozen=True, kw_only=True):
    category: str
    as_of: date
    rule_version: str
    period: Period
    share: Share
    by_attestation: bool
    audited: bool
    ready_to_submit: bool
    requirements: tuple[Requirement, ...]

    @property
    def unmet(self) -> int:
        return sum(not requirement.met for requirement in self.requirements)


def evaluate_renewal(
    portfolio: Portfolio,
    renewal_set: RenewalSet,
    facts: RenewalFacts,
    as_of: date,
    *,
    lang: str = "en",
    options: Options | None = None,
) -> RenewalEvaluation:
    """Every renewal requirement of ``renewal_set`` for ``facts.period``, judged on ``as_of``.

    Hours count from the period's first day to its due date (and not after ``as_of``);
    membership must be current on ``as_of``.
    """
    share = share_due(facts.period, endorsed_on=facts.endorsed_on)
    ctx = RenewalContext(
        portfolio=portfolio,
        renewal_set=renewal_set,
        category=BY_CODE[renewal_set.category],
        facts=facts,
        share=share,
        as_of=as_of,
        options=options or Options(),
        lang=lang,
    )
    requirements = tuple(CHECKS[code](ctx, params) for code, params in renewal_set.rules)
    return RenewalEvaluation(
        category=renewal_set.category,
        as_of=as_of,
        rule_version=renewal_set.version,
        period=facts.period,
        share=share,
        by_attestation=renewal_set.by_attestation,
        audited=facts.audited,
        ready_to_submit=all(requirement.met for requirement in requirements),
        requirements=requirements,
    )
