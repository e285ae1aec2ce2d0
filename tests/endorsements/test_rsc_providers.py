"""Find a reflective supervisor or consultant: qualified endorsees who offer RS/C."""

from __future__ import annotations

from typing import Any

from django.test import Client

from endorse.endorsements.models import Endorsement, RscOffer
from tests.applications.conftest import World
from tests.endorsements.helpers import endorse

OFFER = {"individual": "on", "remote": "on", "languages": "English, Español",
         "contact": "mentor@example.org", "note": "Evenings."}  # fmt: skip


def listed(response: Any) -> list[str]:
    return [p.offer.person.get_full_name() for p in response.context["providers"]]


def test_a_qualified_endorsee_offers_rsc_and_is_found(world: World) -> None:
    mentor = endorse(world, "Hana Mentor", code="IMHM-C")
    client = world.client(mentor.person)
    assert 'href="/ct/rsc-offer/"' in client.get("/me/").content.decode()
    response = client.post("/ct/rsc-offer/", {**OFFER, "group": "on"}, follow=True)
    assert "Saved. The list of RS/C providers shows your offer." in response.content.decode()
    page = Client().get("/ct/rsc-providers/")
    assert listed(page) == ["Hana Mentor"]
    text = " ".join(page.content.decode().split())
    assert "Infant Mental Health Mentor – Clinical (IMHM-C)" in text
    assert "Individual · Group — Remote" in text and "mentor@example.org" in text
    assert listed(Client().get("/ct/rsc-providers/", {"language": "espanol"})) == ["Hana Mentor"]
    assert listed(Client().get("/ct/rsc-providers/", {"name": "han"})) == ["Hana Mentor"]
    assert listed(Client().get("/ct/rsc-providers/", {"name": "zed"})) == []
    assert listed(Client().get("/nm/rsc-providers/")) == []  # another association's list


def test_who_does_not_qualify_cannot_offer(world: World) -> None:
    associate = endorse(world, "Fay Associate", code="IFA")
    client = world.client(associate.person)
    assert 'href="/ct/rsc-offer/"' not in client.get("/me/").content.decode()
    page = client.get("/ct/rsc-offer/").content.decode()
    assert "Only people whose active Endorsement® from CT Assoc qualifies them" in page
    client.post("/ct/rsc-offer/", OFFER)
    assert not RscOffer.objects.exists()
    assert world.client(world.other).post("/ct/rsc-offer/", OFFER).status_code == 200
    assert not RscOffer.objects.exists()


def test_an_offer_needs_a_format_and_a_way_to_meet(world: World) -> None:
    mentor = endorse(world, "Hana Mentor", code="IMHS")
    response = world.client(mentor.person).post(
        "/ct/rsc-offer/", {"languages": "English", "contact": "x@example.org"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Offer individual RS/C, group RS/C or both." in text
    assert "Offer RS/C remotely, in person or both." in text
    assert 'value="x@example.org"' in text  # what was typed stays
    assert not RscOffer.objects.exists()


def test_filters_and_leaving_the_list(world: World) -> None:
    first = endorse(world, "Ada Group", code="IMHS")
    second = endorse(world, "Bo Solo", code="ECMHS")
    world.client(first.person).post("/ct/rsc-offer/", {**OFFER, "group": "on"})
    world.client(second.person).post("/ct/rsc-offer/", {**OFFER, "remote": "", "in_person": "on",
                                                        "languages": "English"})  # fmt: skip
    client = Client()
    assert listed(client.get("/ct/rsc-providers/")) == ["Ada Group", "Bo Solo"]
    assert listed(client.get("/ct/rsc-providers/", {"group": "on"})) == ["Ada Group"]
    assert listed(client.get("/ct/rsc-providers/", {"remote": "on"})) == ["Ada Group"]
    world.client(second.person).post("/ct/rsc-offer/", {"action": "withdraw"})
    assert listed(client.get("/ct/rsc-providers/")) == ["Ada Group"]
    # An offer stands only while the endorsement that qualifies is active.
    Endorsement.objects.filter(pk=first.pk).update(status="emeritus")
    assert listed(client.get("/ct/rsc-providers/")) == []
