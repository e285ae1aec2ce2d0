"""The renewal rules: hours within the period, membership, the re-signed Code of Ethics.

Hours count from the period's first day to its due date (never after the day judged).
Where a set renews by attestation, hours are attested instead of listed, unless the
renewal is audited; pro-rating scales every number of hours by the share due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

import msgspec

from endorse.eligibility.categories import Category
from endorse.eligibility.checks.phrases import progress
from endorse.eligibility.checks.status import membership_on
from endorse.eligibility.checks.training import training_hours
from endorse.eligibility.context import Options, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number, render
from endorse.eligibility.portfolio import Portfolio, Rsc, hundredths
from endorse.eligibility.renewal import Share, years_by_end
from endorse.eligibility.renewal_rules import RenewalFacts, RenewalRscParams, RenewalSet
from endorse.eligibility.rulesets import NoParams, TrainingParams


class RenewalContext(msgspec.Struct, frozen=True, kw_only=True):
    portfolio: Portfolio
    renewal_set: RenewalSet
    category: Category
    facts: RenewalFacts
    share: Share
    as_of: date
    options: Options
    lang: str

    def say(self, message: str, **values: object) -> str:
        return render(self.lang, message, **values)

    def counts(self, day: date) -> bool:
        """Whether an entry dated ``day`` counts: within the period, not after ``as_of``."""
        return self.facts.period.starts <= day <= min(self.facts.period.due, self.as_of)

    @property
    def documented(self) -> bool:
        """Whether hours must be listed (not attested)."""
        return not self.renewal_set.by_attestation or self.facts.audited


def _hours(
    ctx: RenewalContext, code: str, have: int, hours: float, what: str, **values: object
) -> Requirement:
    need = ctx.share.of_hundredths(hundredths(hours))
    if not ctx.documented:
        attested = ctx.facts.hours_attested
        text = (
            _("You attest {need} {what}.")
            if attested
            else _("To attest: {need} {what} (listed only if your renewal is audited).")
        )
        return Requirement(
            code=code,
            met=attested,
            have=number(need) if attested else None,
            need=number(need),
            unit="hours",
            message=ctx.say(text, need=number(need), what=ctx.say(what, **values)),
        )
    met = have >= need
    return Requirement(
        code=code,
        met=met,
        have=number(have),
        need=number(need),
        unit="hours",
        message=progress(ctx, met=met, have=number(have), need=number(need), what=what, **values),
    )


def _training(ctx: RenewalContext, topic: str | None) -> int:
    return training_hours(ctx.portfolio.training, topic, ctx.counts)


def training_total(ctx: RenewalContext, params: TrainingParams) -> Requirement:
    what = _("hours of in-service training")
    return _hours(ctx, "training_total", _training(ctx, None), params.hours, what)


def training_dei(ctx: RenewalContext, params: TrainingParams) -> Requirement:
    what = _("hours of training on diversity, equity and inclusion")
    return _hours(ctx, "training_dei", _training(ctx, "dei"), params.hours, what)


def training_rsc_provision(ctx: RenewalContext, params: TrainingParams) -> Requirement:
    """Only for those who provide RS/C to others."""
    if not ctx.facts.provides_rsc:
        return Requirement(
            code="training_rsc_provision",
            met=True,
            have=0,
            need=0,
            unit="hours",
            message=ctx.say(
                _("Training on providing RS/C is needed only if you provide RS/C to others.")
            ),
        )
    what = _("hours of training on providing reflective supervision/consultation")
    have = _training(ctx, "rsc_provision")
    return _hours(ctx, "training_rsc_provision", have, params.hours, what)


def is_senior(ctx: RenewalContext, params: RenewalRscParams) -> bool:
    senior = params.senior
    return senior is not None and (
        years_by_end(ctx.facts.endorsed_on, ctx.facts.period) >= senior.after_years
    )


def _rsc_counts(ctx: RenewalContext, params: RenewalRscParams, entry: Rsc, senior: bool) -> bool:
    if entry.format == "peer":
        peer_ok = senior and params.senior is not None and params.senior.peer_same_category
        return peer_ok and entry.provider_endorsement == ctx.category.code
    vetted_ok = ctx.options.accept_vetted_rsc_providers and entry.provider_vetted
    return entry.provider_endorsement in params.providers or vetted_ok


def rsc_hours(ctx: RenewalContext, params: RenewalRscParams) -> Requirement:
    senior = is_senior(ctx, params)
    have = sum(
        hundredths(entry.hours)
        for entry in ctx.portfolio.rsc
        if ctx.counts(entry.date) and _rsc_counts(ctx, params, entry, senior)
    )
    if senior:
        assert params.senior is not None
        what = _(
            "hours of reflective supervision/consultation from a qualified provider or peer "
            "consultation with others endorsed as {category}"
        )
        hours = params.senior.hours
    else:
        what = _("hours of reflective supervision/consultation from a qualified provider")
        hours = params.hours
    return _hours(ctx, "rsc_hours", have, hours, what, category=ctx.category.code)


def membership(ctx: RenewalContext, _params: NoParams) -> Requirement:
    return membership_on(ctx, ctx.portfolio.membership.expires_on, ctx.as_of)


def ethics(ctx: RenewalContext, _params: NoParams) -> Requirement:
    signed = ctx.portfolio.attestations
    done = [signed.code_of_ethics, signed.no_sanction]
    if all(done):
        message = _("Code of Ethics signed again, and no licensing-board sanction attested.")
    elif signed.code_of_ethics:
        message = _("Still to attest: that no licensing board has sanctioned you.")
    elif signed.no_sanction:
        message = _("Still to sign: the Code of Ethics, again for this renewal.")
    else:
        message = _(
            "Still to do: sign the Code of Ethics again and attest that no licensing board "
            "has sanctioned you."
        )
    return Requirement(
        code="ethics",
        met=all(done),
        have=sum(done),
        need=2,
        unit="signatures",
        message=ctx.say(message),
    )


CHECKS: Final[dict[str, Callable[[RenewalContext, Any], Requirement]]] = {
    "training_total": training_total,
    "training_dei": training_dei,
    "training_rsc_provision": training_rsc_provision,
    "rsc_hours": rsc_hours,
    "membership": membership,
    "ethics": ethics,
}
