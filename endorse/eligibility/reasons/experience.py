"""Why each leadership role, RS/C provided and reference counts, or doesn't."""

from __future__ import annotations

from collections.abc import Iterable

from endorse.eligibility.checks.phrases import LEADERSHIP_KINDS
from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.portfolio import Leadership, RscProvided
from endorse.eligibility.reasons.notes import COUNTS_SPAN, EntryNote, after, note, phrase
from endorse.eligibility.rulesets import DaysParams, LeadershipParams, ReferencesParams
from endorse.eligibility.spans import union_days


def _spans(
    ctx: Context, section: str, entries: Iterable[Leadership | RscProvided], index: int
) -> EntryNote:
    entry = list(entries)[index]
    end = ctx.until(entry.end)
    return note(
        ctx, section, index, counts=True, reason=COUNTS_SPAN,
        amount=union_days([(entry.start, end)]), start=entry.start, end=end,
    )  # fmt: skip


def leadership(ctx: Context, params: LeadershipParams) -> list[EntryNote]:
    notes = []
    for index, entry in enumerate(ctx.portfolio.leadership):
        if entry.start > ctx.as_of:
            notes.append(after(ctx, "leadership", index, starts=True))
        elif entry.kind != params.kind:
            notes.append(
                note(
                    ctx,
                    "leadership",
                    index,
                    counts=False,
                    reason=_("Leadership in {theirs}; this category asks for {kind}."),
                    field="kind",
                    theirs=phrase(ctx, LEADERSHIP_KINDS, entry.kind),
                    kind=ctx.say(LEADERSHIP_KINDS[params.kind]),
                )
            )
        else:
            notes.append(_spans(ctx, "leadership", ctx.portfolio.leadership, index))
    return notes


def rsc_provided(ctx: Context, _params: DaysParams) -> list[EntryNote]:
    return [
        after(ctx, "rsc_provided", index, starts=True)
        if entry.start > ctx.as_of
        else _spans(ctx, "rsc_provided", ctx.portfolio.rsc_provided, index)
        for index, entry in enumerate(ctx.portfolio.rsc_provided)
    ]


def references(ctx: Context, _params: ReferencesParams) -> list[EntryNote]:
    notes = []
    for index, entry in enumerate(ctx.portfolio.references):
        if entry.status == "completed":
            text = (
                _("Completed, by an endorsed or vetted rater.")
                if entry.rater_endorsed or entry.vetted
                else _("Completed.")
            )
            notes.append(note(ctx, "references", index, counts=True, reason=text, amount=1))
        elif entry.status == "declined":
            text = _("The rater declined.")
            notes.append(note(ctx, "references", index, counts=False, reason=text))
        else:
            text = _("Not completed yet.")
            notes.append(note(ctx, "references", index, counts=False, reason=text))
    return notes
