"""The reviewer's pages: only their own assignments, answered, then reviewed."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.ratings.models import Area
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment, ReviewerProfile
from endorse.reviews.selectors import review_requirement_codes
from tests.applications.conftest import World, person
from tests.reviews.test_workflow import reviewer


def proposed(
    world: World, application: Application, email: str = "rowan@example.org"
) -> Assignment:
    services.completeness_accept(application=application, actor=world.coordinator)
    user = reviewer(world, email)
    return assigning.reviewer_assign(
        application=application, reviewer=user, tier=1, actor=world.coordinator
    )


def test_a_reviewer_accepts_then_sends_a_complete_review(
    world: World, submitted: Application
) -> None:
    assignment = proposed(world, submitted)
    client = world.client(assignment.reviewer)
    url = f"/ct/review/{assignment.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "I have a conflict of interest" in page.content.decode()
    assert client.get("/ct/review/").status_code == 200
    assert client.post(url, {"answer": "accept", "no_conflict": "on"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Send the review" in page and "Ana Díaz" in page
    assert "rsc_provider@example.org" not in page  # raters' contact details stay hidden
    data: dict[str, Any] = {"send_review": "", "recommendation": "approved", "comments": "Good."}
    data.update(
        {f"requirements-{code}-verdict": "met" for code in review_requirement_codes(submitted)}
    )
    half = dict(data)
    response = client.post(url, half)
    assert response.status_code == 422  # no verdict on the areas yet
    submitted.refresh_from_db()
    assert submitted.status == "first_review"
    data.update({f"areas-{area}-verdict": "met" for area in Area.values})
    assert client.post(url, data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "second_review"


def test_a_conflict_needs_a_description_and_removes_the_reviewer(
    world: World, submitted: Application
) -> None:
    assignment = proposed(world, submitted)
    client = world.client(assignment.reviewer)
    url = f"/ct/review/{assignment.pk}/"
    response = client.post(url, {"answer": "conflict", "conflict": " "})
    assert response.status_code == 422
    assert response.context["respond_form"].errors == {
        "conflict": ["Describe the conflict of interest."]
    }
    assert (
        client.post(url, {"answer": "conflict", "conflict": "My former supervisee."}).status_code
        == 302
    )
    assignment.refresh_from_db()
    assert (assignment.status, assignment.conflict_note) == ("conflict", "My former supervisee.")
    assert client.get(url).status_code == 404


def test_nobody_else_sees_or_answers_a_reviewers_assignment(
    world: World, submitted: Application
) -> None:
    assignment = proposed(world, submitted)
    other = reviewer(world, "sage@example.org")
    nm_reviewer = person("nm@example.org", "Nm Reviewer")
    StaffRole.objects.create(association=world.nm, user=nm_reviewer, role="reviewer")
    ReviewerProfile.objects.create(association=world.nm, user=nm_reviewer, categories=["IMHS"])
    url = f"/ct/review/{assignment.pk}/"
    expected = {None: 302, world.applicant: 403, world.coordinator: 403, world.nm_coordinator: 403,
                other: 404, nm_reviewer: 403}  # fmt: skip
    for user, status in expected.items():
        client = world.client(user)
        assert client.get(url).status_code == status
        assert client.post(url, {"answer": "accept"}).status_code == status
    assert world.client(nm_reviewer).get(f"/nm/review/{assignment.pk}/").status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "proposed"


@override_settings(ENDORSE_REQUIRE_STAFF_MFA=True)
def test_reviewers_need_two_factor_authentication(world: World, submitted: Application) -> None:
    assignment = proposed(world, submitted)
    response = world.client(assignment.reviewer).post(
        f"/ct/review/{assignment.pk}/", {"answer": "accept"}
    )
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/")
    assignment.refresh_from_db()
    assert assignment.status == "proposed"


def test_the_second_reviewer_reads_the_first_review_in_words(
    world: World, submitted: Application
) -> None:
    from tests.reviews.test_workflow import accepted, reviewed

    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, first, 1)
    assignment = accepted(world, submitted, second, 2)
    page = " ".join(
        world.client(second).get(f"/ct/review/{assignment.pk}/").content.decode().split()
    )
    assert "Reflecting: <strong>Met</strong> – Fine." in page
    assert "<strong>Recommended decision:</strong> Approved" in page
