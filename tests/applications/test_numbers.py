"""Hours, FTE and amounts in the application are typed as the page's language writes them,
saved as typed (autosave included), and shown back the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from endorse.applications.advisor import AdvisorForm
from endorse.applications.forms import RefundForm
from endorse.applications.models import Rsc, Training, Work
from tests.applications.conftest import World
from tests.applications.test_advisor_and_accounts import ANSWERS
from tests.applications.test_sections import HTMX, new_entry


@pytest.mark.parametrize(
    ("spanish", "typed", "shown"), [(True, "1,5", "1,5"), (False, "1.5", "1.5")]
)
def test_rsc_hours_round_trip_through_autosave_in_each_language(
    world: World, spanish: bool, typed: str, shown: str
) -> None:
    client = world.client(world.applicant if spanish else world.other)
    pk = new_entry(client, "rsc")
    data = {f"rsc-{pk}-date": "2025-01-10", f"rsc-{pk}-format": "group", f"rsc-{pk}-hours": typed}
    assert client.post(f"/ct/application/rsc/{pk}/", data, **HTMX).status_code == 200
    entry = Rsc.objects.get(pk=pk)
    assert (entry.complete, entry.draft, entry.hours) == (True, None, Decimal("1.5"))
    page = client.get("/ct/application/rsc/").content.decode()
    assert f'name="rsc-{pk}-hours" inputmode="decimal" required value="{shown}"' in page


def test_an_ambiguous_number_is_kept_as_typed_and_explained_in_spanish(world: World) -> None:
    client = world.client(world.applicant)
    pk = new_entry(client, "training")
    data = {f"training-{pk}-date": "2025-02-01", f"training-{pk}-hours": "1.500"}
    fragment = client.post(f"/ct/application/training/{pk}/", data, **HTMX).content.decode()
    message = "«1.500» podría significar 1500 o 1,5: escriba uno de los dos."
    assert message in fragment
    entry = Training.objects.get(pk=pk)
    assert (entry.complete, entry.hours, entry.draft[f"training-{pk}-hours"]) == (
        False,
        None,
        "1.500",
    )
    page = client.get("/ct/application/training/").content.decode()
    assert (
        f'name="training-{pk}-hours" inputmode="decimal" required aria-invalid="true" value="1.500"'
        in page
    )
    assert message in page


def test_fte_is_typed_with_a_comma_and_shown_without_trailing_zeros(world: World) -> None:
    client = world.client(world.applicant)
    pk = new_entry(client, "work")
    data = {f"work-{pk}-title": "Visitadora", f"work-{pk}-start": "2024-05-01",
            f"work-{pk}-fte": "1", f"work-{pk}-service": "prevention",
            f"work-{pk}-age_band": "infant", f"work-{pk}-families_served": "12"}  # fmt: skip
    client.post(f"/ct/application/work/{pk}/", data, **HTMX)
    assert Work.objects.get(pk=pk).fte == Decimal(1)
    page = client.get("/ct/application/work/").content.decode()
    assert f'name="work-{pk}-fte" inputmode="decimal" required value="1"' in page  # not 1,0000
    manage = f"/ct/manage/applications/{world.application.pk}/"
    summary = world.client(world.coordinator).get(manage).content.decode()
    assert "Visitadora: May 1, 2024 – now, 1 FTE" in summary

    client.post(f"/ct/application/work/{pk}/", {**data, f"work-{pk}-fte": "0,75"}, **HTMX)
    entry = Work.objects.get(pk=pk)
    assert (entry.complete, entry.fte, entry.families_served) == (True, Decimal("0.75"), 12)
    page = client.get("/ct/application/work/").content.decode()
    assert f'name="work-{pk}-fte" inputmode="decimal" required value="0,75"' in page
    summary = world.client(world.coordinator).get(manage).content.decode()
    assert "Visitadora: May 1, 2024 – now, 0.75 FTE" in summary


@pytest.mark.parametrize(
    ("language", "answers"),
    [("es", {"years": "2,5", "fte": "0,5", "training_hours": "40,5"}),
     ("en", {"years": "2.5", "fte": "0.5", "training_hours": "40.5"})],
)  # fmt: skip
def test_the_advisor_reads_each_language_s_numbers(language: str, answers: dict[str, str]) -> None:
    with translation.override(language):
        form = AdvisorForm(data={**ANSWERS, **answers})
        assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert (data["years"], data["fte"], data["training_hours"]) == (
        Decimal("2.5"),
        Decimal("0.5"),
        Decimal("40.5"),
    )


@pytest.mark.parametrize(("language", "typed"), [("es", "1,5"), ("en", "1.5")])
def test_a_refund_s_amount_is_read_in_each_language(language: str, typed: str) -> None:
    with translation.override(language):
        form = RefundForm(data={"amount": typed, "reason": "x", "refunded_on": "2025-03-01"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1.5")
