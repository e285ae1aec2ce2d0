"""Amounts: whole cents in and out; forms' decimals become cents exactly, never via a float."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from endorse.core.numbers import format_number


def format_money(cents: int, currency: str, lang: str) -> str:
    """In English "$35.50"; "35,50 US$" in Spanish, with the decimal comma of every other
    number on the Spanish pages (Babel's es_US would write "$35.50" there)."""
    return format_currency(Decimal(cents) / 100, currency, locale="es" if lang == "es" else "en_US")


def cents_of(amount: Decimal) -> int:
    """A form's amount (a Decimal with at most two places) in whole cents."""
    return int(amount * 100)


def amount_text(cents: int) -> str:
    """Whole cents as an amount typed in a form is written in the active language (3500 →
    "35.00", or "35,00" in Spanish): for messages about what was typed."""
    return format_number(Decimal(cents) / 100, cents=True)
