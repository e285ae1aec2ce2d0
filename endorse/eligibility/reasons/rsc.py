"""Why each RS/C session counts toward the RS/C rules, or doesn't.

The counted sessions are those of the window the check's figure comes from:
the first window with the most hours (``rsc_hours``), or the window whose
spread of months is the check's figure (``rsc_period``).
"""

from __future__ import annotations

from datetime import date

from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import Rsc, hundredths
from endorse.eligibility.reasons.notes import EntryNote, after, note, said
from endorse.eligibility.rulesets import RscHoursParams, RscPeriodParams, TrainingParams
from endorse.eligibility.spans import whole_months_between, windows

# (date, hundredths of an hour, index in the portfolio), sorted as the check sorts.
Session = tuple[date, int, int]


def _refusal(
    ctx: Context, entry: Rsc, providers: tuple[str, ...], about: bool
) -> tuple[str, str] | None:
    """Why a session can't count at all (the check's filter, reason by reason), and the
    field that says so."""
    vetted_ok = ctx.options.accept_vetted_rsc_providers
    if entry.format == "peer":
        text = _("Peer RS/C doesn't count: only individual or group sessions do.")
        return said(ctx, text, {}), "format"
    if not (entry.provider_endorsement in providers or (vetted_ok and entry.provider_vetted)):
        if entry.provider_endorsement:
            text = _(
                "The provider's Endorsement ({code}) doesn't qualify them for this "
                "category; these do: {accepted}."
            )
            values = {"code": entry.provider_endorsement, "accepted": ", ".join(providers)}
            return said(ctx, text, values), "provider_endorsement"
        if entry.provider_vetted:
            text = _("This association doesn't accept vetted RS/C providers.")
            return said(ctx, text, {}), "provider_endorsement"
        text = _("The provider is neither endorsed nor vetted, so it doesn't count.")
        return said(ctx, text, {}), "provider_endorsement"
    if about and not entry.about_providing_rsc:
        text = _("Not about the reflective supervision/consultation you provide.")
        return said(ctx, text, {}), "about_providing_rsc"
    return None


def _sort(
    ctx: Context, params: RscHoursParams, about: bool
) -> tuple[list[Session], list[EntryNote]]:
    qualifying: list[Session] = []
    refused: list[EntryNote] = []
    for index, entry in enumerate(ctx.portfolio.rsc):
        if entry.date > ctx.as_of:
            refused.append(after(ctx, "rsc", index))
            continue
        refusal = _refusal(ctx, entry, params.providers, about)
        if refusal is None:
            qualifying.append((entry.date, hundredths(entry.hours), index))
        else:
            reason, field = refusal
            refused.append(
                EntryNote(section="rsc", index=index, counts=False, reason=reason, field=field)
            )
    qualifying.sort()
    return qualifying, refused


def _in_order(notes: list[EntryNote]) -> list[EntryNote]:
    return sorted(notes, key=lambda entry: entry.index)


def _window_notes(
    ctx: Context,
    found: list[Session],
    chosen: tuple[int, int] | None,
    texts: tuple[str, str],
    **more: object,
) -> list[EntryNote]:
    """The chosen window's sessions count (``texts[0]``); the others are outside it."""
    if chosen is None:
        return []
    first, last = chosen
    counted, outside = texts
    values = {"start": found[first][0], "end": found[last][0], **more}
    return [
        note(
            ctx,
            "rsc",
            index,
            counts=first <= position <= last,
            reason=counted if first <= position <= last else outside,
            amount=number(amount) if first <= position <= last else None,
            field=None,  # a session outside the window: no one field to change
            **values,
        )
        for position, (_day, amount, index) in enumerate(found)
    ]


def _best_hours(ctx: Context, params: RscHoursParams, about: bool) -> list[EntryNote]:
    found, refused = _sort(ctx, params, about)
    spans = windows([(day, amount) for day, amount, _index in found], params.window_months)
    best = max(spans, key=lambda span: span[2], default=None)
    chosen = (best[0], best[1]) if best else None
    texts = (
        _("In the {window}-month window with the most hours, {start} to {end}."),
        _("Outside the {window}-month window with the most hours ({start} to {end})."),
    )
    window = params.window_months
    return _in_order(refused + _window_notes(ctx, found, chosen, texts, window=window))


def rsc_hours(ctx: Context, params: RscHoursParams) -> list[EntryNote]:
    return _best_hours(ctx, params, about=False)


def rsc_about_providing(ctx: Context, _params: TrainingParams) -> list[EntryNote]:
    return _best_hours(ctx, ctx.ruleset.params("rsc_hours"), about=True)


def rsc_period(ctx: Context, _params: RscPeriodParams) -> list[EntryNote]:
    hours: RscHoursParams = ctx.ruleset.params("rsc_hours")
    found, refused = _sort(ctx, hours, about=False)
    spans = windows([(day, amount) for day, amount, _index in found], hours.window_months)
    need = hundredths(hours.hours)
    full = [(first, last) for first, last, total in spans if total >= need]

    def spread(window: tuple[int, int]) -> int:
        return whole_months_between(found[window[0]][0], found[window[1]][0])

    candidates = full or [(first, last) for first, last, _total in spans]
    chosen = max(candidates, key=spread, default=None)
    texts = (
        _("Part of the period that spreads the hours, {start} to {end}."),
        _("Outside the period that spreads the hours ({start} to {end})."),
    )
    return _in_order(refused + _window_notes(ctx, found, chosen, texts))
