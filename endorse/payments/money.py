"""Showing amounts: whole cents in, the locale's currency format out."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency


def format_money(cents: int, currency: str, lang: str) -> str:
    return format_currency(
        Decimal(cents) / 100, currency, locale="es_US" if lang == "es" else "en_US"
    )
