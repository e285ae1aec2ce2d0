"""The rater's form starts from how the applicant said the rater knows them; the rater's own
draft, once saved, wins."""

from __future__ import annotations

from django.test import Client

from endorse.ratings.demo import load_rating_items
from tests.applications.conftest import World
from tests.ratings.test_rating_requests import reference, send


def relationship(page: str) -> str:
    start = page.index('name="relationship"')
    return page[start : page.index("</select>", start)]


def test_the_role_the_applicant_gave_is_preselected(world: World) -> None:
    load_rating_items(world.ct)
    token = send(world, reference(world, role="rsc_provider"))
    choices = relationship(Client().get(f"/rate/{token}/").content.decode())
    assert '<option value="rsc_provider" selected>' in choices
    assert choices.count(" selected>") == 1


def test_the_raters_own_answer_wins_over_the_applicants(world: World) -> None:
    load_rating_items(world.ct)
    token = send(world, reference(world, role="supervisor"))
    rater = Client()
    rater.post(f"/rate/{token}/", {"relationship": "colleague", "save_draft": ""})
    choices = relationship(rater.get(f"/rate/{token}/").content.decode())
    assert '<option value="colleague" selected>' in choices
    assert choices.count(" selected>") == 1
