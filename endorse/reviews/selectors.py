"""Reads for the review: who may review, what they review, where an application stands."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.eligibility.rulesets import RuleSet
from endorse.reviews.models import Assignment, Review, ReviewerProfile
from endorse.standards.selectors import requirement_set_ruleset

IN_REVIEW = (
    Application.Status.SUBMITTED,
    Application.Status.FIRST_REVIEW,
    Application.Status.SECOND_REVIEW,
    Application.Status.DECISION,
)


@dataclass(frozen=True)
class Candidate:
    user: User
    open_reviews: int


def reviewer_candidates(*, application: Application) -> list[Candidate]:
    """Reviewers who may review this category, have no conflict or refusal here, are not
    the applicant, and don't already hold the other tier; fewest open reviews first."""
    association = application.association
    code = application.category.code
    allowed = [
        profile.user_id
        for profile in ReviewerProfile.objects.filter(association=association)
        if code in profile.categories
    ]
    excluded = Assignment.objects.filter(application=application).filter(
        Q(status__in=(Assignment.Status.DECLINED, Assignment.Status.CONFLICT))
        | Q(round=application.review_round, status__in=(Assignment.Status.PROPOSED,
                                                         Assignment.Status.ACCEPTED))
    ).values("reviewer_id")  # fmt: skip
    users = (
        User.objects.filter(
            pk__in=allowed,
            is_active=True,
            staff_roles__association=association,
            staff_roles__role=StaffRole.Role.REVIEWER,
        )
        .exclude(pk=application.applicant_id)
        .exclude(pk__in=excluded)
        .annotate(
            open_reviews=Count(
                "assignments",
                filter=Q(
                    assignments__status__in=(
                        Assignment.Status.PROPOSED,
                        Assignment.Status.ACCEPTED,
                    ),
                    assignments__application__status__in=IN_REVIEW,
                    assignments__review__submitted_at__isnull=True,
                ),
                distinct=True,
            )
        )
        .order_by("open_reviews", "full_name", "pk")
        .distinct()
    )
    return [Candidate(user, user.open_reviews) for user in users]


def current_assignment(application: Application, tier: int) -> Assignment | None:
    return (
        Assignment.objects.filter(
            application=application,
            round=application.review_round,
            tier=tier,
            status__in=(Assignment.Status.PROPOSED, Assignment.Status.ACCEPTED),
        )
        .select_related("reviewer")
        .first()
    )


def submitted_reviews(application: Application) -> list[Review]:
    """The reviews sent in this round, first reviewer's first."""
    return list(
        Review.objects.filter(
            assignment__application=application,
            assignment__round=application.review_round,
            assignment__status=Assignment.Status.ACCEPTED,
            submitted_at__isnull=False,
        ).order_by("assignment__tier")
    )


def requires_exam(application: Application) -> bool:
    """Whether the requirements it was submitted under end with an exam."""
    pinned = application.pinned_requirement_set
    return bool(pinned and pinned.requires_exam)


def pinned_ruleset(application: Application) -> RuleSet | None:
    """The requirement set pinned at submission, as the engine reads it."""
    pinned = application.pinned_requirement_set
    return requirement_set_ruleset(pinned) if pinned else None


def review_requirement_codes(application: Application) -> list[str]:
    """The requirements a reviewer judges: the rules of the set pinned at submission."""
    ruleset = pinned_ruleset(application)
    return [code for code, _params in ruleset.rules] if ruleset else []


def reviewer_assignments(*, reviewer: User, association_id: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(reviewer=reviewer, association_id=association_id)
        .select_related("application__applicant", "application__category", "review")
        .order_by("-assigned_at")
    )
