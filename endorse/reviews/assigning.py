"""Writes about who reviews what: asking a reviewer, their answer, withdrawing a review, the
categories a reviewer may take and the reminder of a late review. Split from ``services``
(which keeps the review and the decision) to keep each module short; every write is still
one transaction, locking the application or the assignment it changes."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import Association, StaffRole
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.reviews import workflow
from endorse.reviews.models import Assignment, ReviewerProfile
from endorse.reviews.selectors import (
    current_assignment,
    due_on,
    outstanding_assignments,
    reviewer_candidates,
)

S = Application.Status
A = Assignment.Status


@transaction.atomic
def reviewer_assign(
    *, application: Application, reviewer: User, tier: int, actor: User, override: str = ""
) -> Assignment:
    """Ask a reviewer; one with a conflict found only with the coordinator's written reason,
    kept on the assignment with the conflicts."""
    locked = workflow.lock(application)
    if locked.status not in (S.FIRST_REVIEW, S.SECOND_REVIEW):
        raise ValidationError(_("Reviewers are assigned once the application is complete."))
    if tier == Assignment.Tier.FIRST and locked.status != S.FIRST_REVIEW:
        raise ValidationError(_("The first review is already done."), code="first_done")
    if current_assignment(locked, tier) is not None:
        raise ValidationError(_("This review already has a reviewer."), code="taken")
    candidate = next(
        (c for c in reviewer_candidates(application=locked) if c.user.pk == reviewer.pk), None
    )
    if candidate is None:
        raise ValidationError(
            _("This person can't review this application (category, conflict or role)."),
            code="ineligible",
        )
    if candidate.conflicts and not override.strip():
        raise ValidationError({"override": _(
            "This reviewer is flagged: say why they can still review, or choose another."
        )}, code="conflict")  # fmt: skip
    assignment = Assignment.objects.create(
        association_id=locked.association_id,
        application=locked,
        reviewer=reviewer,
        tier=tier,
        round=locked.review_round,
        assigned_by=actor,
        assigned_at=timezone.now(),
        conflicts=[reason.stored() for reason in candidate.conflicts],
        conflict_override=override.strip() if candidate.conflicts else "",
    )
    notify(
        reviewer.pk,
        "review_assigned",
        association=locked.association.name,
        category_code=locked.category.code,
        tier=tier,
        url=site_url("reviews:assignment", slug=locked.association.slug, pk=assignment.pk),
    )
    return assignment


def owned_assignment(assignment: Assignment, actor: User) -> Assignment:
    """The assignment, locked; only its reviewer may answer it or write its review."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.reviewer_id != actor.pk:
        raise ValidationError(_("This review is assigned to someone else."), code="not_yours")
    return locked


@transaction.atomic
def assignment_respond(
    *,
    assignment: Assignment,
    actor: User,
    accept: bool,
    conflict: str = "",
    no_conflict: bool = False,
) -> Assignment:
    """Accept (confirming no conflict of interest), decline, or declare a conflict of
    interest (which also removes them)."""
    locked = owned_assignment(assignment, actor)
    if locked.status != A.PROPOSED:
        raise ValidationError(_("You already answered this assignment."), code="answered")
    now = timezone.now()
    if conflict.strip():
        locked.status, locked.conflict_note = A.CONFLICT, conflict.strip()
    elif accept:
        if not no_conflict:
            raise ValidationError({"no_conflict": _(
                "Confirm that you have no conflict of interest with this applicant, or "
                "declare it."
            )}, code="confirm")  # fmt: skip
        locked.status, locked.no_conflict_confirmed_at = A.ACCEPTED, now
    else:
        locked.status = A.DECLINED
    locked.responded_at = now
    locked.save(
        update_fields=["status", "conflict_note", "responded_at", "no_conflict_confirmed_at"]
    )
    return locked


@transaction.atomic
def reviewer_categories_set(
    *, association: Association, user: User, categories: list[str]
) -> ReviewerProfile:
    """Which categories a reviewer of this association may review (their own or lower)."""
    if not StaffRole.objects.filter(
        association=association, user=user, role=StaffRole.Role.REVIEWER
    ).exists():
        raise ValidationError(_("This person is not a reviewer here."), code="not_reviewer")
    profile, _created = ReviewerProfile.objects.update_or_create(
        association=association, user=user, defaults={"categories": sorted(set(categories))}
    )
    return profile


@transaction.atomic
def reviewer_withdraw(*, association: Association, user: User) -> int:
    """Someone stops reviewing here: each of their outstanding reviews is withdrawn as the
    coordinator would, so the tier opens again. Sent reviews stand. Returns how many."""
    rows = outstanding_assignments().filter(association=association, reviewer=user)
    related = ("application__association", "application__category")
    withdrawn = list(rows.select_for_update(of=("self",)).select_related(*related))
    for row in withdrawn:
        _withdraw(row)
    return len(withdrawn)


@transaction.atomic
def assignment_withdraw(*, assignment: Assignment, actor: User) -> Assignment:
    """The coordinator asks someone else: an outstanding review is withdrawn and its
    reviewer told; the tier opens again. A sent review can't be withdrawn."""
    workflow.lock(assignment.application)
    related = ("review", "application__association", "application__category")
    locked = Assignment.objects.select_related(*related).get(pk=assignment.pk)
    if not locked.outstanding:
        raise ValidationError(_("This review can no longer be withdrawn."), code="finished")
    _withdraw(locked)
    return locked


def _withdraw(assignment: Assignment) -> None:
    assignment.status, assignment.responded_at = A.WITHDRAWN, timezone.now()
    assignment.save(update_fields=["status", "responded_at"])
    application = assignment.application
    notify(
        assignment.reviewer_id,
        "review_withdrawn",
        association=application.association.name,
        category_code=application.category.code,
        url=site_url("reviews:assignments", slug=application.association.slug),
    )


def late_reviews_remind(now: datetime) -> int:
    """Tell each reviewer once when an outstanding review of theirs is past its due day.

    Each reminder is claimed by a conditional update of ``late_reminded_at``, so two
    clocks or a restarted one never send it twice."""
    sent = 0
    rows = (
        outstanding_assignments()
        .filter(late_reminded_at=None)
        .select_related("application__association", "application__category")
    )
    for row in rows:
        association = row.application.association
        due = due_on(row, association)
        if association.local_date(now) <= due:
            continue
        with transaction.atomic():
            if Assignment.objects.filter(pk=row.pk, late_reminded_at=None).update(
                late_reminded_at=now
            ):
                notify(
                    row.reviewer_id, "review_late",
                    association=association.name, category_code=row.application.category.code,
                    due=due.isoformat(),
                    url=site_url("reviews:assignment", slug=association.slug, pk=row.pk),
                )  # fmt: skip
                sent += 1
    return sent
