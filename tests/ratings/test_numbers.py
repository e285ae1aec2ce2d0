"""The rater's years are typed as the page's language writes them and shown back so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from endorse.ratings.forms import RatingForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "typed"), [("es", "1,5"), ("en", "1.5")])
def test_years_known_read_each_language_s_decimal_mark(language: str, typed: str) -> None:
    with translation.override(language):
        form = RatingForm(data={"years_known": typed}, items=[], language=language)
        form.is_valid()
        assert "years_known" not in form.errors
    assert form.cleaned_data["years_known"] == Decimal("1.5")


def test_years_known_are_refused_plainly_and_shown_in_the_reader_s_language() -> None:
    with translation.override("es"):
        form = RatingForm(data={"years_known": "75"}, items=[], language="es")
        assert form.errors["years_known"] == ["Escriba como máximo 60 años."]
        summary = {"years_known": "1.5", "areas": []}
        html = render_to_string("ratings/partials/summary.html", {"summary": summary})
    assert "<dd>1,5</dd>" in html
