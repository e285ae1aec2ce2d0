"""A membership that has run out is refused as it is typed, next to its field."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from endorse.applications.models import Registration
from endorse.applications.services import registration_submit
from endorse.payments.models import Charge
from tests.applications.conftest import TODAY, World, person, registration_fields


def _post(world: World, lang: str, expires: str) -> tuple[int, str]:
    newcomer = person(f"new-{lang}@example.org", "Nora New", lang=lang)
    response = world.client(newcomer).post("/ct/register/", {
        "category": registration_fields()["category"].pk, "work_summary": "w",
        "education_summary": "e", "rsc_summary": "r", "membership_number": "M-9",
        "membership_expires_on": expires,
    })  # fmt: skip
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Your membership must be current on the day you send this registration: it "
               "expired on March 2, 2025. Renew it with your association, then enter the new "
               "expiry date."),
        ("es", "Su membresía debe estar vigente el día en que envía esta inscripción: venció "
               "el 2 de marzo de 2025. Renuévela con su asociación y luego escriba la nueva "
               "fecha de vencimiento."),
    ],
)  # fmt: skip
def test_an_expired_membership_is_refused_next_to_its_field_in_the_pages_language(
    world: World, lang: str, said: str
) -> None:
    status, page = _post(world, lang, "2025-03-02")  # the day before the association's today
    assert status == 200
    assert f'id="id_membership_expires_on-error"><p>{said}</p>' in page.replace("&#x27;", "'")
    assert not Registration.objects.filter(applicant__email=f"new-{lang}@example.org").exists()
    assert not Charge.objects.filter(person__email=f"new-{lang}@example.org").exists()


def test_the_field_says_beforehand_that_the_membership_must_be_current(world: World) -> None:
    page = world.client(person("new@example.org", "Nora New")).get("/ct/register/")
    assert (
        'id="id_membership_expires_on-help">It must be current on the day you send this '
        "registration.</p>"
    ) in page.content.decode()


def test_a_membership_that_runs_out_on_the_day_of_sending_is_still_current(world: World) -> None:
    status, _page = _post(world, "en", TODAY.isoformat())
    assert status == 302
    assert Registration.objects.get(applicant__email="new-en@example.org").status == "submitted"


def test_the_service_refuses_an_expired_membership_whatever_sends_it(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    fields = registration_fields(expires=date(2025, 1, 31))
    with pytest.raises(ValidationError) as refused:
        registration_submit(association=world.ct, applicant=newcomer, fields=fields, today=TODAY)
    assert list(refused.value.message_dict) == ["membership_expires_on"]
    assert not Registration.objects.filter(applicant=newcomer).exists()
    assert not Charge.objects.filter(person=newcomer).exists()
