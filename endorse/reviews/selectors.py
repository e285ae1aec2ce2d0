"""Reads for the review: who may review, what they review, where an application stands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_today
from endorse.core.paging import Paged, Pager
from endorse.eligibility.rulesets import RuleSet
from endorse.reviews.conflicts import Reason, conflicts_found
from endorse.reviews.cycles import MonthDay, review_may_start
from endorse.reviews.models import Assignment, Review, ReviewerProfile, SubmissionDeadline
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
    conflicts: tuple[Reason, ...] = ()  # found, not declared (conflicts.py)


AWAY, LANGUAGE, CAPACITY = "away", "language", "capacity"


@dataclass(frozen=True)
class Suggestions:
    """The reviewers offered, and how many others were left out by each reason."""

    candidates: list[Candidate]
    left_out: dict[str, int] = field(default_factory=dict)


def reviewer_candidates(*, application: Application) -> list[Candidate]:
    return reviewer_suggestions(application=application).candidates


def reviewer_suggestions(*, application: Application) -> Suggestions:
    """Reviewers who may review this category, in the application's language, with room
    for another review and not away today; not the applicant, no refusal or conflict
    declared here, not already holding the other tier. Fewest open reviews first, each
    with the conflicts found."""
    association = application.association
    code = application.category.code
    profiles = {
        profile.user_id: profile
        for profile in ReviewerProfile.objects.filter(association=association)
        if code in profile.categories
    }
    today = association_today(association=association)
    language = application.applicant.preferred_language
    left_out = dict.fromkeys((AWAY, LANGUAGE, CAPACITY), 0)
    offered: list[tuple[User, int]] = []
    for user, open_reviews in _qualified(application, list(profiles)):
        why = _unavailable(profiles[user.pk], open_reviews, language, today)
        if why:
            left_out[why] += 1
        else:
            offered.append((user, open_reviews))
    found = conflicts_found(application=application, candidates=[u for u, _n in offered])
    return Suggestions(
        [Candidate(u, count, tuple(found.get(u.pk, ()))) for u, count in offered],
        {why: count for why, count in left_out.items() if count},
    )


def _unavailable(profile: ReviewerProfile, open_reviews: int, language: str, today: date) -> str:
    """Why a qualified reviewer is not offered now ("" if they are)."""
    if profile.away_until is not None and profile.away_until >= today:
        return AWAY
    if language not in (profile.languages or []):
        return LANGUAGE
    if open_reviews >= profile.capacity:
        return CAPACITY
    return ""


def _qualified(application: Application, allowed: list[int]) -> list[tuple[User, int]]:
    """The reviewers of this category here who may take it, with their open reviews."""
    association = application.association
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
    return [(user, user.open_reviews) for user in users]


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
        )
        .select_related("assignment__reviewer")
        .order_by("assignment__tier")
    )


def requires_exam(application: Application) -> bool:
    """Whether the requirements it was submitted under end with an exam; never again for
    a reinstatement whose endorsement was granted after one (no exam retake)."""
    pinned = application.pinned_requirement_set
    if not (pinned and pinned.requires_exam):
        return False
    reinstated = application.reinstates
    return reinstated is None or not requires_exam(reinstated.application)


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


LIST_PAGE = 25  # assignments of each list on one page of the reviewer's list


@dataclass(frozen=True)
class AssignmentLists:
    """The reviewer's list: what waits for them, then what is sent, declined or closed."""

    open: Paged[Assignment]
    done: Paged[Assignment]


def _open_assignment() -> Q:
    """``Assignment.outstanding`` as a query: asked or accepted in the application's
    current round, with no review sent."""
    sent = Review.objects.filter(assignment=OuterRef("pk"), submitted_at__isnull=False)
    return Q(
        status__in=(Assignment.Status.PROPOSED, Assignment.Status.ACCEPTED),
        round=F("application__review_round"),
    ) & ~Q(Exists(sent))


def reviewer_assignment_lists(
    *, reviewer: User, association_id: int, asked: str = "", page: int = 1
) -> AssignmentLists:
    """The reviewer's assignments at the association in two lists, each counted and one
    page of it fetched in SQL, the newest first (the list ``asked`` at its page ``page``,
    the other at its first): four queries, whatever the numbers."""
    rows = reviewer_assignments(reviewer=reviewer, association_id=association_id).order_by(
        "-assigned_at", "-pk"
    )
    lists = {"open": rows.filter(_open_assignment()), "done": rows.exclude(_open_assignment())}
    paged: dict[str, Paged[Assignment]] = {}
    for key, found in lists.items():
        pager = Pager.of(param="list", key=key, size=LIST_PAGE, total=found.count(),
                         asked=page if key == asked else 1)  # fmt: skip
        paged[key] = Paged(list(found[pager.offset : pager.end]), pager)
    return AssignmentLists(open=paged["open"], done=paged["done"])


def submission_deadlines(*, association: Association) -> QuerySet[SubmissionDeadline]:
    return SubmissionDeadline.objects.filter(association=association)


def deadline_marks(*, association: Association) -> list[MonthDay]:
    """The association's yearly deadlines as (month, day); empty when it has no cycles."""
    return list(submission_deadlines(association=association).values_list("month", "day"))


def waiting_by_cycle(*, association: Association, today: date) -> dict[date, int]:
    """How many submitted applications wait in each cycle that has not closed yet."""
    rows = (
        Application.objects.filter(
            association=association,
            status=Application.Status.SUBMITTED,
            review_cycle__gte=today,
        )
        .order_by()
        .values_list("review_cycle")
        .annotate(count=Count("pk"))
    )
    return {closing: count for closing, count in rows if closing is not None}


def waits_for_cycle(application: Application) -> bool:
    """A submitted application whose review cycle has not closed yet: its review waits."""
    closing = application.review_cycle
    if application.status != Application.Status.SUBMITTED or closing is None:
        return False
    return not review_may_start(closing, association_today(association=application.association))


def reviewer_profiles(*, association: Association) -> dict[int, ReviewerProfile]:
    """Each reviewer's profile at this association, by user id."""
    return {p.user_id: p for p in ReviewerProfile.objects.filter(association=association)}


def reviewer_profile(*, association: Association, user: User) -> ReviewerProfile:
    """The reviewer's profile here; an unsaved one with the defaults if there is none yet."""
    found = ReviewerProfile.objects.filter(association=association, user=user).first()
    return found or ReviewerProfile(association=association, user=user)


def reviewer_categories(*, association: Association) -> dict[int, list[str]]:
    """The categories each reviewer of this association may review, by user id."""
    return dict(
        ReviewerProfile.objects.filter(association=association).values_list("user_id", "categories")
    )


def outstanding_assignments() -> QuerySet[Assignment]:
    """Assignments whose review is still to do: asked or accepted, in the current round of
    an application in review, with no review sent (``Assignment.outstanding`` as a query)."""
    return Assignment.objects.filter(
        status__in=(Assignment.Status.PROPOSED, Assignment.Status.ACCEPTED),
        application__status__in=(Application.Status.FIRST_REVIEW,
                                 Application.Status.SECOND_REVIEW),
        round=F("application__review_round"),
    ).exclude(review__submitted_at__isnull=False)  # fmt: skip


def mark_due(assignments: Iterable[Assignment], association: Association) -> None:
    """Give each assignment (loaded with its application and review) its due day, and
    ``late`` when it is outstanding and past that day."""
    today = association_today(association=association)
    for row in assignments:
        row.due_on = due_on(row, association)  # type: ignore[attr-defined]
        row.late = row.outstanding and today > row.due_on  # type: ignore[attr-defined]


def due_on(assignment: Assignment, association: Association) -> date:
    """The last day of the review: the day it was asked, in the association's calendar,
    plus the ``review_days`` the association allows."""
    asked = association.local_date(assignment.assigned_at)
    return asked + timedelta(days=association.review_days)
