"""``education`` and ``education_or_work``."""

from __future__ import annotations

from endorse.eligibility.checks.phrases import band, duration, level
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import LEVEL_RANK, Education
from endorse.eligibility.rulesets import EducationOrWorkParams, EducationParams
from endorse.eligibility.spans import FULL_TIME, fte_days, fte_units


def degrees(ctx: Context) -> list[Education]:
    return [entry for entry in ctx.portfolio.education if entry.completed_on <= ctx.as_of]


def highest(entries: list[Education]) -> str | None:
    if not entries:
        return None
    return max(entries, key=lambda entry: LEVEL_RANK[entry.level]).level


def education(ctx: Context, params: EducationParams) -> Requirement:
    best = highest(degrees(ctx))
    by_degree = best is not None and LEVEL_RANK[best] >= LEVEL_RANK[params.level]
    by_license = params.or_license and ctx.portfolio.person.mental_health_license
    need, have = level(ctx, params.level), level(ctx, best) if best else None
    if by_degree:
        message = ctx.say(
            _("You hold {have}, which meets the need for {need} or higher."), have=have, need=need
        )
    elif by_license:
        message = ctx.say(
            _("You hold a professional mental health license, which counts instead of {need}."),
            need=need,
        )
    elif params.or_license:
        message = ctx.say(
            _("{need} or higher, or a professional mental health license, is needed."),
            need=_capital(need),
        )
    else:
        message = ctx.say(_("{need} or higher is needed."), need=_capital(need))
    if not (by_degree or by_license) and have:
        message += " " + ctx.say(_("Highest so far: {have}."), have=have)
    return Requirement(
        code="education",
        met=by_degree or by_license,
        have=best,
        need=params.level,
        unit="degree",
        message=message,
    )


def education_or_work(ctx: Context, params: EducationOrWorkParams) -> Requirement:
    best = highest(degrees(ctx))
    spans = [
        (entry.start, ctx.until(entry.end), fte_units(entry.fte))
        for entry in ctx.portfolio.work
        if entry.start <= ctx.as_of
        and ctx.band_matches(entry.age_band)
        and (entry.paid or entry.supervised)
    ]
    have = fte_days(spans)
    need = params.days * FULL_TIME
    if best is not None:
        message = ctx.say(
            _("You hold {have}, which meets the education requirement."), have=level(ctx, best)
        )
    else:
        message = ctx.say(
            _(
                "A degree or a CDA credential, or {duration} of paid or supervised volunteer "
                "work with {band}: {have} of the {need} full-time days so far."
            ),
            duration=duration(ctx.lang, params.days),
            band=band(ctx),
            have=number(have, FULL_TIME),
            need=params.days,
        )
    return Requirement(
        code="education_or_work",
        met=best is not None or have >= need,
        have=number(have, FULL_TIME),
        need=params.days,
        unit="days",
        message=message,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
