"""Amounts of money are typed as the page's language writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from endorse.payments.forms import EmployerPaymentForm, FeeLineForm
from endorse.payments.money import amount_text
from endorse.standards.models import Category


@pytest.mark.parametrize(("language", "typed"), [("es", "1,5"), ("en", "1.5")])
def test_amounts_read_each_language_s_decimal_mark(language: str, typed: str) -> None:
    with translation.override(language):
        received = EmployerPaymentForm.base_fields["amount"].clean(typed)
        fee = FeeLineForm.base_fields["amount"].clean(typed)
    assert received == fee == Decimal("1.5")


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("es", "1.250", "«1.250» podría significar 1250 o 1,25: escriba uno de los dos."),
        ("en", "$12", "Enter a number, such as 125.50."),
        ("en", "12345678901", "Enter an amount of at most 1000000."),
        ("es", "12,3456", "Use como máximo 2 decimales."),
    ],
)
def test_an_amount_it_can_not_read_is_refused_plainly(
    language: str, typed: str, message: str
) -> None:
    with translation.override(language):
        form = FeeLineForm(data={"amount": typed}, categories=Category.objects.none())
        assert form.errors["amount"] == [message]


def test_amounts_in_messages_follow_the_language() -> None:
    with translation.override("es"):
        assert amount_text(3550) == "35,50"
    assert amount_text(3500) == "35.00"
