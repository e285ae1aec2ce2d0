"""The two-tier review: every move, every guard, the events and the emails."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from endorse.accounts.models import User
from endorse.applications.models import Application, Event
from endorse.associations.models import StaffRole
from endorse.endorsements.models import Endorsement
from endorse.ratings.models import Area
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment, Review, ReviewerProfile
from endorse.reviews.selectors import review_requirement_codes, reviewer_candidates
from tests.applications.conftest import World, person


def reviewer(world: World, email: str, categories: tuple[str, ...] = ("IMHS",)) -> User:
    user = person(email, email.split("@")[0].title())
    StaffRole.objects.create(association=world.ct, user=user, role="reviewer")
    ReviewerProfile.objects.create(association=world.ct, user=user, categories=list(categories))
    return user


def full_answers(application: Application, verdict: str = "met") -> dict[str, Any]:
    return {
        "requirements": {code: {"verdict": verdict, "comment": ""} for code in review_requirement_codes(application)},
        "areas": {area: {"verdict": verdict, "comment": "Fine."} for area in Area.values},
    }  # fmt: skip


def accepted(world: World, application: Application, user: User, tier: int) -> Assignment:
    assignment = assigning.reviewer_assign(
        application=application, reviewer=user, tier=tier, actor=world.coordinator
    )
    return assigning.assignment_respond(assignment=assignment, actor=user, accept=True,
                                        no_conflict=True)  # fmt: skip


def reviewed(world: World, application: Application, user: User, tier: int) -> None:
    services.review_save(assignment=accepted(world, application, user, tier), actor=user,
                         answers=full_answers(application), recommendation="approved",
                         comments="Clear and complete.", submit=True)  # fmt: skip


def states(application: Application) -> list[tuple[str, str]]:
    return list(Event.objects.filter(application=application).values_list("from_state", "to_state"))


def test_an_application_goes_from_submission_to_approval(
    world: World, submitted: Application
) -> None:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    mail.outbox.clear()
    reviewed(world, submitted, first, 1)
    assert mail.outbox[0].to == ["rowan@example.org"]
    assert (
        mail.outbox[0].subject == "An application to review: Infant Mental Health Specialist (IMHS)"
    )
    reviewed(world, submitted, second, 2)
    submitted.refresh_from_db()
    assert submitted.status == "decision"
    mail.outbox.clear()
    services.decide(application=submitted, actor=world.coordinator, outcome="approved",
                    message="Well documented.")  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert states(submitted) == [
        ("submitted", "accepted"),  # the registration, when the application opened
        ("preparing", "submitted"), ("submitted", "first_review"), ("first_review", "second_review"),
        ("second_review", "decision"), ("decision", "approved"),
    ]  # fmt: skip
    endorsement = Endorsement.objects.get(application=submitted)
    assert (endorsement.number, endorsement.status, endorsement.category.code) == (
        "CT-2025-0001",
        "active",
        "IMHS",
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana@example.org"], "Una decisión sobre su solicitud a CT Assoc"),
        (["ana@example.org"], "Felicidades: tiene el Endorsement® de CT Assoc"),
    ]  # fmt: skip
    assert "Well documented." in mail.outbox[0].body


def test_moves_that_dont_start_here_are_refused_and_change_nothing(
    world: World, submitted: Application
) -> None:
    with pytest.raises(ValidationError, match="can't be done now"):
        services.decide(
            application=submitted, actor=world.coordinator, outcome="approved", message="x"
        )
    services.completeness_accept(application=submitted, actor=world.coordinator)
    with pytest.raises(ValidationError, match="can't be done now"):
        services.completeness_accept(application=submitted, actor=world.coordinator)
    assert states(submitted)[-2:] == [("preparing", "submitted"), ("submitted", "first_review")]
    assert len(states(submitted)) == 3


def test_no_second_review_before_the_first(world: World, submitted: Application) -> None:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    accepted(world, submitted, first, 1)
    early = accepted(world, submitted, second, 2)
    with pytest.raises(ValidationError) as error:
        services.review_save(assignment=early, actor=second, answers=full_answers(submitted),
                             recommendation="approved", comments="", submit=True)  # fmt: skip
    assert error.value.code == "order"
    submitted.refresh_from_db()
    assert submitted.status == "first_review"
    assert not Review.objects.filter(assignment=early, submitted_at__isnull=False).exists()


def test_no_decision_without_both_reviews_and_no_exam_without_one(
    world: World, submitted: Application
) -> None:
    first = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, first, 1)
    with pytest.raises(ValidationError, match="can't be done now"):
        services.decide(
            application=submitted, actor=world.coordinator, outcome="approved", message="x"
        )
    Application.objects.filter(pk=submitted.pk).update(status="decision")  # as if: guard only
    with pytest.raises(ValidationError, match="Both reviews are needed"):
        services.decide(
            application=submitted, actor=world.coordinator, outcome="approved", message="x"
        )
    with pytest.raises(ValidationError) as error:
        services.decide(
            application=submitted, actor=world.coordinator, outcome="approved_for_exam", message="x"
        )
    assert error.value.code == "no_exam"
    assert not Endorsement.objects.exists()


def test_an_incomplete_review_is_kept_as_a_draft_but_not_sent(
    world: World, submitted: Application
) -> None:
    first = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assignment = accepted(world, submitted, first, 1)
    half = {"areas": {"thinking": {"verdict": "met", "comment": ""}}}
    review = services.review_save(assignment=assignment, actor=first, answers=half,
                                  recommendation="", comments="", submit=False)  # fmt: skip
    assert review.submitted_at is None and review.answers == half
    with pytest.raises(ValidationError) as error:
        services.review_save(assignment=assignment, actor=first, answers=half,
                             recommendation="approved", comments="", submit=True)  # fmt: skip
    # One refusal per missing verdict, named as the review form's field, never a bare key.
    missing = error.value.error_dict
    assert "areas-thinking-verdict" not in missing
    assert set(missing) == {
        *(f"requirements-{code}-verdict" for code in review_requirement_codes(submitted)),
        *(f"areas-{area}-verdict" for area in Area.values if area != "thinking"),
    }
    assert {e.code for errors in missing.values() for e in errors} == {"incomplete"}
    assert set(error.value.messages) == {"Choose Met, Not met or Unclear."}
    submitted.refresh_from_db()
    assert submitted.status == "first_review"


def test_who_may_review_is_suggested_fewest_open_reviews_first(
    world: World, submitted: Application
) -> None:
    busy, free = reviewer(world, "busy@example.org"), reviewer(world, "free@example.org")
    reviewer(world, "family@example.org", categories=("IFS",))
    nm_reviewer = person("nm@example.org", "Nm Reviewer")
    StaffRole.objects.create(association=world.nm, user=nm_reviewer, role="reviewer")
    ReviewerProfile.objects.create(association=world.nm, user=nm_reviewer, categories=["IMHS"])
    services.completeness_accept(application=submitted, actor=world.coordinator)
    Assignment.objects.create(association=world.ct, application=world.other_application, reviewer=busy, tier=1,
                              assigned_by=world.coordinator, assigned_at=submitted.submitted_at)  # fmt: skip
    Application.objects.filter(pk=world.other_application.pk).update(status="first_review")
    assert [(c.user.email, c.open_reviews) for c in reviewer_candidates(application=submitted)] == [
        ("free@example.org", 0), ("busy@example.org", 1)]  # fmt: skip
    conflicted = assigning.reviewer_assign(
        application=submitted, reviewer=free, tier=1, actor=world.coordinator
    )
    assigning.assignment_respond(
        assignment=conflicted, actor=free, accept=False, conflict="My supervisee."
    )
    assert [c.user.email for c in reviewer_candidates(application=submitted)] == [
        "busy@example.org"
    ]
    with pytest.raises(ValidationError) as error:
        assigning.reviewer_assign(
            application=submitted, reviewer=free, tier=1, actor=world.coordinator
        )
    assert error.value.code == "ineligible"


def test_returned_at_the_completeness_check(world: World, submitted: Application) -> None:
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.completeness_return(application=submitted, actor=world.coordinator, reason=" ")
    services.completeness_return(
        application=submitted, actor=world.coordinator, reason="The transcript is missing."
    )
    submitted.refresh_from_db()
    assert submitted.status == "preparing" and submitted.in_preparation
    assert Event.objects.filter(application=submitted).last().note == "The transcript is missing."
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "The transcript is missing." in mail.outbox[0].body


def test_on_hold_reopens_and_returns_to_the_same_reviewers(
    world: World, submitted: Application
) -> None:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, first, 1)
    reviewed(world, submitted, second, 2)
    with pytest.raises(ValidationError):
        services.decide(
            application=submitted, actor=world.coordinator, outcome="on_hold", message="Fix RS/C."
        )
    services.decide(application=submitted, actor=world.coordinator, outcome="on_hold", message="Fix RS/C.",
                    sections=["rsc"])  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.status == "on_hold"
    services.resubmit_on_hold(application=submitted, actor=world.applicant)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_round) == ("first_review", 2)
    round_two = Assignment.objects.filter(application=submitted, round=2).order_by("tier")
    assert [(a.reviewer.email, a.status) for a in round_two] == [
        ("rowan@example.org", "accepted"), ("sage@example.org", "accepted")]  # fmt: skip


def test_deferred_goes_back_to_preparation_for_a_later_cycle(
    world: World, submitted: Application
) -> None:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, first, 1)
    reviewed(world, submitted, second, 2)
    services.decide(
        application=submitted, actor=world.coordinator, outcome="deferred", message="Next cycle."
    )
    page = world.client(world.applicant).get("/ct/application/").content.decode()
    assert "Aplazada el 1 de abril de 2025 a un ciclo de revisión posterior." in page
    assert world.client(world.other).post("/ct/application/reopen/").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "deferred"  # someone else's attempt changed nothing
    assert world.client(world.applicant).post("/ct/application/reopen/").status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_round) == ("preparing", 2)
