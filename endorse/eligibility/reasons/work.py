"""Why each job counts toward ``work`` and ``families``, or doesn't.

The counted entries are exactly those the check's ``qualifying`` found (the
same objects), so the reasons here only say *why* the others were left out.
Internship entries count in order of their start until the rule's cap is
reached; those after it add nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from msgspec.structs import replace

from endorse.eligibility.checks.work import Qualifying, Span, degree_date, qualifying
from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import Work
from endorse.eligibility.reasons.notes import (
    COUNTS_SPAN,
    EntryNote,
    after,
    note,
    other_band,
    phrase,
)
from endorse.eligibility.rulesets import FamiliesParams, WorkParams
from endorse.eligibility.spans import FULL_TIME, fte_days

SERVICES: Final = {
    "promotion": _("promotion"),
    "prevention": _("prevention"),
    "treatment": _("treatment"),
    "parent_infant_psychotherapy": _("parent–infant/child psychotherapy"),
    "other": _("other work"),
}


def _left_out(ctx: Context, params: WorkParams, entry: Work, floor: date | None) -> EntryNote:
    """Why the check's ``qualifying`` left ``entry`` out (it did), and the field that says so;
    the index is filled in by the caller."""
    if entry.service not in params.services:
        reason = ctx.say(
            _("This kind of work ({service}) doesn't count here; these do: {services}."),
            service=phrase(ctx, SERVICES, entry.service),
            services=", ".join(ctx.say(SERVICES[code]) for code in params.services),
        )
        return _refused(reason, "service")
    if not ctx.band_matches(entry.age_band):
        return _refused(other_band(ctx, entry.age_band), "age_band")
    if params.after_degree and floor is None:
        reason = ctx.say(_("Only work after a master's degree counts, and none is completed."))
        return _refused(reason, None)
    if floor is not None and floor > ctx.until(entry.end):
        reason = ctx.say(_("Before the master's degree was completed on {date}."), date=floor)
        return _refused(reason, "end" if entry.end else "start")
    if params.internship is not None and entry.internship:
        reason = ctx.say(
            _("An internship counts only when supervised by one of these: {codes}."),
            codes=", ".join(params.internship.supervisor_endorsements),
        )
        return _refused(reason, "supervisor_endorsement")
    if params.paid and not entry.paid:
        return _refused(ctx.say(_("Not marked as paid work: only paid work counts here.")), "paid")
    what = (
        _("Not marked as supervised: only supervised paid work counts here.")
        if params.paid
        else _("Not marked as supervised: only supervised work counts here.")
    )
    return _refused(ctx.say(what), "supervised")


def _refused(reason: str, field: str | None) -> EntryNote:
    return EntryNote(section="work", index=-1, counts=False, reason=reason, field=field)


def _counted(ctx: Context, index: int, span: Span, floor: date | None, entry: Work) -> EntryNote:
    start, end, _fte = span
    clipped = floor is not None and entry.start < floor
    days = number(fte_days([span]), FULL_TIME)
    return note(
        ctx,
        "work",
        index,
        counts=True,
        reason=_("Counts from {start} (the master's degree) to {end}.") if clipped else COUNTS_SPAN,
        amount=days,
        start=start,
        end=end,
    )


def _internships(ctx: Context, params: WorkParams, found: Qualifying) -> dict[int, EntryNote]:
    """Internship entries by ``id``: counted until the cap is reached, in order of start."""
    if params.internship is None:
        return {}
    cap = params.internship.max_days * FULL_TIME
    regular = [span for _entry, span in found.regular]
    base = fte_days(regular)
    positions = {id(entry): index for index, entry in enumerate(ctx.portfolio.work)}
    result: dict[int, EntryNote] = {}
    taken: list[Span] = []
    reached = False
    for entry, span in sorted(
        found.internship, key=lambda item: (item[1][0], positions[id(item[0])])
    ):
        index = positions[id(entry)]
        if reached:
            result[id(entry)] = note(
                ctx, "work", index, counts=False,
                reason=_("Beyond the internship cap of {cap} days, already reached."),
                cap=params.internship.max_days,
            )  # fmt: skip
            continue
        taken.append(span)
        extra = fte_days([*regular, *taken]) - base
        reached = extra >= cap
        counted = _counted(ctx, index, span, None, entry)
        if reached:
            counted = note(
                ctx, "work", index, counts=True, amount=counted.amount,
                reason=_("Internship: counts until the cap of {cap} days is reached."),
                cap=params.internship.max_days,
            )  # fmt: skip
        result[id(entry)] = counted
    return result


def work_notes(ctx: Context, params: WorkParams) -> list[EntryNote]:
    found = qualifying(ctx, params)
    floor = degree_date(ctx) if params.after_degree else None
    regular = {id(entry): span for entry, span in found.regular}
    internships = _internships(ctx, params, found)
    notes: list[EntryNote] = []
    for index, entry in enumerate(ctx.portfolio.work):
        if entry.start > ctx.as_of:
            notes.append(after(ctx, "work", index, starts=True))
        elif id(entry) in regular:
            notes.append(_counted(ctx, index, regular[id(entry)], floor, entry))
        elif id(entry) in internships:
            notes.append(internships[id(entry)])
        else:
            notes.append(replace(_left_out(ctx, params, entry, floor), index=index))
    return notes


def work(ctx: Context, params: WorkParams) -> list[EntryNote]:
    return work_notes(ctx, params)


def families(ctx: Context, _params: FamiliesParams) -> list[EntryNote]:
    """Families served in every qualifying job (internships past the cap too, as the check)."""
    params: WorkParams = ctx.ruleset.params("work")
    found = qualifying(ctx, params)
    serving = {id(entry) for entry, _span in (*found.regular, *found.internship)}
    notes = []
    for entry_note in work_notes(ctx, params):
        entry = ctx.portfolio.work[entry_note.index]
        if id(entry) not in serving:
            notes.append(entry_note)
        elif entry.families_served:
            count = entry.families_served
            notes.append(
                note(
                    ctx,
                    "work",
                    entry_note.index,
                    counts=True,
                    amount=count,
                    reason=_("Counts: {count} families served."),
                    count=count,
                )
            )
        else:
            notes.append(
                note(
                    ctx,
                    "work",
                    entry_note.index,
                    counts=False,
                    reason=_("Qualifying work, but no families served are recorded."),
                    field="families_served",
                )
            )
    return notes
