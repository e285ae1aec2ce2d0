"""Numbers typed as each language writes them: read the one way they can be read, refused
with a plain message when they can be read two ways or not at all, shown back as typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from endorse.associations.models import Association
from endorse.core.numbers import (
    Ambiguous,
    NumberField,
    Unreadable,
    WholeNumberField,
    amount_field,
    format_number,
    formfield,
    hours_field,
    read_number,
)
from endorse.core.templatetags.endorse_tags import figure
from endorse.exams.models import ExamPolicy


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,5", "1.5"), ("1.5", "1.5"), (" 0,75 ", "0.75"), ("0.125", "0.125"),
        ("0,125", "0.125"), ("12,50", "12.5"), ("1,5000", "1.5"), (",5", "0.5"), (".5", "0.5"),
        ("1500", "1500"), ("007", "7"), ("1.250,50", "1250.5"), ("1,250.50", "1250.5"),
        ("1 500", "1500"), ("1\u00a0500,5", "1500.5"), ("1.000.000", "1000000"),
        ("1,000,000", "1000000"), ("-2", "-2"), ("0,00", "0"), ("-0", "0"),
    ],
)  # fmt: skip
def test_a_number_with_one_reading_is_read_in_any_language(typed: str, value: str) -> None:
    assert read_number(typed) == Decimal(value)
    assert str(read_number(typed)) == value  # no trailing zeros, no exponent


@pytest.mark.parametrize(
    ("typed", "whole", "decimal"),
    [("1,500", 1500, "1.5"), ("1.500", 1500, "1.5"), ("12.250", 12250, "12.25"),
     ("999,001", 999001, "999.001")],
)  # fmt: skip
def test_a_thousands_separator_or_a_decimal_mark_is_refused_as_ambiguous(
    typed: str, whole: int, decimal: str
) -> None:
    with pytest.raises(Ambiguous) as two:
        read_number(typed)
    assert (two.value.whole, two.value.decimal) == (Decimal(whole), Decimal(decimal))


@pytest.mark.parametrize(
    "typed",
    ["", " ", "many", "1e3", "1,5.5", "1.5,5", "5.", "1..5", "1,2,3", "1 50", "12 ,5",
     "1.234,567.8", "١٢", "NaN", "Infinity", "0x10", "1/2", "--1"],
)  # fmt: skip
def test_what_is_no_number_is_unreadable(typed: str) -> None:
    with pytest.raises(Unreadable):
        read_number(typed)


def test_more_digits_than_decimal_can_hold_are_kept_exactly() -> None:
    typed = "1." + "0" * 40 + "1"
    assert str(read_number(typed)) == typed


def errors(field: forms.Field, typed: str) -> list[str]:
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    return list(refused.value.messages)


@pytest.mark.parametrize(("language", "typed"), [("es", "1,5"), ("en", "1.5")])
def test_each_language_s_decimal_mark_gives_the_same_hours(language: str, typed: str) -> None:
    with translation.override(language):
        assert hours_field("hours").clean(typed) == Decimal("1.5")


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("en", "1.500", "“1.500” could mean 1500 or 1.5: type one of those."),
        ("es", "1.500", "«1.500» podría significar 1500 o 1,5: escriba uno de los dos."),
        ("en", "1,255", "“1,255” could mean 1255 or 1.2550: type one of those."),
        ("es", "1,255", "«1,255» podría significar 1255 o 1,2550: escriba uno de los dos."),
        ("en", "one and a half", "Enter a number, such as 1.5."),
        ("es", "1,5 h", "Escriba un número, por ejemplo 1,5."),
        ("en", "123456", "Enter at most 10000 hours."),
        ("es", "99999,99", "Escriba como máximo 10000 horas."),
        ("en", "1" + "0" * 60, "Enter at most 10000 hours."),
        ("en", "0", "Hours must be more than 0."),
        ("es", "-1", "Las horas deben ser más de 0."),
        ("en", "1.2555", "Use at most 2 decimal places."),
        ("es", "1,2555", "Use como máximo 2 decimales."),
    ],
)
def test_hours_it_can_not_read_are_refused_with_one_plain_message(
    language: str, typed: str, message: str
) -> None:
    with translation.override(language):
        assert errors(hours_field("hours"), typed) == [message]


def test_a_suggested_reading_reads_back_the_same_way() -> None:
    field = NumberField(max_value=10_000, decimal_places=4)
    with translation.override("en"):
        assert errors(field, "1,255") == ["“1,255” could mean 1255 or 1.2550: type one of those."]
        assert field.clean("1.2550") == Decimal("1.255")
        assert field.clean("1255") == Decimal(1255)


def test_a_whole_number_refuses_fractions_and_says_its_limits() -> None:
    day = WholeNumberField(min_value=1, max_value=31)
    with translation.override("es"):
        assert day.clean("12") == 12
        assert day.clean("12,0") == 12
        assert errors(day, "1,5") == ["Escriba un número entero."]
        assert errors(day, "doce") == ["Escriba un número entero."]
        assert errors(day, "32") == ["Escriba como máximo 31."]
        assert errors(day, "0") == ["Escriba como mínimo 1."]
    with translation.override("en"):
        assert errors(day, "1.000") == ["“1.000” could mean 1000 or 1: type one of those."]


def test_money_is_shown_with_cents_and_refused_past_its_limit() -> None:
    amount = amount_field("amount")
    with translation.override("es"):
        assert amount.clean("125,5") == Decimal("125.5")
        assert amount.prepare_value(Decimal("125.5")) == "125,50"
        assert errors(amount, "2000000") == ["Escriba un importe de como máximo 1000000."]
        assert errors(amount, "diez") == ["Escriba un número, por ejemplo 125,50."]
    with translation.override("en"):
        assert errors(amount, "0") == ["Enter at least 0.01."]


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [
        ("es", Decimal("1.50"), "1,5"), ("en", Decimal("1.50"), "1.5"),
        ("es", Decimal("0.7500"), "0,75"), ("en", Decimal("1.0000"), "1"),
        ("es", Decimal("10000.00"), "10000"), ("en", Decimal("1E+2"), "100"),
        ("es", 3, "3"), ("es", 0.1, "0,1"),
    ],
)  # fmt: skip
def test_numbers_are_shown_as_the_language_writes_them_without_trailing_zeros(
    language: str, stored: Decimal, shown: str
) -> None:
    with translation.override(language):
        assert format_number(stored) == shown
        assert figure(stored) == shown
        assert NumberField(max_value=10**6, decimal_places=4).prepare_value(stored) == shown


def test_a_figure_of_text_that_is_no_number_shows_the_text() -> None:
    with translation.override("es"):
        assert figure("1.5") == "1,5"
        assert figure("unos años") == "unos años"
        assert figure(None) == figure("") == ""


def test_what_was_typed_is_shown_back_as_typed() -> None:
    class Form(forms.Form):
        hours = hours_field("hours")

    with translation.override("es"):
        form = Form(data={"hours": "1.500"})
        assert not form.is_valid()
        html = str(form["hours"])
    assert 'value="1.500"' in html and 'inputmode="decimal"' in html and 'type="text"' in html


def test_a_model_form_s_number_columns_take_their_limits_from_the_model() -> None:
    days = formfield(Association._meta.get_field("rating_link_days"))
    credit = formfield(Association._meta.get_field("review_credit_hours"))
    minutes = formfield(ExamPolicy._meta.get_field("part1_minutes"))
    currency = formfield(Association._meta.get_field("currency"))
    assert isinstance(days, WholeNumberField) and (days.least, days.most) == (1, 365)
    assert isinstance(credit, NumberField) and (credit.least, credit.most) == (0, 100)
    assert credit.decimal_places == 2
    assert isinstance(minutes, WholeNumberField) and (minutes.least, minutes.most) == (0, 32767)
    assert type(currency) is forms.CharField
