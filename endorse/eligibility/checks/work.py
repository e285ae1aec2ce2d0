"""``work`` (Family Specialist, Mental Health Specialist) and ``families``."""

from __future__ import annotations

from datetime import date

import msgspec

from endorse.eligibility.checks.phrases import band, progress
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import LEVEL_RANK, Work
from endorse.eligibility.rulesets import FamiliesParams, WorkParams
from endorse.eligibility.spans import FULL_TIME, fte_days, fte_units

Span = tuple[date, date, int]


class Qualifying(msgspec.Struct, frozen=True):
    regular: list[tuple[Work, Span]]
    internship: list[tuple[Work, Span]]
    # The rule counts only work after a degree that the person doesn't hold.
    degree_missing: bool = False


def qualifying(ctx: Context, params: WorkParams) -> Qualifying:
    """The work entries (clipped to their counted days) that the rule accepts.

    ``work`` and ``families`` both need them: computed once per evaluation.
    """
    found = ctx.memo.get("work")
    if found is None:
        found = ctx.memo["work"] = _find(ctx, params)
    assert isinstance(found, Qualifying)
    return found


def _find(ctx: Context, params: WorkParams) -> Qualifying:
    floor = degree_date(ctx) if params.after_degree else None
    if params.after_degree and floor is None:
        return Qualifying([], [], degree_missing=True)
    regular: list[tuple[Work, Span]] = []
    internship: list[tuple[Work, Span]] = []
    for entry in ctx.portfolio.work:
        if entry.service not in params.services or not ctx.band_matches(entry.age_band):
            continue
        start, end = max(entry.start, floor) if floor else entry.start, ctx.until(entry.end)
        if start > end:
            continue
        span = (start, end, fte_units(entry.fte))
        if params.internship is not None and entry.internship:
            if entry.supervisor_endorsement in params.internship.supervisor_endorsements:
                internship.append((entry, span))
        elif (entry.paid or not params.paid) and (entry.supervised or not params.supervised):
            regular.append((entry, span))
    return Qualifying(regular, internship)


def degree_date(ctx: Context) -> date | None:
    dates = [
        entry.completed_on
        for entry in ctx.portfolio.education
        if LEVEL_RANK[entry.level] >= LEVEL_RANK["master"] and entry.completed_on <= ctx.as_of
    ]
    return min(dates, default=None)


def counted_days(found: Qualifying, params: WorkParams) -> int:
    """FTE-days (in FTE units × days); internship days count up to the rule's cap.

    Internship days are what the internship entries add on top of the other
    qualifying work (a day already full-time gains nothing from them).
    """
    regular = fte_days(span for _entry, span in found.regular)
    if params.internship is None or not found.internship:
        return regular
    combined = fte_days(span for _entry, span in (*found.regular, *found.internship))
    return regular + min(combined - regular, params.internship.max_days * FULL_TIME)


WHAT = {
    "service": _(
        "full-time days of paid prevention, early intervention or treatment work with {band}"
    ),
    "post_master": _("full-time days of paid post-master's treatment work with {band}"),
    "psychotherapy": _(
        "full-time days of supervised paid parent–infant/child psychotherapy with {band} "
        "(up to {internship} days of internship supervised by an endorsed professional count)"
    ),
}


def work(ctx: Context, params: WorkParams) -> Requirement:
    found = qualifying(ctx, params)
    have = counted_days(found, params)
    person = ctx.portfolio.person
    licensed = person.mental_health_license or person.license_eligible
    license_missing = params.licensed_or_eligible and not licensed
    kind = (
        "psychotherapy"
        if params.internship
        else "post_master"
        if params.after_degree
        else "service"
    )
    met_days = have >= params.days * FULL_TIME
    message = progress(
        ctx,
        met=met_days,
        have=number(have, FULL_TIME),
        need=params.days,
        what=WHAT[kind],
        band=band(ctx),
        internship=params.internship.max_days if params.internship else 0,
    )
    if license_missing:
        message += ". " + ctx.say(
            _("You must also hold a mental health license or be license-eligible.")
        )
    if found.degree_missing:
        message += ". " + ctx.say(_("Only work after a master's degree counts."))
    return Requirement(
        code="work",
        met=met_days and not license_missing,
        have=number(have, FULL_TIME),
        need=params.days,
        unit="days",
        message=message,
    )


def families(ctx: Context, params: FamiliesParams) -> Requirement:
    work_params = ctx.ruleset.params("work")
    found = qualifying(ctx, work_params)
    have = sum(entry.families_served for entry, _span in (*found.regular, *found.internship))
    return Requirement(
        code="families",
        met=have >= params.count,
        have=have,
        need=params.count,
        unit="families",
        message=progress(
            ctx,
            met=have >= params.count,
            have=have,
            need=params.count,
            what=_("families served in qualifying work"),
        ),
    )
