"""The exam's settings are whole numbers, read in either language and refused plainly."""

from __future__ import annotations

import pytest
from django.utils import translation

from endorse.exams.manage_views import AccommodationForm, PolicyForm, SittingForm

POLICY = {"part1_items": "60", "part1_minutes": "90", "pass_percent": "80", "part2_offered": "3",
          "part2_answered": "2", "part2_minutes": "90", "retake_wait_days": "365",
          "approval_valid_days": "365", "blueprint": ""}  # fmt: skip


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_policy_reads_whole_numbers_in_either_language(language: str) -> None:
    with translation.override(language):
        form = PolicyForm(data=POLICY)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["part1_minutes"] == 90


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("es", "1,5", "Escriba un número entero."),
        ("es", "1.000", "«1.000» podría significar 1000 o 1: escriba uno de los dos."),
        ("en", "99999", "Enter at most 32767."),
        ("en", "ninety", "Enter a whole number."),
    ],
)
def test_the_policy_refuses_what_it_can_not_read_plainly(
    language: str, typed: str, message: str
) -> None:
    with translation.override(language):
        form = PolicyForm(data={**POLICY, "part1_minutes": typed})
        assert form.errors == {"part1_minutes": [message]}


def test_places_and_extra_minutes_say_their_limits() -> None:
    with translation.override("es"):
        assert SittingForm(data={"capacity": "0"}).errors["capacity"] == ["Escriba como mínimo 1."]
        assert AccommodationForm(data={"extra_minutes": "300"}).errors["extra_minutes"] == [
            "Escriba como máximo 240."
        ]
