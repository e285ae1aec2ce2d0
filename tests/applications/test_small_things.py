"""Small things a newcomer met: who paid said twice, "License yes", internal ids of requirement
sets, references titled by number, and an export without whose it is."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from endorse.applications.models import Details, Reference
from endorse.applications.sections import BY_SLUG
from endorse.applications.services import application_submit
from endorse.eligibility import parse_portfolio
from endorse.payments.services import payment_record
from tests.applications.conftest import TODAY, World
from tests.applications.test_submit import READY_DAY, settle_fee

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "endorse/eligibility/portfolio.schema.json").read_text())


def test_a_fee_paid_by_an_employer_says_paid_by_once(world: World) -> None:
    fee = world.other_application.processing_fee
    assert fee is not None
    payment = payment_record(charge=fee, method="employer", reference="Little Steps",
                             received_on=TODAY, actor=world.coordinator)  # fmt: skip
    page = (
        world.client(world.coordinator)
        .get(f"/ct/manage/applications/{world.other_application.pk}/")
        .content.decode()
    )
    assert "Paid by Little Steps (employer payment), received March 3, 2025." in page
    assert "Paid by Paid by" not in page
    pdf = world.client(world.other).get(f"/me/payments/{payment.pk}/receipt-en.pdf").content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Little Steps" in text and "Paid by employer" not in text


def test_the_license_is_said_in_words(world: World) -> None:
    details = Details.objects.get(application=world.other_application)
    address = f"/ct/manage/applications/{world.other_application.pk}/"
    coordinator = world.client(world.coordinator)
    for fields, said in (
        ({"mental_health_license": True}, "Holds a mental health license (type and number not given)"),
        ({"license_description": "LCSW 123, CT"}, "Holds a mental health license: LCSW 123, CT"),
        ({"mental_health_license": False, "license_eligible": True}, "Eligible for a mental health license"),
        ({"license_eligible": False}, "No mental health license"),
    ):  # fmt: skip
        for name, value in fields.items():
            setattr(details, name, value)
        details.save()
        page = coordinator.get(address).content.decode()
        assert f"<dt>Mental health license</dt><dd>{said}</dd>" in page


def test_the_requirement_set_is_named_and_dated_never_by_its_id(world: World, frozen: Any) -> None:
    application = world.make_ready(world.application)
    settle_fee(application)
    frozen.move_to(READY_DAY)
    mail.outbox.clear()
    application_submit(application=application, actor=world.applicant, today=date(2025, 4, 1),
                       ratings_waived=True)  # fmt: skip
    overview = world.client(world.applicant).get("/ct/application/").content.decode()
    assert "alliance-baseline" not in overview
    assert (
        "según los requisitos de la Alianza vigentes desde el 1 de enero de 2025. La solicitud "
        "ya no se puede modificar."
    ) in overview
    (message,) = mail.outbox
    assert "alliance-baseline" not in message.body
    assert (
        "Se evaluará según los requisitos de la Alianza vigentes desde el 1 de enero de 2025."
    ) in message.body
    manage = world.client(world.coordinator).get(f"/ct/manage/applications/{application.pk}/")
    assert (
        " · The Alliance&#x27;s requirements in force from Jan. 1, 2025</p>"
        in manage.content.decode()
    )


def test_a_reference_card_is_titled_by_its_rater(world: World) -> None:
    section = BY_SLUG["references"]
    named = Reference(name="Rita Rater")
    with translation.override("en"):
        assert render_to_string("applications/partials/entry_heading.html",
                                {"section": section, "entry": named, "entry_number": 1}) == (
            "Rita Rater")  # fmt: skip
        assert render_to_string("applications/partials/entry_heading.html",
                                {"section": section, "entry": Reference(), "entry_number": 2}) == (
            "Reference (not named yet)")  # fmt: skip
        assert render_to_string("applications/partials/entry_heading.html",
                                {"section": BY_SLUG["work"], "entry_number": 3}) == "Work 3"  # fmt: skip


def test_the_export_says_whose_it_is_and_asks_no_renewal_attestation(world: World) -> None:
    world.make_ready(world.other_application)
    Details.objects.filter(application=world.other_application).update(phone="+1 860 555 0100")
    exported = world.client(world.other).get("/ct/application/export/").content
    document = json.loads(exported)
    assert document["person"] == {
        "mental_health_license": True, "license_eligible": False,
        "name": "Olga Other", "email": "olga@example.org", "phone": "+1 860 555 0100",
    }  # fmt: skip
    assert document["attestations"] == {"code_of_ethics": True, "endorsement_agreement": True}
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert parse_portfolio(exported).person.name == "Olga Other"
    # Imported elsewhere, the phone fills a blank one; the account keeps its own name.
    Details.objects.filter(application=world.application).update(phone="")
    response = world.client(world.applicant).post("/ct/application/import/", {
        "file": SimpleUploadedFile("p.json", exported, "application/json")}, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert Details.objects.get(application=world.application).phone == "+1 860 555 0100"
    world.applicant.refresh_from_db()
    assert world.applicant.full_name == "Ana Díaz"
