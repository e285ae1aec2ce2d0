"""What the explanation says about one entry, and the words several rules share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import msgspec

from endorse.eligibility.checks.phrases import BANDS, band
from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _

Amount = int | float | None


class EntryNote(msgspec.Struct, frozen=True, kw_only=True):
    """One entry's part in one requirement.

    ``section`` and ``index`` name the entry in the portfolio (``rsc``, 3 is
    ``portfolio.rsc[3]``); ``amount`` is what a counted entry adds in the
    requirement's unit (hours, full-time days, days, families), where that
    adds up; a counted entry's amounts may overlap (two jobs on one day).
    ``field`` names the entry's field the reason is about, where one is (``paid``,
    ``supervised``, ``format``, ``topics``…), so a reader can be taken to it.
    """

    section: str
    index: int
    counts: bool
    reason: str
    amount: Amount = None
    field: str | None = None


def note(
    ctx: Context,
    section: str,
    index: int,
    *,
    counts: bool,
    reason: str,
    amount: Amount = None,
    field: str | None = None,
    **values: object,
) -> EntryNote:
    return EntryNote(
        section=section, index=index, counts=counts, reason=said(ctx, reason, values),
        amount=amount, field=field,
    )  # fmt: skip


def said(ctx: Context, message: str, values: dict[str, object]) -> str:
    """``ctx.say``, once per distinct message in an explanation: most entries share their
    reason with others ("Not marked as training on …"), and rendering is the costly part."""
    key = ("said", message, *values.items())
    text = ctx.memo.get(key)
    if text is None:
        text = ctx.memo[key] = ctx.say(message, **values)
    assert isinstance(text, str)
    return text


AFTER: Final = _("Dated after {as_of}, the day judged: it doesn't count yet.")
STARTS_AFTER: Final = _("Starts after {as_of}, the day judged: it doesn't count yet.")
COUNTS_SPAN: Final = _("Counts from {start} to {end}.")
# The field that dates an entry, where it isn't ``date`` (those with a span start it).
DATE_FIELDS: Final = {"education": "completed_on"}


def after(ctx: Context, section: str, index: int, *, starts: bool = False) -> EntryNote:
    return note(
        ctx,
        section,
        index,
        counts=False,
        reason=STARTS_AFTER if starts else AFTER,
        field="start" if starts else DATE_FIELDS.get(section, "date"),
        as_of=ctx.as_of,
    )


def phrase(ctx: Context, words: Mapping[str, str], key: str) -> str:
    """``words[key]`` in the reader's language; a value the table lacks (a row the web
    built from a blank field) as it is, so an explanation never fails on it."""
    return ctx.say(words[key]) if key in words else key or "–"


def other_band(ctx: Context, age_band: str) -> str:
    """Why work with another age band than the category's doesn't count (the work rules')."""
    return said(
        ctx,
        _("Work with {theirs} doesn't count for this category, which asks for {band}."),
        {"theirs": phrase(ctx, BANDS, age_band), "band": band(ctx)},
    )
