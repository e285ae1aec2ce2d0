"""The select box drawn in Python is, character for character, the one Django's templates
draw: selected values, option groups, multiple choice, attributes and hostile labels."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy, override

from endorse.core.form_renderer import Renderer
from endorse.endorsements.forms import RegistrySearchForm

HOSTILE = '<script>alert("x")</script> & “Ñandú”'


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "Ana"), (1, "One"), ("z", HOSTILE)])
    grouped = forms.ChoiceField(
        choices=[
            ("", "Choose"),
            ("North", [("n1", "Nome"), ("n2", "Núñez")]),
            ("South & <b>", [("s1", gettext_lazy("Search"))]),
        ],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[(str(i), f"Item {i}") for i in range(30)])
    yes_no = forms.NullBooleanField()
    typed = forms.TypedChoiceField(choices=[(1, "1,5"), (2, "2")], coerce=int,
                                   widget=forms.Select(attrs={"data-x": '"q"', "disabled": True,
                                                              "hidden": False}))  # fmt: skip


def drawn(form: forms.Form, renderer: Any) -> list[str]:
    form.renderer = renderer
    return [str(field.as_widget(attrs={"aria-describedby": f"{field.auto_id}-error"}))
            for field in form]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "z", "grouped": "n2", "many": ["3", "29"], "yes_no": "false", "typed": "1"},
        {"plain": "nope", "grouped": HOSTILE, "many": [HOSTILE]},
    ],
)
def test_every_select_is_drawn_as_the_templates_draw_it(data: dict[str, Any] | None) -> None:
    ours, django = drawn(Everything(data), Renderer()), drawn(Everything(data), DjangoTemplates())
    assert ours == django
    assert "<script>" not in "".join(ours)
    many = ours[2]
    assert many.startswith('<select name="many" aria-describedby="id_many-error" required')
    assert " multiple" in many.split(">", 1)[0]


def test_the_registry_form_is_drawn_as_before_in_both_languages(db: None) -> None:
    for language in ("en", "es"):
        with override(language):
            data = {"name": "garcía", "category": "IMHS", "locality": "Hartford"}
            ours = drawn(RegistrySearchForm(data, across_associations=True), Renderer())
            django = drawn(RegistrySearchForm(data, across_associations=True), DjangoTemplates())
            assert ours == django


def test_the_site_draws_its_forms_with_it(settings: Any) -> None:
    assert settings.FORM_RENDERER == "endorse.core.form_renderer.Renderer"
