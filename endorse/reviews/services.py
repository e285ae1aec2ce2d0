"""Writes of the two-tier review: completeness, the review, the decision and the review
cycle. Every write is one transaction; every state change is a ``workflow.move`` with its
guard, so it writes its event or nothing at all. Who reviews what (asking, answering,
withdrawing, reminding) is in ``assigning``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.applications.snapshots import entries_snapshot_take
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_today
from endorse.core.moments import day_text
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.endorsements.services import endorsement_for_approval
from endorse.ratings.models import Area, RatingRequest
from endorse.ratings.services import close_requests_of
from endorse.reviews import workflow
from endorse.reviews.assigning import owned_assignment
from endorse.reviews.cycles import valid_month_day
from endorse.reviews.models import Assignment, Decision, Review, SubmissionDeadline, Verdict
from endorse.reviews.selectors import (
    requires_exam,
    review_requirement_codes,
    submitted_reviews,
    waits_for_cycle,
)

S = Application.Status
A = Assignment.Status
OUTCOME_MOVES = {
    Decision.Outcome.APPROVED: "approve",
    Decision.Outcome.ON_HOLD: "hold",
    Decision.Outcome.DEFERRED: "defer",
    Decision.Outcome.APPROVED_FOR_EXAM: "approve_for_exam",
}


def _tell_applicant(application: Application, template: str, **context: Any) -> None:
    notify(
        application.applicant_id,
        template,
        association=application.association.name,
        category_code=application.category.code,
        url=site_url("applications:overview", slug=application.association.slug),
        **context,
    )


@transaction.atomic
def completeness_accept(*, application: Application, actor: User) -> Application:
    """Complete: the first review starts, once the application's review cycle has closed."""

    def cycle_closed(locked: Application) -> None:
        if waits_for_cycle(locked):
            raise ValidationError(
                _("This application is in the review cycle that closes on %(day)s; its review "
                  "starts the day after.") % {"day": day_text(locked.review_cycle)},
                code="cycle_open",
            )  # fmt: skip

    return workflow.move(application, "complete", actor=actor, guard=cycle_closed)


@transaction.atomic
def completeness_return(*, application: Application, actor: User, reason: str) -> Application:
    """Incomplete: back to the applicant, who can change it and submit it again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is missing.")}, code="reason")
    moved = workflow.move(application, "return", actor=actor, note=reason.strip())
    _tell_applicant(moved, "application_returned", reason=reason.strip())
    return moved


def _check_review(application: Application, answers: dict[str, Any], recommendation: str) -> None:
    """Each refusal under the review form's field name, to show beside its radio group."""
    keys = [("requirements", code) for code in review_requirement_codes(application)]
    keys += [("areas", area) for area in Area.values]
    missing = _("Choose Met, Not met or Unclear.")
    errors: dict[str, Any] = {
        f"{kind}-{key}-verdict": ValidationError(missing, code="incomplete")
        for kind, key in keys
        if answers.get(kind, {}).get(key, {}).get("verdict") not in Verdict.values
    }
    try:
        if not recommendation:
            raise ValidationError(_("Choose the decision you recommend."), code="incomplete")
        _check_outcome(application, recommendation)
    except ValidationError as error:
        errors["recommendation"] = error
    if errors:
        raise ValidationError(errors)


def _check_outcome(application: Application, outcome: str) -> None:
    if outcome not in Decision.Outcome.values:
        raise ValidationError(_("Choose a decision."), code="outcome")
    if outcome == Decision.Outcome.APPROVED_FOR_EXAM and not requires_exam(application):
        raise ValidationError(
            _("The requirements this application was submitted under have no exam."),
            code="no_exam",
        )


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    actor: User,
    answers: dict[str, Any],
    recommendation: str,
    comments: str,
    submit: bool,
) -> Review:
    """Save the review (a draft can be incomplete); submitting it moves the application on.

    Sending the same review twice (a double click) is one review sent: the second send
    finds it sent with the same content and changes nothing."""
    locked = owned_assignment(assignment, actor)
    if locked.status != A.ACCEPTED:
        raise ValidationError(_("Accept the assignment before reviewing."), code="not_accepted")
    review, _created = Review.objects.get_or_create(
        assignment=locked, defaults={"association_id": locked.association_id}
    )
    if review.submitted_at is not None:
        if submit and (review.answers, review.recommendation, review.comments) == (
            answers, recommendation, comments,
        ):  # fmt: skip
            return review
        raise ValidationError(_("This review was already sent."), code="sent")
    if submit:
        _check_review(locked.application, answers, recommendation)
        _move_on(locked, actor)
    review.answers, review.recommendation, review.comments = answers, recommendation, comments
    review.saved_at = timezone.now()
    review.submitted_at = review.saved_at if submit else None
    review.save()
    return review


def _move_on(assignment: Assignment, actor: User) -> None:
    """A sent (complete) review moves the application to the next tier."""
    name = "first_review_done" if assignment.tier == Assignment.Tier.FIRST else "second_review_done"
    try:
        workflow.move(assignment.application, name, actor=actor)
    except ValidationError as error:
        if error.code != "wrong_state":
            raise
        raise ValidationError(
            _("The first review must be sent before the second."), code="order"
        ) from error


@transaction.atomic
def decide(
    *,
    application: Application,
    actor: User,
    outcome: str,
    message: str,
    sections: list[str] | None = None,
) -> Decision:
    """The coordinator's decision after both reviews, with the message the applicant reads."""
    _check_outcome(application, outcome)

    def ready(locked: Application) -> None:
        if len(submitted_reviews(locked)) < 2:
            raise ValidationError(_("Both reviews are needed before a decision."), code="reviews")
        if not message.strip():
            raise ValidationError({"message": _("Write the message to the applicant.")})
        if outcome == Decision.Outcome.ON_HOLD and not sections:
            raise ValidationError({"sections": _("Choose the sections to reopen.")})

    name = OUTCOME_MOVES[Decision.Outcome(outcome)]
    moved = workflow.move(application, name, actor=actor, note=message.strip(), guard=ready)
    moved.reopened_sections = list(sections or []) if outcome == Decision.Outcome.ON_HOLD else []
    moved.save(update_fields=["reopened_sections"])
    decision = Decision.objects.create(
        association_id=moved.association_id,
        application=moved,
        round=moved.review_round,
        outcome=outcome,
        message=message.strip(),
        sections=sections or [],
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _tell_applicant(moved, "application_decided", outcome=outcome, message=message.strip())
    if outcome == Decision.Outcome.APPROVED:  # the congratulations follow the decision
        endorsement_for_approval(
            application=moved,
            issued_on=association_today(association=moved.association),
            actor=actor,
        )
    return decision


@transaction.atomic
def resubmit_on_hold(*, application: Application, actor: User) -> Application:
    """The applicant fixed what was asked: a new round, with the same two reviewers."""
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can resubmit."), code="not_yours")
    # The same reviewers, as long as they still review here; a tier whose reviewer left
    # opens for the coordinator to assign again.
    previous = list(
        Assignment.objects.filter(
            application=application, round=application.review_round, status=A.ACCEPTED,
            reviewer__staff_roles__association_id=application.association_id,
            reviewer__staff_roles__role=StaffRole.Role.REVIEWER,
        )
    )  # fmt: skip
    moved = workflow.move(application, "resubmit", actor=actor)
    close_requests_of(moved, reason=RatingRequest.Closed.APPLICATION_SUBMITTED)
    moved.review_round += 1
    moved.reopened_sections = []
    moved.save(update_fields=["review_round", "reopened_sections"])
    entries_snapshot_take(application=moved)
    now = timezone.now()
    for old in previous:
        Assignment.objects.create(
            association_id=old.association_id,
            application=moved,
            reviewer_id=old.reviewer_id,
            tier=old.tier,
            round=moved.review_round,
            status=A.ACCEPTED,
            assigned_by_id=old.assigned_by_id,
            assigned_at=now,
            responded_at=now,
        )
    return moved


@transaction.atomic
def reopen_deferred(*, application: Application, actor: User) -> Application:
    """A deferred application goes back to preparation, for a later review cycle."""
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can take it back."), code="not_yours")
    moved = workflow.move(application, "reopen", actor=actor)
    moved.review_round += 1
    moved.save(update_fields=["review_round"])
    return moved


@transaction.atomic
def deadline_add(*, association: Association, month: int, day: int) -> SubmissionDeadline:
    """A yearly submission deadline: submissions up to that day join the same review cycle."""
    if not valid_month_day(month, day):
        raise ValidationError({"day": _("Choose a day this month has every year.")}, code="day")
    deadline, created = SubmissionDeadline.objects.get_or_create(
        association=association, month=month, day=day
    )
    if not created:
        raise ValidationError({"day": _("This deadline is already set.")}, code="duplicate")
    return deadline


@transaction.atomic
def deadline_remove(*, association: Association, pk: int) -> None:
    """Applications already submitted keep the cycle they joined."""
    SubmissionDeadline.objects.filter(association=association, pk=pk).delete()
