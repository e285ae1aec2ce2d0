"""A renewal's hours are typed as the page's language writes them and shown back so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from endorse.renewals.forms import RscForm, SettingsForm, TrainingForm
from endorse.renewals.models import RenewalTraining


@pytest.mark.parametrize(("language", "typed"), [("es", "1,5"), ("en", "1.5")])
def test_training_and_rsc_hours_read_each_language_s_decimal_mark(
    language: str, typed: str
) -> None:
    with translation.override(language):
        training = TrainingForm(data={"title": "Apego", "date": "2026-03-01", "hours": typed})
        rsc = RscForm(
            data={"date": "2026-03-01", "hours": typed, "format": "group", "provider": "Ana"}
        )
        assert training.is_valid(), training.errors
        assert rsc.is_valid(), rsc.errors
    assert training.cleaned_data["hours"] == rsc.cleaned_data["hours"] == Decimal("1.5")


def test_too_many_hours_are_refused_plainly_in_spanish() -> None:
    with translation.override("es"):
        form = TrainingForm(data={"title": "Apego", "date": "2026-03-01", "hours": "123456,5"})
        assert form.errors["hours"] == ["Escriba como máximo 10000 horas."]


def test_the_trainings_table_shows_hours_without_trailing_zeros() -> None:
    row = RenewalTraining(title="Apego", hours=Decimal("1.50"))
    with translation.override("es"):
        html = render_to_string("renewals/partials/trainings.html", {"trainings": [row]})
    assert "<td>1,5</td>" in html and "1,50" not in html


def test_the_settings_take_whole_numbers_within_the_model_s_limits() -> None:
    with translation.override("es"):
        form = SettingsForm(data={"due_month": "13", "due_day": "1,5", "audit_percent": "1.000"})
        assert form.errors["due_month"] == ["Escriba como máximo 12."]
        assert form.errors["due_day"] == ["Escriba un número entero."]
        assert form.errors["audit_percent"] == [
            "«1.000» podría significar 1000 o 1: escriba uno de los dos."
        ]
