"""What a person types goes in as typed, or is refused with a message at the field.

Markup, formulas and right-to-left marks are stored exactly (they are shown escaped
everywhere: see test_hostile_text.py); a NUL character and text longer than the field
are refused next to the field, and nothing else typed is lost.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.validators import ProhibitNullCharactersValidator

import endorse
from endorse.applications.models import Training, Work
from tests.applications.conftest import World
from tests.hostile import FORMULA, LONG, MARKUP, NUL, shown_in_html


def _all_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(endorse.__path__, "endorse."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "views"} or ".views." in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("endorse."):
                found.append(sub)
    return found


def test_every_text_field_of_every_form_refuses_nul_and_has_a_length(report_figure: Any) -> None:
    checked, missing = 0, []
    for form_class in _all_forms():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            checked += 1
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            if not any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators):
                missing.append(f"{where}: takes NUL")
            # The admin's requirement-set rules are whole JSON documents, for the site's staff.
            if field.max_length is None and ".admin." not in where:
                missing.append(f"{where}: no length limit")
    report_figure(f"{checked} text fields in {len(_all_forms())} forms checked")
    assert checked > 50
    assert missing == [], "\n".join(missing)


def _autosave(world: World, section: str, entry: Training | Work, values: dict[str, str]):
    data = {f"{section}-{entry.pk}-{key}": value for key, value in values.items()}
    return world.client(world.applicant).post(
        f"/ct/application/{section}/{entry.pk}/", data, HTTP_HX_REQUEST="true"
    )


TRAINING = {"date": "2024-05-02", "hours": "3", "title": "Before"}


@pytest.mark.parametrize("typed", [MARKUP, FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)"])
def test_markup_and_formulas_are_kept_exactly_as_typed(world: World, typed: str) -> None:
    entry = Training.objects.create(association=world.ct, application=world.application)
    response = _autosave(world, "training", entry, {**TRAINING, "title": typed})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.title == typed.strip()
    page = world.client(world.applicant).get("/ct/application/training/").content.decode()
    assert f'value="{shown_in_html(typed.strip())}"' in page
    assert "<img src=x" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # The applicant reads Spanish: the message is in the page's language.
        (NUL, "Los caracteres nulos no están permitidos."),
        (LONG, "Asegúrese de que este valor tenga menos de 200 caracteres (tiene 5000)."),
    ],
)
def test_nul_and_overlong_text_are_refused_at_the_field(
    world: World, typed: str, message: str
) -> None:
    entry = Training.objects.create(
        association=world.ct, application=world.application, title="Before", hours=2
    )
    response = _autosave(world, "training", entry, {**TRAINING, "title": typed, "hours": "4"})
    page = response.content.decode()
    assert message in page  # in the row's status, beside its boxes
    assert f'id="st-training-{entry.pk}" hx-swap-oob="true" data-invalid="title"' in page
    entry.refresh_from_db()
    assert entry.title == "Before"


@pytest.mark.parametrize(
    ("title", "problem"),
    [(NUL, "contiene un carácter NUL"), (LONG, "tiene más de 200 caracteres")],
)
def test_a_portfolio_file_with_nul_or_overlong_text_is_refused(
    world: World, title: str, problem: str
) -> None:
    before = list(Training.objects.filter(application=world.application).values())
    portfolio = {
        "format": "endorse.portfolio/1",
        "training": [{"date": "2024-01-01", "hours": 1, "title": title}],
    }
    client = world.client(world.applicant)
    response = client.post(
        "/ct/application/import/",
        {"file": _upload(json.dumps(portfolio)), "replace": "on"},
        follow=True,
    )
    said = f"No se importó el archivo: Capacitación en servicio, entrada 1, Título: {problem}."
    assert said in response.content.decode()
    assert list(Training.objects.filter(application=world.application).values()) == before


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("portfolio.json", text.encode(), content_type="application/json")


def test_a_raters_draft_with_nul_is_kept_without_it(world: World) -> None:
    from endorse.ratings.demo import load_rating_items
    from endorse.ratings.models import Rating
    from tests.ratings.test_rating_requests import reference, send

    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    typed = {"relationship": "colleague", "setting": "Early\x00 Head Start", "save_draft": ""}
    response = world.client(None).post(f"/rate/{token}/", typed)
    assert response.status_code == 200
    assert Rating.objects.get(reference=row).draft == {
        "relationship": "colleague",
        "setting": "Early Head Start",
    }
