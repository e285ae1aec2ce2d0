"""The public Endorsement® Registry: who is listed, searching, filtering and paging."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_revoke
from tests.applications.conftest import World
from tests.endorsements.helpers import endorse


def names(response: Any) -> list[str]:
    """The names listed on a registry page, in order."""
    return [e.person.get_full_name() for e in response.context["page"].object_list]


def test_a_name_is_found_without_its_accents_or_case(world: World) -> None:
    endorse(world, "Lucía Peña", county="Hartford")
    endorse(world, "Pedro Penn")
    endorse(world, "Ana Smith")
    client = Client()
    assert names(client.get("/ct/registry/", {"name": "Pena"})) == ["Lucía Peña"]
    assert names(client.get("/ct/registry/", {"name": "PEÑA"})) == ["Lucía Peña"]
    assert names(client.get("/ct/registry/", {"name": "lucia"})) == ["Lucía Peña"]
    # Each word typed starts a word of the name, in any order.
    assert names(client.get("/ct/registry/", {"name": "pe"})) == ["Lucía Peña", "Pedro Penn"]
    assert names(client.get("/ct/registry/", {"name": "pen luc"})) == ["Lucía Peña"]
    assert names(client.get("/ct/registry/", {"name": "ena"})) == []  # not inside a word
    response = client.get("/ct/registry/", {"name": "zzz"})
    assert "No one in the registry matches this search." in response.content.decode()


def test_the_page_shows_the_listing_and_the_disclaimer_and_nothing_else(world: World) -> None:
    endorsement = endorse(world, "Lucía Peña", county="Hartford")
    response = Client().get("/ct/registry/")
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Endorsement® Registry of CT Assoc" in text
    assert "it is not a license to practice" in text
    assert "1 person found" in text
    assert "Lucía Peña" in text and "Infant Mental Health Specialist (IMHS)" in text
    assert "Hartford" in text
    for private in ("luciapena@example.org", endorsement.number, endorsement.verify_code):
        assert private not in text


def test_only_active_and_emeritus_endorsements_are_listed(world: World) -> None:
    endorse(world, "Alma Active")
    emeritus = endorse(world, "Emma Emeritus")
    revoked = endorse(world, "Rita Revoked")
    lapsed = endorse(world, "Lars Lapsed")
    Endorsement.objects.filter(pk=emeritus.pk).update(status="emeritus")
    Endorsement.objects.filter(pk=lapsed.pk).update(status="lapsed")
    endorsement_revoke(endorsement=revoked, revoked_on=date(2025, 7, 1), reason="Sanction")
    response = Client().get("/ct/registry/")
    assert names(response) == ["Alma Active", "Emma Emeritus"]
    text = " ".join(response.content.decode().split())
    assert 'Emma Emeritus</strong> <span class="badge">Emeritus</span>' in text
    assert text.count('class="badge">Emeritus') == 1


def test_the_association_page_lists_its_own_and_the_site_page_lists_all(world: World) -> None:
    endorse(world, "Carla Connecticut")
    endorse(world, "Nora Newmexico", association=world.nm)
    client = Client()
    assert names(client.get("/ct/registry/")) == ["Carla Connecticut"]
    assert names(client.get("/nm/registry/")) == ["Nora Newmexico"]
    everyone = client.get("/registry/")
    assert names(everyone) == ["Carla Connecticut", "Nora Newmexico"]
    text = everyone.content.decode()
    assert "CT Assoc" in text and "NM Assoc" in text
    assert names(client.get("/registry/", {"association": "nm"})) == ["Nora Newmexico"]
    # A name search on one association's page never finds another's people.
    assert names(client.get("/ct/registry/", {"name": "nora"})) == []
    assert client.get("/nowhere/registry/").status_code == 404


def test_filters_by_category_and_by_city_or_county(world: World) -> None:
    endorse(world, "Iris Infant", code="IMHS", county="New Haven")
    endorse(world, "Fran Family", code="IFS", county="Hartford")
    endorse(world, "Nell Nowhere", code="IFS", county="Néw Britain")
    client = Client()
    assert names(client.get("/ct/registry/", {"category": "IFS"})) == [
        "Fran Family",
        "Nell Nowhere",
    ]
    assert names(client.get("/ct/registry/", {"locality": "new"})) == [
        "Iris Infant",
        "Nell Nowhere",
    ]
    assert names(client.get("/ct/registry/", {"locality": "NEW BRIT"})) == ["Nell Nowhere"]
    both = client.get("/ct/registry/", {"category": "IFS", "locality": "hartford"})
    assert names(both) == ["Fran Family"]


def test_a_bad_filter_is_explained_and_the_others_still_apply(world: World) -> None:
    endorse(world, "Iris Infant", code="IMHS")
    endorse(world, "Fran Family", code="IFS")
    response = Client().get("/ct/registry/", {"category": "NOPE", "name": "fran"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert names(response) == ["Fran Family"]


def test_pages_of_25_with_a_constant_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    for n in range(30):
        endorse(world, f"Person {n:02d}", county="Hartford")
    client = Client()
    with django_assert_num_queries(4):  # association, count, page, categories
        first = client.get("/ct/registry/")
    assert len(names(first)) == 25 and names(first)[0] == "Person 00"
    second = client.get("/ct/registry/", {"page": 2, "locality": "hart"})
    assert names(second) == [f"Person {n:02d}" for n in range(25, 30)]
    text = second.content.decode()
    assert "Page 2 of 2" in text
    assert 'href="?locality=hart&amp;page=1"' in text  # the filters stay when paging
    assert names(client.get("/ct/registry/", {"page": "x"})) == names(first)


@pytest.mark.parametrize("rows", [3, 20])
def test_the_site_registry_queries_do_not_grow_with_rows(
    world: World, rows: int, django_assert_num_queries: Any
) -> None:
    for n in range(rows):
        endorse(world, f"Someone {n:02d}", association=world.nm if n % 2 else world.ct)
    # count, the page's ids, its endorsements, categories and associations for the filters
    with django_assert_num_queries(5):
        Client().get("/registry/", {"name": "some"})


def test_a_change_of_name_is_what_the_registry_finds(world: World) -> None:
    endorsement = endorse(world, "Lucía Peña")
    user = endorsement.person
    user.full_name = "Lucía Ortiz"
    user.save(update_fields=["full_name"])
    client = Client()
    assert names(client.get("/ct/registry/", {"name": "ortiz"})) == ["Lucía Ortiz"]
    assert names(client.get("/ct/registry/", {"name": "pena"})) == []


def test_a_search_matching_more_people_than_it_lists_says_so_and_lists_the_first(
    world: World, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    monkeypatch.setattr("endorse.endorsements.registry.MAX_NAME_MATCHES", 3)
    for first in ("Zoe", "Ana", "Eva", "Bea", "Dora", "Ciro", "Flor"):
        endorse(world, f"{first} García")
    endorse(world, "Gael Garza García")  # two words starting "gar": one person
    client = Client()
    with django_assert_num_queries(5):  # as for a few matches: count, ids, rows, filters
        response = client.get("/registry/", {"name": "gar"})
    assert names(response) == ["Ana García", "Bea García", "Ciro García"]
    text = " ".join(response.content.decode().split())
    assert '<h2 id="results">More than 3 people found</h2>' in text
    assert "The first 3 are listed in name order." in text
    assert "Page 2" not in text  # the three it lists fit on one page
    # Under the cap, the count is exact and a person with two matching words counts once.
    monkeypatch.setattr("endorse.endorsements.registry.MAX_NAME_MATCHES", 50)
    text = " ".join(client.get("/registry/", {"name": "gar"}).content.decode().split())
    assert '<h2 id="results">8 people found</h2>' in text and "More than" not in text
    monkeypatch.setattr("endorse.endorsements.registry.MAX_NAME_MATCHES", 3)
    spanish = client.get("/registry/", {"name": "gar"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Más de 3 personas encontradas" in spanish.content.decode()
