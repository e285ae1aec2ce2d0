"""The coordinator decides with both reviews in front of them: side by side, row by row,
with each disagreement marked, each recommended decision and each reviewer's comments."""

from __future__ import annotations

import re

from endorse.applications.models import Application
from endorse.ratings.models import Area
from endorse.reviews import services
from endorse.reviews.compare import reviews_compared
from endorse.reviews.selectors import review_requirement_codes
from tests.applications.conftest import World
from tests.reviews.test_workflow import accepted, full_answers, reviewed, reviewer


def _second_review_disagrees_once(world: World, application: Application) -> str:
    """The second reviewer finds the first requirement not met, and says why."""
    second = reviewer(world, "sage@example.org")
    answers = full_answers(application)
    code = review_requirement_codes(application)[0]
    answers["requirements"][code] = {"verdict": "not_met", "comment": "No <b>transcript</b>."}
    services.review_save(assignment=accepted(world, application, second, 2), actor=second,
                         answers=answers, recommendation="on_hold",
                         comments="Ask for the transcript.", submit=True)  # fmt: skip
    return code


def test_both_reviews_side_by_side_with_the_disagreement_marked(
    world: World, submitted: Application
) -> None:
    # Given two reviews sent that disagree on one requirement
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, reviewer(world, "rowan@example.org"), 1)
    code = _second_review_disagrees_once(world, submitted)
    submitted.refresh_from_db()
    assert submitted.status == "decision"

    # Then the comparison has a row per requirement and area, one disagreement
    compared = reviews_compared(submitted)
    assert [review.assignment.reviewer.email for review in compared.reviews] == [
        "rowan@example.org", "sage@example.org",
    ]  # fmt: skip
    assert len(compared.rows) == len(review_requirement_codes(submitted)) + len(Area.choices)
    assert [row.key for row in compared.rows if row.disagree] == [code]
    assert compared.disagreements == 1

    # And the coordinator's application page shows them, escaped, before the decision form
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    html = page.content.decode()
    assert "The reviews side by side" in html
    assert "The reviewers disagree on 1 point." in html
    assert html.count('class="disagree"') == 1
    assert html.count("Disagreement</span>") == 1
    assert "<strong>Not met</strong><br>No &lt;b&gt;transcript&lt;/b&gt;." in html
    table = html[html.index('<table class="compared">') :]
    assert re.findall(r'<th scope="col">([^<]*)</th>', table)[:3] == [
        "Requirement or area", "First reviewer – Rowan", "Second reviewer – Sage",
    ]  # fmt: skip
    row = re.search(r"Recommended decision</th>(.*?)</tr>", html, re.DOTALL)
    assert row is not None
    assert re.findall(r"<strong>(.*?)</strong>", row.group(1)) == [
        "Approved", "On hold: changes requested",
    ]  # fmt: skip
    assert "Clear and complete." in html and "Ask for the transcript." in html
    assert html.index("The reviews side by side") < html.index("Record the decision")


def test_in_spanish_the_comparison_reads_in_spanish(world: World, submitted: Application) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, reviewer(world, "rowan@example.org"), 1)
    _second_review_disagrees_once(world, submitted)
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    html = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    text = html.content.decode()
    assert "Las evaluaciones, una al lado de la otra" in text
    assert "Los evaluadores no coinciden en 1 punto." in text


def test_before_any_review_is_sent_there_is_nothing_to_compare(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assert reviews_compared(submitted).rows == []
    html = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    assert "The reviews side by side" not in html.content.decode()
