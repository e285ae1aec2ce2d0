"""Template helpers: accessible fields, amounts of money, days and times."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from endorse.core.moments import clock_text, day_text, moment_text
from endorse.core.numbers import format_number
from endorse.payments.money import format_money

register = template.Library()


@register.simple_tag
def widget(field: BoundField, **attrs: Any) -> SafeString:
    """The input, tied to its help and error text so screen readers announce both.

    Safe to return as markup: Django's widget templates escape the value and every
    attribute (the hostile-text matrix in tests/security checks typed values)."""
    described = [f"{field.auto_id}-error"]
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    merged: dict[str, Any] = {
        "aria-describedby": " ".join(described),
        **{name: value for name, value in attrs.items() if value},
    }
    if field.errors:
        merged["aria-invalid"] = "true"
    return field.as_widget(attrs=merged)


@register.filter
def money(cents: int | None, currency: str = "USD") -> str:
    if cents is None:
        return ""
    return format_money(cents, currency, get_language() or "en")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template; for a list, the item at index ``key``; else None."""
    if isinstance(mapping, list | tuple):
        return mapping[key] if isinstance(key, int) and 0 <= key < len(mapping) else None
    return mapping.get(key) if mapping else None


@register.filter
def agreement_body(agreement: Any, lang: str) -> str:
    return str(agreement.body(lang))


@register.filter
def signature_for(data: Any, agreement: Any) -> Any:
    return data.signature_for(agreement)


@register.filter
def category_name(code: str) -> str:
    """A category's full name in the active language, and its code: for emails, which get
    only plain values from the worker."""
    from endorse.standards.selectors import category_by_code

    category = category_by_code(code)
    return f"{category.name} ({category.code})"


@register.filter
def requirement_set(version: str) -> str:
    """A requirement set's id (``application.pinned_version``) as a person reads it."""
    from endorse.standards.naming import requirement_set_name

    return requirement_set_name(version) if version else ""


@register.filter
def editable_in(application: Any, section: str) -> bool:
    """Whether the applicant may change this section now (all of it in preparation; on hold,
    only the sections the decision reopened)."""
    return bool(application.section_editable(section))


@register.filter
def day(value: date | datetime | str | None, where: Any = None) -> str:
    """A day in the active language's long format; accepts the ISO text notifications keep,
    and a moment (the day it was in ``where``: an association, or the page's zone)."""
    return day_text(value, where)


@register.filter
def moment(value: datetime | None, where: Any = None) -> str:
    """``value|moment:association``: "Dec. 2, 2026, 6:42 a.m. ET"."""
    return moment_text(value, where)


@register.filter
def clock(value: datetime | None, where: Any = None) -> str:
    """``value|clock:association``: "6:42 a.m. ET"."""
    return clock_text(value, where)


@register.filter
def figure(value: Decimal | float | int | str | None) -> str:
    """A number as written in the active language, without trailing zeros or a thousands
    separator: hours 1.50 read "1.5" in English and "1,5" in Spanish, an FTE of 1.0000 reads
    "1". Text that is no number (an old answer) is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        return format_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
