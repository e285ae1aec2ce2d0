"""An endorsee chooses what the registry shows: their place, and which endorsements."""

from __future__ import annotations

from datetime import date

from django.test import Client

from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_revoke
from tests.applications.conftest import World
from tests.endorsements.helpers import endorse
from tests.endorsements.test_registry import names


def test_someone_not_endorsed_is_told_so_and_signed_out_people_sign_in(world: World) -> None:
    response = world.client(world.other).get("/me/registry/")
    assert "You hold no Endorsement® yet" in response.content.decode()
    assert "registry" not in world.client(world.other).get("/me/").content.decode().lower()
    signed_out = Client().get("/me/registry/")
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/accounts/login/")


def test_the_endorsee_hides_their_place(world: World) -> None:
    endorsement = endorse(world, "Lucía Peña", county="Hartford")
    client = world.client(endorsement.person)
    assert 'href="/me/registry/"' in client.get("/me/").content.decode()
    form = client.get("/me/registry/").content.decode()
    assert 'value="Hartford"' in form
    response = client.post("/me/registry/", {"locality": "Hartford", "listed": [endorsement.pk]})
    assert response.status_code == 302
    page = Client().get("/ct/registry/")
    assert names(page) == ["Lucía Peña"]
    assert "Hartford" not in page.content.decode()
    assert names(Client().get("/ct/registry/", {"locality": "hart"})) == []
    # Shown again, under a place of their choosing.
    client.post("/me/registry/", {"locality": "West Hartford", "locality_shown": "on",
                                  "listed": [endorsement.pk]})  # fmt: skip
    assert names(Client().get("/ct/registry/", {"locality": "west"})) == ["Lucía Peña"]


def test_the_endorsee_archives_one_category_and_keeps_the_other(world: World) -> None:
    infant = endorse(world, "Lucía Peña", code="IMHS")
    family = endorse(world, "Lucía Peña", association=world.nm, code="IFS", user=infant.person)
    client = world.client(infant.person)
    response = client.post("/me/registry/", {"locality_shown": "on", "listed": [family.pk]},
                           follow=True)  # fmt: skip
    assert "Saved. The registry lists 1 endorsement of yours." in response.content.decode()
    assert names(Client().get("/ct/registry/")) == []
    assert names(Client().get("/nm/registry/")) == ["Lucía Peña"]
    infant.refresh_from_db()
    assert (infant.listed, infant.status) == (False, "active")  # archived, still valid
    assert Client().get(f"/verify/{infant.verify_code}/").status_code == 200
    response = client.post("/me/registry/", {"locality_shown": "on"}, follow=True)
    assert "Saved. You are not listed in the registry." in response.content.decode()
    assert names(Client().get("/registry/")) == []


def test_nobody_lists_or_hides_someone_else(world: World) -> None:
    mine = endorse(world, "Lucía Peña", county="Hartford")
    theirs = endorse(world, "Olga Other", association=world.nm, county="Bristol", user=world.other)
    client = world.client(mine.person)
    response = client.post("/me/registry/", {"locality": "X", "listed": [mine.pk, theirs.pk]})
    assert response.status_code == 422  # not one of the choices offered
    assert "Select a valid choice." in response.content.decode()
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.listed, theirs.locality, theirs.locality_shown) == (True, "Bristol", True)
    assert (mine.locality, mine.locality_shown) == ("Hartford", True)


def test_a_revoked_endorsement_is_not_offered(world: World) -> None:
    endorsement = endorse(world, "Lucía Peña")
    endorsement_revoke(endorsement=endorsement, revoked_on=date(2025, 7, 1), reason="Sanction")
    response = world.client(endorsement.person).get("/me/registry/")
    assert "You hold no Endorsement® yet" in response.content.decode()
    assert Endorsement.objects.get(pk=endorsement.pk).status == "revoked"


def test_a_new_endorsement_keeps_a_hidden_place_hidden(world: World) -> None:
    first = endorse(world, "Lucía Peña", county="Hartford")
    world.client(first.person).post("/me/registry/", {"locality": "Hartford", "listed": [first.pk]})
    second = endorse(
        world, "Lucía Peña", association=world.nm, county="Santa Fe", user=first.person
    )
    assert second.locality_shown is False
    assert "Santa Fe" not in Client().get("/nm/registry/").content.decode()
