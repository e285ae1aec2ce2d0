"""What the advisor tells a person: the months and years they gave, in the units they gave
them, and the categories that suit them first."""

from __future__ import annotations

import pytest

from endorse.applications.advice import AdvisorRow
from tests.applications.conftest import World

PIP = "parent_infant_psychotherapy"
# A Family Specialist at every minimum.
HOME_VISITOR = {"level": "bachelor", "years": "2", "fte": "1", "service": "prevention",
                "age_band": "infant", "families_served": "10", "training_hours": "30",
                "dei_hours": "0", "pip_hours": "0", "rsc_hours": "24", "rsc_months": "12",
                "license": "none"}  # fmt: skip
# A licensed parent–infant psychotherapist, one hour of psychotherapy training short.
THERAPIST = {**HOME_VISITOR, "level": "master", "years": "3", "service": PIP,
             "families_served": "12", "training_hours": "33", "dei_hours": "3", "pip_hours": "9",
             "rsc_hours": "50", "license": "licensed"}  # fmt: skip


def rows(world: World, answers: dict[str, str], lang: str = "en") -> dict[str, AdvisorRow]:
    client = world.client(None)
    if lang != "en":
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    response = client.get("/ct/advisor/", answers)
    assert response.context["form"].errors == {}
    return {row.code: row for row in response.context["rows"]}


@pytest.mark.parametrize("months", [12, 18])
def test_rsc_over_n_months_is_read_as_n_months(world: World, months: int) -> None:
    found = rows(world, {**HOME_VISITOR, "rsc_months": str(months)})
    assert found["IFS"].ready is True
    assert (
        f"The 24 hours of RS/C are spread over {months} months of a 24-month period "
        "(at least 12 months needed)."
    ) in found["IFS"].met


def test_rsc_over_eleven_months_is_one_month_short(world: World) -> None:
    found = rows(world, {**HOME_VISITOR, "rsc_months": "11"})
    assert found["IFS"].missing == [
        "The 24 hours of RS/C are spread over 11 months of a 24-month period "
        "(at least 12 months needed)."
    ]


def test_more_months_than_one_window_holds_are_refused_next_to_the_field(world: World) -> None:
    response = world.client(None).get("/ct/advisor/", {**HOME_VISITOR, "rsc_months": "24"})
    assert response.context["rows"] is None
    assert response.context["form"].errors == {
        "rsc_months": ["Ensure this value is less than or equal to 23."]
    }
    assert "10 March 2024 to 10 March 2025 is 12" in response.content.decode()


def test_a_parent_infant_psychotherapist_sees_imhs_before_the_mentor_categories(
    world: World,
) -> None:
    response = world.client(None).get("/ct/advisor/", THERAPIST)
    assert [row.code for row in response.context["rows"]] == [
        # Met by the background: those for the ages served first.
        "IFA", "IFS", "ECFA",
        # The kind of work described (treatment), the ages served first.
        "IMHS", "ECMHS",
        # The others for the ages served, the closest first: three years of leadership
        # missing (Policy, Research/Faculty) is closer than that and RS/C given, its
        # training and 25 hours of RS/C about it (Clinical).
        "IMHM-P", "IMHM-RF", "IMHM-C",
        "ECMHM-P", "ECMHM-RF", "ECFS", "ECMHM-C",
    ]  # fmt: skip
    assert response.context["rows"][3].missing == [
        "9 of the 10 hours of training on parent–infant/child psychotherapy"
    ]


def test_a_policy_leader_sees_the_policy_mentor_category_first_among_those_missing(
    world: World,
) -> None:
    answers = {**THERAPIST, "pip_hours": "10", "leadership_years": "2.5",
               "leadership_kind": "policy"}  # fmt: skip
    response = world.client(None).get("/ct/advisor/", answers)
    codes = [row.code for row in response.context["rows"]]
    assert codes[:5] == ["IMHS", "IFA", "IFS", "ECFA", "IMHM-P"]


def test_results_are_in_years_as_the_form_asks(world: World) -> None:
    answers = {**THERAPIST, "level": "", "years": "1.5", "license": "none",
               "leadership_years": "2.5", "leadership_kind": "clinical",
               "rsc_provided_years": "1"}  # fmt: skip
    found = rows(world, answers)
    assert (
        "1.5 of the 2 full-time years of supervised paid parent–infant/child psychotherapy "
        "with infants and their families (up to 1 year of internship supervised by an endorsed "
        "professional count). You must also hold a mental health license or be license-eligible."
    ) in found["IMHS"].missing
    assert (
        "1.5 of the 2 full-time years of paid prevention, early intervention or treatment work "
        "with infants and their families"
    ) in found["IFS"].missing
    assert found["IFA"].missing == [
        "A degree or a CDA credential, or 2 full-time years of paid or supervised volunteer "
        "work with infants and their families: 1.5 so far."
    ]
    assert "2.5 of the 3 years as a leader in clinical practice" in found["IMHM-C"].missing
    assert (
        "1 of the 3 years providing reflective supervision/consultation to others"
        in found["IMHM-C"].missing
    )
    said = [m for row in found.values() for m in (*row.met, *row.missing)]
    assert [m for m in said if "day" in m] == []


def test_years_are_exact_at_part_time(world: World) -> None:
    met = rows(world, {**THERAPIST, "years": "2.5", "fte": "0.8"})
    short = rows(world, {**THERAPIST, "years": "5.4", "fte": "0.37"})
    assert (
        "2 full-time years of supervised paid parent–infant/child psychotherapy with infants and "
        "their families (up to 1 year of internship supervised by an endorsed professional "
        "count) (at least 2 needed)"
    ) in met["IMHS"].met
    assert any(
        m.startswith("1.99 of the 2 full-time years of supervised paid")
        for m in short["IMHS"].missing
    )


def test_years_are_said_in_spanish_with_a_decimal_comma(world: World) -> None:
    found = rows(world, {**THERAPIST, "years": "1.5"}, lang="es")
    assert (
        "1,5 de 2 años a tiempo completo de psicoterapia madre/padre–bebé/niño remunerada y "
        "supervisada con bebés y sus familias (se cuenta hasta 1 año de pasantía supervisada por "
        "un/a profesional con Endorsement®)"
    ) in found["IMHS"].missing
