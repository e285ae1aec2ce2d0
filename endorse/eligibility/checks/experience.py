"""``leadership`` and ``rsc_provided`` (Mentor categories): years in a role."""

from __future__ import annotations

from endorse.eligibility.checks.phrases import LEADERSHIP_KINDS, progress
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.rulesets import DaysParams, LeadershipParams
from endorse.eligibility.spans import union_days


def leadership(ctx: Context, params: LeadershipParams) -> Requirement:
    have = union_days(
        (entry.start, ctx.until(entry.end))
        for entry in ctx.portfolio.leadership
        if entry.kind == params.kind and entry.start <= ctx.as_of
    )
    return Requirement(
        code="leadership",
        met=have >= params.days,
        have=have,
        need=params.days,
        unit="days",
        message=progress(
            ctx,
            met=have >= params.days,
            have=have,
            need=params.days,
            what=_("days as a leader in {kind}"),
            kind=ctx.say(LEADERSHIP_KINDS[params.kind]),
        ),
    )


def rsc_provided(ctx: Context, params: DaysParams) -> Requirement:
    have = union_days(
        (entry.start, ctx.until(entry.end))
        for entry in ctx.portfolio.rsc_provided
        if entry.start <= ctx.as_of
    )
    return Requirement(
        code="rsc_provided",
        met=have >= params.days,
        have=have,
        need=params.days,
        unit="days",
        message=progress(
            ctx,
            met=have >= params.days,
            have=have,
            need=params.days,
            what=_("days providing reflective supervision/consultation to others"),
        ),
    )
