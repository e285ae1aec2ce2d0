"""Why each degree (and, for ``education_or_work``, each job) counts, or doesn't."""

from __future__ import annotations

from endorse.eligibility.checks.phrases import level
from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import LEVEL_RANK
from endorse.eligibility.reasons.notes import COUNTS_SPAN, EntryNote, after, note, other_band
from endorse.eligibility.rulesets import EducationOrWorkParams, EducationParams
from endorse.eligibility.spans import FULL_TIME, fte_days, fte_units


def education(ctx: Context, params: EducationParams) -> list[EntryNote]:
    notes = []
    need = level(ctx, params.level)
    for index, entry in enumerate(ctx.portfolio.education):
        if entry.completed_on > ctx.as_of:
            notes.append(
                note(
                    ctx,
                    "education",
                    index,
                    counts=False,
                    reason=_("Completed after {as_of}, the day judged: it doesn't count yet."),
                    field="completed_on",
                    as_of=ctx.as_of,
                )
            )
        elif LEVEL_RANK[entry.level] >= LEVEL_RANK[params.level]:
            notes.append(
                note(
                    ctx,
                    "education",
                    index,
                    counts=True,
                    reason=_("Counts: {have} meets the need for {need} or higher."),
                    have=level(ctx, entry.level),
                    need=need,
                )
            )
        else:
            notes.append(
                note(
                    ctx,
                    "education",
                    index,
                    counts=False,
                    reason=_("{have} is below {need}, the level needed."),
                    field="level",
                    have=_capital(level(ctx, entry.level)),
                    need=need,
                )
            )
    return notes


def education_or_work(ctx: Context, _params: EducationOrWorkParams) -> list[EntryNote]:
    """Any completed degree meets it; otherwise paid or supervised work with the age band."""
    notes = []
    for index, degree in enumerate(ctx.portfolio.education):
        if degree.completed_on > ctx.as_of:
            notes.append(after(ctx, "education", index))
        else:
            notes.append(
                note(
                    ctx,
                    "education",
                    index,
                    counts=True,
                    reason=_("Counts: {have}."),
                    have=level(ctx, degree.level),
                )
            )
    for index, entry in enumerate(ctx.portfolio.work):
        if entry.start > ctx.as_of:
            notes.append(after(ctx, "work", index, starts=True))
        elif not ctx.band_matches(entry.age_band):
            notes.append(
                EntryNote(
                    section="work",
                    index=index,
                    counts=False,
                    reason=other_band(ctx, entry.age_band),
                    field="age_band",
                )
            )
        elif not (entry.paid or entry.supervised):
            notes.append(
                note(
                    ctx,
                    "work",
                    index,
                    counts=False,
                    reason=_(
                        "Neither paid nor supervised: only paid work or supervised "
                        "volunteer work counts."
                    ),
                    field="supervised",
                )
            )
        else:
            end = ctx.until(entry.end)
            span = (entry.start, end, fte_units(entry.fte))
            notes.append(
                note(
                    ctx,
                    "work",
                    index,
                    counts=True,
                    reason=COUNTS_SPAN,
                    amount=number(fte_days([span]), FULL_TIME),
                    start=entry.start,
                    end=end,
                )
            )
    return notes


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
