"""Translatable words that several checks put into their messages."""

from __future__ import annotations

from typing import Final, Protocol

from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import ngettext_noop, render_count

LEVELS: Final = {
    "cda": _("a Child Development Associate (CDA) credential"),
    "associate": _("an associate's degree"),
    "bachelor": _("a bachelor's degree"),
    "master": _("a master's degree"),
    "doctorate": _("a doctorate"),
}
BANDS: Final = {
    "infant": _("infants and their families"),
    "early_childhood": _("young children and their families"),
}
LEADERSHIP_KINDS: Final = {
    "clinical": _("clinical practice"),
    "policy": _("policy"),
    "research_faculty": _("research or teaching (faculty)"),
}


def band(ctx: Context) -> str:
    return ctx.say(BANDS[ctx.category.age_band])


def level(ctx: Context, code: str) -> str:
    return ctx.say(LEVELS[code])


YEARS = ngettext_noop("{count} year", "{count} years")


def years(days: int) -> int | float:
    whole, rest = divmod(days, 365)
    return whole if rest == 0 else round(days / 365, 1)


def duration(lang: str, days: int) -> str:
    """``2 years``, ``1 year``, ``1.5 years`` for a number of (FTE-)days."""
    return render_count(lang, YEARS, years(days))


UNMET = _("{have} of the {need} {what}")
MET = _("{have} {what} (at least {need} needed)")


class Speaker(Protocol):
    def say(self, message: str, **values: object) -> str: ...


def progress(
    ctx: Speaker, *, met: bool, have: object, need: object, what: str, **values: object
) -> str:
    """``1.5 of the 3 hours of …`` while short, ``6.5 hours of … (at least 3 needed)`` once met."""
    return ctx.say(MET if met else UNMET, have=have, need=need, what=ctx.say(what, **values))
