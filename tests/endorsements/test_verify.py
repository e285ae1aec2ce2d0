"""Anyone can check an endorsement at /verify/<code>/; the code gives nothing away."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client

from endorse.applications.models import Application
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant
from tests.applications.conftest import World


def granted(world: World) -> tuple[Endorsement, Endorsement]:
    first = endorsement_grant(application=world.application, issued_on=date(2025, 5, 2))
    second = endorsement_grant(application=world.other_application, issued_on=date(2025, 5, 2))
    return first, second


def test_the_code_is_random_and_unrelated_to_the_number(world: World) -> None:
    first, second = granted(world)
    for endorsement in (first, second):
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", endorsement.verify_code)  # 128 bits
        assert endorsement.number not in endorsement.verify_code
    assert first.verify_code != second.verify_code
    assert (first.number, second.number) == ("CT-2025-0001", "CT-2025-0002")


def test_anyone_sees_who_holds_it_and_that_it_is_active(world: World) -> None:
    first, _second = granted(world)
    response = Client().get(f"/verify/{first.verify_code}/")
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Ana Díaz holds this Endorsement® from CT Assoc; it is active." in text
    assert "Infant Mental Health Specialist (IMHS)" in text
    assert "<dd>CT-2025-0001</dd>" in text and "<dd>May 2, 2025</dd>" in text
    assert "it is not a license to practice" in text
    assert "ana@example.org" not in text  # nothing else about the person


def test_a_revoked_endorsement_says_so_plainly(world: World) -> None:
    first, _second = granted(world)
    Endorsement.objects.filter(pk=first.pk).update(status="revoked")
    text = " ".join(Client().get(f"/verify/{first.verify_code}/").content.decode().split())
    assert "This Endorsement® is not valid: Revoked." in text
    assert "it is active" not in text


def test_an_unknown_code_or_the_number_finds_nothing(world: World) -> None:
    first, _second = granted(world)
    for code in ("x" * 22, first.number, first.verify_code[:-1]):
        response = Client().get(f"/verify/{code}/")
        assert response.status_code == 404
        assert "No Endorsement® has this verification address." in response.content.decode()


def test_the_endorsee_finds_the_address_on_their_overview(world: World) -> None:
    first, _second = granted(world)
    Application.objects.filter(pk=world.application.pk).update(status="approved")
    world.applicant.preferred_language = "en"
    world.applicant.save()
    page = world.client(world.applicant).get("/ct/application/").content.decode()
    assert f'href="/verify/{first.verify_code}/"' in page
