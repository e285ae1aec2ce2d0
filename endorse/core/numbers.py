"""Numbers people type and read, as their language writes them ("1,5" in Spanish, "1.5" in
English), never changed silently.

Reading (``read_number``) takes either mark, "," or ".", as the decimal mark when the text
can be read only one way, whatever the page's language: phones offer the keyboard of the
phone's region, not of the page, and people write as they learnt to. "1,5", "1.5", "0,125",
"12,50", "1.250,50", "1,250.50", "1 500" and "1.000.000" each have one reading. A single
mark followed by exactly three digits after one to three digits ("1,500", "1.500") is
1500 in one way of writing and 1.5 in the other, so it is refused with both readings
(``Ambiguous``) rather than guessed. See docs/decisions/0005-numbers-as-people-write-them.md.

Showing (``format_number``) uses the page's decimal mark, no thousands separator and no
trailing zeros ("1", "0,75", "1500,5"): whatever the site shows reads back as the same value.

``NumberField`` and ``WholeNumberField`` are the form fields for every number a person
types: a text box (``inputmode`` brings up the phone's number keyboard), the reading
above, and plain messages in the page's language ("Enter at most 10000 hours.") instead
of Django's ("Ensure that there are no more than 7 digits in total.").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

NUMBER = _("Enter a number, such as %(example)s.")
WHOLE = _("Enter a whole number.")
AMBIGUOUS = _("“%(text)s” could mean %(whole)s or %(decimal)s: type one of those.")
AT_MOST = _("Enter at most %(limit)s.")
AT_LEAST = _("Enter at least %(limit)s.")
AT_MOST_HOURS = _("Enter at most %(limit)s hours.")
MORE_THAN_ZERO_HOURS = _("Hours must be more than 0.")
YEARS_AT_MOST = _("Enter at most %(limit)s years.")
AT_MOST_AMOUNT = _("Enter an amount of at most %(limit)s.")
PLACES = ngettext_lazy(
    "Use at most %(count)s decimal place.", "Use at most %(count)s decimal places.", "count"
)

MAX_HOURS = Decimal(10_000)
MAX_AMOUNT = Decimal(1_000_000)

_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2009", " "))
_SHAPE = re.compile(r"[0-9]+(?:[., ][0-9]*)*|[.,][0-9]+")
_DIGITS = re.compile(r"[0-9]*")
_LEADING_GROUP = re.compile(r"[1-9][0-9]{0,2}")


class Unreadable(ValueError):
    """Not a number in any way of writing one."""


class Ambiguous(ValueError):
    """A number with two readings: ``whole`` (the mark groups thousands) or ``decimal``."""

    def __init__(self, *, whole: Decimal, decimal: Decimal) -> None:
        super().__init__(f"{whole} or {decimal}")
        self.whole, self.decimal = whole, decimal


def plain(number: Decimal) -> Decimal:
    """The same value without trailing zeros or an exponent (1.50 → 1.5, 1E+2 → 100), built
    digit by digit: ``normalize()`` would round beyond the context's 28 digits."""
    sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):  # not a finite number
        return number
    kept = list(digits)
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if exponent > 0:
        kept += [0] * exponent
        exponent = 0
    if not any(kept):
        return Decimal(0)
    return Decimal((sign, tuple(kept), exponent))


def read_number(text: str) -> Decimal:
    """The value of a typed number, read as described above; raises ``Unreadable`` or
    ``Ambiguous``."""
    body = text.strip().translate(_SPACES)
    sign = ""
    if body[:1] in ("-", "\u2212", "+"):
        sign, body = ("" if body[0] == "+" else "-"), body[1:].lstrip()
    if not _SHAPE.fullmatch(body) or "  " in body:
        raise Unreadable(text)
    whole, fraction = _split(body)
    return plain(Decimal(f"{sign}{whole or '0'}.{fraction or '0'}"))


def _split(body: str) -> tuple[str, str]:
    """The digits before and after the decimal mark."""
    marks = {mark for mark in ".," if mark in body}
    if len(marks) == 2:  # the last mark is the decimal one, the other groups thousands
        point = max(body.rfind("."), body.rfind(","))
        if " " in body or body.count(body[point]) != 1:
            raise Unreadable(body)
        group = "," if body[point] == "." else "."
        return _ungrouped(body[:point], group), _fraction(body[point + 1 :])
    if not marks:
        return _ungrouped(body, " "), ""
    (mark,) = marks
    if body.count(mark) > 1:  # "1.000.000": only thousands
        return _ungrouped(body, mark), ""
    head, tail = body.split(mark)
    if _LEADING_GROUP.fullmatch(head) and len(tail) == 3 and tail.isdigit():
        raise Ambiguous(whole=Decimal(head + tail), decimal=plain(Decimal(f"{head}.{tail}")))
    return _ungrouped(head, " "), _fraction(tail)


def _ungrouped(digits: str, group: str) -> str:
    """Digits without their thousands separator, which must part groups of three."""
    if group in digits or " " in digits:
        groups = digits.split(group)
        if not (
            _LEADING_GROUP.fullmatch(groups[0])
            and all(len(part) == 3 and part.isdigit() for part in groups[1:])
        ):
            raise Unreadable(digits)
        return "".join(groups)
    if not _DIGITS.fullmatch(digits):
        raise Unreadable(digits)
    return digits


def _fraction(digits: str) -> str:
    if not digits or not _DIGITS.fullmatch(digits):
        raise Unreadable(digits)
    return digits


def decimal_places(number: Decimal) -> int:
    exponent = plain(number).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(
    value: Decimal | float | int, *, cents: bool = False, places: int | None = None
) -> str:
    """A number in the active language: its decimal mark, no thousands separator, no
    trailing zeros ("1", "0,75"); with ``cents``, an amount of money with two ("12,50");
    with ``places``, at least that many."""
    return _formatted(str(value), cents, places, get_language() or "en")


@lru_cache(maxsize=8192)
def _formatted(text: str, cents: bool, places: int | None, language: str) -> str:
    """A long log writes the same few numbers hundreds of times a page ("1.5" hours); each
    reads the same in a language every time."""
    number = plain(Decimal(text))
    if cents and places is None:
        places = 2
    if places is not None and decimal_places(number) <= places:
        number = number.quantize(Decimal(1).scaleb(-places))
    return numberformat.format(number, get_format("DECIMAL_SEPARATOR"), grouping=0)


def number_box(*, whole: bool = False) -> forms.TextInput:
    """A text box, not ``type=number``: a browser's number box reads only its own region's
    way of writing numbers (Chromium read Spanish "1,5" as 15)."""
    mode = "numeric" if whole else "decimal"
    return forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off"})


class NumberField(forms.DecimalField):
    """A number a person types, read as described above, within ``min_value`` and
    ``max_value`` and with at most ``decimal_places``; each refusal is one plain message.

    ``example`` shows how to write a number in the "Enter a number" message; ``cents``
    shows amounts of money back with two decimals."""

    default_error_messages = {
        "invalid": NUMBER,
        "ambiguous": AMBIGUOUS,
        "whole": WHOLE,
        "max_value": AT_MOST,
        "min_value": AT_LEAST,
        "max_decimal_places": PLACES,
    }

    def __init__(
        self,
        *,
        max_value: Decimal | int | None = None,
        min_value: Decimal | int | None = Decimal(0),
        decimal_places: int = 2,
        max_digits: int | None = None,
        cents: bool = False,
        example: Decimal = Decimal("1.5"),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", number_box(whole=decimal_places == 0))
        kwargs.pop("localize", None)  # shown and read by this field, in the page's language
        kwargs.pop("step_size", None)
        super().__init__(decimal_places=decimal_places, **kwargs)
        # Django's own checks speak of digits in total; the limits below say the same plainly.
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]
        if max_value is None:
            if max_digits is None:
                raise TypeError("A number a person types needs an upper limit.")
            max_value = Decimal(10) ** (max_digits - decimal_places) - Decimal(1).scaleb(
                -decimal_places
            )
        self.most = Decimal(max_value)
        self.least = None if min_value is None else Decimal(min_value)
        self.cents, self.example = cents, example

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return plain(Decimal(str(value)))
        text = str(value)
        try:
            return read_number(text)
        except Ambiguous as two:
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={
                    "text": text.strip(),
                    "whole": format_number(two.whole),
                    # Three decimals would read both ways again ("1.255"): a fourth doesn't.
                    "decimal": format_number(two.decimal, places=4)
                    if decimal_places(two.decimal) == 3
                    else format_number(two.decimal),
                },
            ) from None
        except (Unreadable, InvalidOperation):
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": format_number(self.example, cents=self.cents)},
            ) from None

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)
        if value in self.empty_values:
            return
        number = Decimal(value)
        if number > self.most:
            self._refuse("max_value", limit=format_number(self.most))
        if self.least is not None and number < self.least:
            self._refuse("min_value", limit=format_number(self.least))
        if decimal_places(number) > (self.decimal_places or 0):
            self._refuse("max_decimal_places", count=self.decimal_places)

    def _refuse(self, code: str, **params: Any) -> None:
        raise ValidationError(self.error_messages[code], code=code, params=params)

    def prepare_value(self, value: Any) -> Any:
        """A stored or initial number as the page's language writes it; what was typed, as
        typed."""
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, cents=self.cents)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return forms.Field.widget_attrs(self, widget)


class WholeNumberField(NumberField):
    """A whole number (days, minutes, places): "1.5" is refused, "12" and "12,0" read 12."""

    default_error_messages = {"invalid": WHOLE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs["decimal_places"] = 0
        kwargs.setdefault("example", Decimal(12))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        number = super().to_python(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            self._refuse("whole")
        return int(number)


def hours_field(
    label: Any,
    *,
    required: bool = True,
    min_value: Decimal = Decimal("0.01"),
    **kwargs: Any,
) -> NumberField:
    """Hours in hundredths, up to 10,000 (a column of 7 digits, 2 after the mark)."""
    messages = {"max_value": AT_MOST_HOURS}
    if min_value > 0:
        messages["min_value"] = MORE_THAN_ZERO_HOURS
    messages.update(kwargs.pop("error_messages", {}))
    return NumberField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=MAX_HOURS,
        decimal_places=2,
        error_messages=messages,
        **kwargs,
    )


def amount_field(label: Any, *, min_value: Decimal = Decimal("0.01"), **kwargs: Any) -> NumberField:
    """An amount of money in the association's currency, in cents at most."""
    return NumberField(
        label=label,
        min_value=min_value,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        cents=True,
        example=Decimal("125.50"),
        error_messages={"max_value": AT_MOST_AMOUNT, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


def formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A ModelForm's ``Meta.formfield_callback``: number columns become the fields above,
    bounded by the column's own validators; every other column gets its usual field."""
    if db_field.choices or not isinstance(db_field, models.IntegerField | models.DecimalField):
        return db_field.formfield(**kwargs)
    low: Decimal | None = None
    high: Decimal | None = None
    for validator in db_field.validators:
        limit = getattr(validator, "limit_value", None)
        if callable(limit) or limit is None:
            continue
        if isinstance(validator, MinValueValidator):
            low = Decimal(limit) if low is None else max(low, Decimal(limit))
        elif isinstance(validator, MaxValueValidator):
            high = Decimal(limit) if high is None else min(high, Decimal(limit))
    if isinstance(db_field, models.IntegerField):
        # The portable range of the column (SQLite's own would allow 2**63 everywhere).
        floor, ceiling = BaseDatabaseOperations.integer_field_ranges[db_field.get_internal_type()]
        low = Decimal(floor) if low is None else max(low, Decimal(floor))
        high = Decimal(ceiling) if high is None else min(high, Decimal(ceiling))
    form_class = WholeNumberField if isinstance(db_field, models.IntegerField) else NumberField
    bounds = {"min_value": low, "max_value": high}
    kwargs = {name: limit for name, limit in bounds.items() if limit is not None} | kwargs
    return db_field.formfield(form_class=form_class, **kwargs)
