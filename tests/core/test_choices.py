"""``get_FOO_display`` through ``QuickLabels`` says what Django's says, in the language of
the moment, for every choice of every field of the models that use it."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model
from django.utils.translation import override

from endorse.core.choices import QuickLabels
from endorse.payments.models import Charge


def test_every_label_is_djangos_in_both_languages() -> None:
    models = [m for m in apps.get_models() if issubclass(m, QuickLabels)]
    assert {m.__name__ for m in models} >= {"Charge", "Application", "Renewal", "Rsc"}
    checked = 0
    for model in models:
        for field in model._meta.fields:
            if not field.choices:
                continue
            for value, _label in field.flatchoices:
                row = model(**{field.attname: value})
                for language in ("en", "es"):
                    with override(language):
                        ours = getattr(row, f"get_{field.name}_display")()
                        djangos = Model._get_FIELD_display(row, field)
                        assert (ours, type(ours)) == (djangos, type(djangos))
                        checked += 1
    assert checked > 150


def test_a_value_without_a_choice_is_shown_as_it_is() -> None:
    assert Charge(status="gone").get_status_display() == "gone"
    with override("es"):
        assert Charge(status="paid").get_status_display() == Charge.Status.PAID.label
        assert Charge(status="paid").get_status_display() != "Paid"
