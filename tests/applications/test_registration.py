"""Register, pay, be accepted (or returned): the gate before an application opens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from endorse.applications.models import Application, Details, Event, Registration
from endorse.applications.services import (
    registration_accept,
    registration_return,
    registration_submit,
)
from endorse.payments.models import Charge
from tests.applications.conftest import TODAY, World, person, registration_fields


def test_registering_makes_the_registration_fee_due(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    client = world.client(newcomer)
    fields = registration_fields()
    response = client.post("/ct/register/", {
        "category": fields["category"].pk, "work_summary": "w", "education_summary": "e",
        "rsc_summary": "r", "membership_number": "M-9", "membership_expires_on": "2025-12-31",
    })  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get(applicant=newcomer)
    assert (registration.status, registration.fee.kind, registration.fee.amount_cents,
            registration.fee.status) == ("submitted", "registration", 2000, "due")  # fmt: skip
    page = client.get("/ct/register/").content.decode()
    assert "Waiting for the coordinator" in page
    assert "$20.00" in page


def test_a_bad_registration_keeps_what_was_typed(world: World) -> None:
    client = world.client(person("new@example.org", "Nora New"))
    response = client.post("/ct/register/", {"work_summary": "Ten years of home visits",
                                              "membership_expires_on": "31/12/2025"})  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ten years of home visits" in page
    assert 'id="id_membership_expires_on-error"><p>Enter a valid date.</p>' in page
    assert Registration.objects.filter(applicant__email="new@example.org").count() == 0


def test_anonymous_visitors_are_told_how_to_start(world: World) -> None:
    page = world.client(None).get("/ct/register/").content.decode()
    assert "/accounts/signup/?next=/ct/register/" in page
    assert "personal email address" in page


def test_accepting_needs_the_fee_settled_and_a_current_membership(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    registration = registration_submit(association=world.ct, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError, match="fee is not paid"):
        registration_accept(registration=registration, actor=world.coordinator, today=TODAY)
    Charge.objects.filter(pk=registration.fee_id).update(status="waived", waiver_reason="Grant")
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="membership has expired"):
        registration_accept(registration=registration, actor=world.coordinator,
                            today=registration.membership_expires_on + timedelta(days=1))  # fmt: skip
    assert not Application.objects.filter(applicant=newcomer).exists()
    assert Registration.objects.get(pk=registration.pk).status == "submitted"


def test_acceptance_opens_the_application_and_emails_in_the_applicants_language(
    world: World, mailoutbox: Any
) -> None:
    mail.outbox.clear()
    newcomer = person("nueva@example.org", "Nuria Nueva", lang="es")
    registration = registration_submit(association=world.ct, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    Charge.objects.filter(pk=registration.fee_id).update(status="paid")
    registration.refresh_from_db()
    application = registration_accept(registration=registration, actor=world.coordinator,
                                      today=TODAY)  # fmt: skip
    assert (application.status, application.category.code) == ("preparing", "IMHS")
    assert application.processing_fee.amount_cents == 20000
    details = Details.objects.get(application=application)
    assert (details.membership_number, details.membership_expires_on) == (
        "M-1",
        registration.membership_expires_on,
    )
    (message,) = mail.outbox
    assert message.to == ["nueva@example.org"]
    assert message.subject == "Su inscripción en CT Assoc fue aceptada"
    assert "https://endorse.example.org/ct/application/" in message.body
    assert "a-long-Passw0rd" not in message.body
    events = list(
        Event.objects.filter(registration=registration).values_list("from_state", "to_state")
    )
    assert events == [("", "submitted"), ("submitted", "accepted")]


def test_a_returned_registration_can_be_sent_again_without_a_second_fee(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    registration = registration_submit(association=world.ct, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError):
        registration_return(registration=registration, actor=world.coordinator, reason=" ")
    registration_return(registration=registration, actor=world.coordinator,
                        reason="Please renew your membership.")  # fmt: skip
    assert mail.outbox[-1].subject == "Your registration with CT Assoc needs a change"
    client = world.client(newcomer)
    assert "Please renew your membership." in client.get("/ct/register/").content.decode()
    again = registration_submit(association=world.ct, applicant=newcomer,
                                fields=registration_fields(), today=TODAY)  # fmt: skip
    assert (again.pk, again.status, again.fee_id) == (
        registration.pk,
        "submitted",
        registration.fee_id,
    )
    assert Charge.objects.filter(person=newcomer).count() == 1
    with pytest.raises(ValidationError, match="already sent"):
        registration_submit(association=world.ct, applicant=newcomer,
                            fields=registration_fields(), today=TODAY)  # fmt: skip


def test_the_coordinator_records_a_check_and_accepts_in_the_browser_flow(world: World) -> None:
    newcomer = person("new@example.org", "Nora New")
    registration = registration_submit(association=world.ct, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    client = world.client(world.coordinator)
    assert "Nora New" in client.get("/ct/manage/").content.decode()
    prefix = f"charge-{registration.fee_id}"
    bad = client.post(f"/ct/manage/charges/{registration.fee_id}/", {
        "action": "pay", f"{prefix}-method": "check", f"{prefix}-reference": "2231",
        f"{prefix}-received_on": "2025-03-04"})  # fmt: skip
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "The date can&#x27;t be in the future." in page
    assert 'value="2231"' in page
    assert Charge.objects.get(pk=registration.fee_id).status == "due"
    client.post(f"/ct/manage/charges/{registration.fee_id}/", {
        "action": "pay", f"{prefix}-method": "check", f"{prefix}-reference": "2231",
        f"{prefix}-received_on": "2025-03-01"})  # fmt: skip
    assert Charge.objects.get(pk=registration.fee_id).status == "paid"
    response = client.post(
        f"/ct/manage/registrations/{registration.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 302
    assert Application.objects.filter(applicant=newcomer, status="preparing").exists()
