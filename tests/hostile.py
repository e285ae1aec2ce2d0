"""Hostile text: what a person might type, on purpose or not, into any free-text field.

Used across the suite wherever text a person typed is shown: on a page it must come out
escaped, in a plain-text email exactly as typed, in a CSV neutralised, in a PDF as text.
"""

from __future__ import annotations

from django.utils.html import escape

# Markup that would run as script if printed unescaped, a link to script, template syntax
# that must never be evaluated, a right-to-left override, accents and an emoji.
MARKUP = (
    '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    '<a href="javascript:alert(3)">j</a> {{ request.user.email }} {% debug %} '
    "\u202egnp.exe Zoë Ñúñez-O'Brien 🌱"
)
# A spreadsheet formula: harmless on a page, dangerous as the first character of a CSV cell.
FORMULA = '=HYPERLINK("http://evil.example/","open me")'
LONG = "Ω" * 5000
NUL = "before\x00after"
HOSTILE = (MARKUP, FORMULA, LONG, NUL, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1")

# What must never appear in any HTML page, whatever was typed.
RAW_MARKUP = ("<img src=x", "<script>alert", 'href="javascript:', "onerror=alert(1)>")


def tagged(tag: str, max_length: int | None) -> str:
    """The markup payload for one field: ``tag`` tells which field a page printed."""
    return f"⟦{tag}⟧{MARKUP}"[: max_length or None]


def shown_in_html(value: str) -> str:
    """Exactly how a value must read in an HTML page's source."""
    return str(escape(value))
