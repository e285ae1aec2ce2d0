"""Plain-language messages for results, in English or Spanish.

The engine has no Django, so it reads the project's gettext catalogue
(``locale/<lang>/LC_MESSAGES/django.mo``) with the standard library. Checks
mark their texts with ``_`` (imported from here as ``gettext_noop``) so the
usual extraction finds them, and translate only when rendering.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

LOCALE_DIR: Final = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES: Final = ("en", "es")


def gettext_noop(message: str) -> str:
    return message


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for extraction; :func:`render_count` translates it."""
    return singular, plural


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("django", LOCALE_DIR, [lang], fallback=True)


def render(lang: str, message: str, **values: object) -> str:
    text = catalogue(lang).gettext(message)
    return text.format(**{key: format_value(value, lang) for key, value in values.items()})


# A day as the site's pages write it (Django's DATE_FORMAT for each language), so that an
# explanation reads "Dec. 2, 2026" / "2 de diciembre de 2026" like the rest of the page.
MONTHS_EN: Final = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
                    "Oct.", "Nov.", "Dec.")  # fmt: skip
MONTHS_ES: Final = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                    "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip


def day_text(day: date, lang: str) -> str:
    if lang == "es":
        return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def format_value(value: object, lang: str) -> str:
    if isinstance(value, date):
        return day_text(value, lang)
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "es" else text
    return str(value)


def number(units: int, per_unit: int = 100) -> int | float:
    """An exact count of ``1/per_unit`` as a JSON-friendly number (3, 1.5, 729.5)."""
    whole, rest = divmod(units, per_unit)
    return whole if rest == 0 else round(units / per_unit, 2)


def render_count(lang: str, forms: tuple[str, str], count: int | float, **values: object) -> str:
    """A message whose grammar depends on ``count`` ("1 year", "2 years", "1.5 years")."""
    # gettext picks plural forms by integers; a fraction reads as plural in both languages.
    n = count if isinstance(count, int) else 2
    text = catalogue(lang).ngettext(forms[0], forms[1], n)
    return text.format(count=format_value(count, lang), **values)
