"""``rsc_hours``, ``rsc_period`` and ``rsc_about_providing``: reflective supervision/consultation.

An RS/C session qualifies if it was individual or group (never peer) and its
provider is endorsed in the set the rule accepts, or was vetted (where the
association accepts vetted providers). Hours are judged within windows
``[d, d + window_months)`` for any start day ``d``.
"""

from __future__ import annotations

from datetime import date

from endorse.eligibility.checks.phrases import progress
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import hundredths
from endorse.eligibility.rulesets import RscHoursParams, RscPeriodParams, TrainingParams
from endorse.eligibility.spans import whole_months_between, windows

Session = tuple[date, int]


def sessions(ctx: Context, params: RscHoursParams, *, about_providing: bool) -> list[Session]:
    """Qualifying sessions as ``(date, hundredths of an hour)``, sorted by date."""
    vetted_ok = ctx.options.accept_vetted_rsc_providers
    return sorted(
        (entry.date, hundredths(entry.hours))
        for entry in ctx.portfolio.rsc
        if entry.date <= ctx.as_of
        and entry.format != "peer"
        and (
            entry.provider_endorsement in params.providers or (vetted_ok and entry.provider_vetted)
        )
        and (entry.about_providing_rsc or not about_providing)
    )


def _windows(
    ctx: Context, params: RscHoursParams, *, about_providing: bool
) -> tuple[list[Session], list[tuple[int, int, int]]]:
    """The qualifying sessions and their windows, computed once per evaluation."""
    key = f"rsc:{about_providing}"
    cached = ctx.memo.get(key)
    if cached is None:
        found = sessions(ctx, params, about_providing=about_providing)
        cached = (found, windows(found, params.window_months))
        ctx.memo[key] = cached
    return cached


def _best(spans: list[tuple[int, int, int]]) -> int:
    return max((total for _first, _last, total in spans), default=0)


def rsc_hours(ctx: Context, params: RscHoursParams) -> Requirement:
    have = _best(_windows(ctx, params, about_providing=False)[1])
    need = hundredths(params.hours)
    what = _(
        "hours of reflective supervision/consultation from a qualified provider within "
        "{window} months"
    )
    return _hours_requirement(ctx, "rsc_hours", have, need, what, params.window_months)


def _hours_requirement(
    ctx: Context, code: str, have: int, need: int, what: str, window: int
) -> Requirement:
    met = have >= need
    return Requirement(
        code=code,
        met=met,
        have=number(have),
        need=number(need),
        unit="hours",
        message=progress(
            ctx, met=met, have=number(have), need=number(need), what=what, window=window
        ),
    )


def rsc_period(ctx: Context, params: RscPeriodParams) -> Requirement:
    hours: RscHoursParams = ctx.ruleset.params("rsc_hours")
    found, spans = _windows(ctx, hours, about_providing=False)
    need_hours = hundredths(hours.hours)
    spans_full: list[int] = []
    spans_any: list[int] = []
    for first, last, total in spans:
        span = whole_months_between(found[first][0], found[last][0])
        spans_any.append(span)
        if total >= need_hours:
            spans_full.append(span)
    # whole_months_between(a, b) >= n exactly when add_months(a, n) <= b.
    met = max(spans_full, default=-1) >= params.months
    have = max(spans_full or spans_any, default=0)
    values = {"need": params.months, "window": hours.window_months, "hours": number(need_hours)}
    if met or spans_full:
        text = _(
            "The {hours} hours of RS/C are spread over {have} months of a {window}-month period "
            "(at least {need} months needed)."
        )
    else:
        text = _(
            "The {hours} hours of RS/C must be spread over at least {need} months of a "
            "{window}-month period; no such period holds them yet."
        )
    return Requirement(
        code="rsc_period",
        met=met,
        have=have,
        need=params.months,
        unit="months",
        message=ctx.say(text, have=have, **values),
    )


def rsc_about_providing(ctx: Context, params: TrainingParams) -> Requirement:
    hours: RscHoursParams = ctx.ruleset.params("rsc_hours")
    have = _best(_windows(ctx, hours, about_providing=True)[1])
    what = _(
        "hours of RS/C about the reflective supervision/consultation you provide, within "
        "{window} months"
    )
    return _hours_requirement(
        ctx, "rsc_about_providing", have, hundredths(params.hours), what, hours.window_months
    )
