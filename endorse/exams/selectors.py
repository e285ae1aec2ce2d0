"""Reads of the exam, always from the association first."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import Association, StaffRole
from endorse.exams.models import Attempt, Booking, Result, Scoring, Sitting
from endorse.exams.services import (
    Approval,
    approval_of,
    part_two_passed,
    parts_due,
    policy_of,
    scorers_disagree,
)


def sittings_open_for_booking(association: Association) -> QuerySet[Sitting]:
    """Sittings that have not closed, with ``booked`` (places taken) annotated."""
    return (
        Sitting.objects.filter(association=association, closes_at__gt=timezone.now())
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
        .order_by("opens_at", "pk")
    )


@dataclass
class CandidateExam:
    application: Application
    approval: Approval | None
    parts_due: list[int]
    booking: Booking | None  # the booking whose result is not released yet
    attempts: dict[int, Attempt] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    sittings: list[Sitting] = field(default_factory=list)

    @property
    def sitting_open_now(self) -> bool:
        if self.booking is None:
            return False
        now = timezone.now()
        return self.booking.sitting.opens_at <= now < self.booking.sitting.closes_at


def current_booking(application: Application) -> Booking | None:
    return (
        Booking.objects.awaiting_result()
        .filter(application=application)
        .select_related("sitting", "fee")
        .first()
    )


def candidate_exam(application: Application) -> CandidateExam:
    booking = current_booking(application)
    attempts = {a.part: a for a in Attempt.objects.filter(booking=booking)} if booking else {}
    sittings = [] if booking else list(sittings_open_for_booking(application.association))
    return CandidateExam(
        application=application,
        approval=approval_of(application),
        parts_due=parts_due(application),
        booking=booking,
        attempts=attempts,
        results=list(
            Result.objects.filter(booking__application=application).order_by("-released_at")
        ),
        sittings=sittings,
    )


def minutes_for(association: Association, part: int) -> int:
    policy = policy_of(association)
    return policy.part1_minutes if part == 1 else policy.part2_minutes


@dataclass
class PartTwoRow:
    attempt: Attempt
    scorings: dict[int, Scoring]
    open_tiers: list[int]


@dataclass
class ReleaseRow:
    booking: Booking
    attempts: dict[int, Attempt]
    part2_passed: bool | None
    draft: str


@dataclass
class CoordinatorExam:
    sittings: list[Sitting]
    accommodations: list[Booking]
    part_two: list[PartTwoRow]
    releasable: list[ReleaseRow]
    bookings: list[Booking]


def coordinator_exam(association: Association) -> CoordinatorExam:
    """Everything the coordinator's exam page lists, a fixed number of queries."""
    pending = list(
        Booking.objects.awaiting_result()
        .filter(association=association)
        .select_related("application__applicant", "application__category", "sitting", "fee")
        .prefetch_related("fee__payments__refunds")
        .prefetch_related("attempts__scorings__scorer")
    )
    totals = _items_drawn([a for b in pending for a in b.attempts.all() if a.part == 1])
    part_two: list[PartTwoRow] = []
    releasable: list[ReleaseRow] = []
    for booking in pending:
        attempts = {a.part: a for a in booking.attempts.all()}
        second = attempts.get(2)
        outcome = None
        if second is not None and second.submitted_at is not None:
            scorings = {s.tier: s for s in second.scorings.all()}
            part_two.append(PartTwoRow(second, scorings, _open_tiers(scorings)))
            outcome = part_two_passed(second)
        handed_in = all(p in attempts and attempts[p].submitted_at for p in booking.parts)
        if handed_in and (2 not in booking.parts or outcome is not None):
            draft = feedback_draft(attempts, outcome, totals)
            releasable.append(ReleaseRow(booking, attempts, outcome, draft))
    return CoordinatorExam(
        sittings=list(
            Sitting.objects.filter(association=association)
            .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
            .order_by("-opens_at")[:20]
        ),
        accommodations=[b for b in pending if b.accommodation == Booking.Accommodation.REQUESTED],
        part_two=part_two,
        releasable=releasable,
        bookings=pending,
    )


def _items_drawn(attempts: list[Attempt]) -> dict[int, int]:
    """How many items each part 1 drew, for all of them in one query."""
    counted = Attempt.objects.filter(pk__in=[a.pk for a in attempts]).annotate(n=Count("answers"))
    return dict(counted.values_list("pk", "n"))


def _open_tiers(scorings: dict[int, Scoring]) -> list[int]:
    tiers = [t for t in (1, 2) if t not in scorings]
    if scorers_disagree(scorings) and 3 not in scorings:
        tiers.append(3)
    return tiers


def feedback_draft(
    attempts: dict[int, Attempt], part2_passed: bool | None, totals: dict[int, int]
) -> str:
    """A letter for the coordinator to edit: each part's outcome and the scorers' comments."""
    lines: list[str] = []
    first = attempts.get(1)
    if first is not None:
        total = totals.get(first.pk, 0)
        verdict = _("passed") if first.passed else _("not passed")
        values = {"correct": first.correct or 0, "total": total, "verdict": verdict}
        lines.append(_("Part 1: %(correct)s of %(total)s correct, %(verdict)s.") % values)
    second = attempts.get(2)
    if second is not None:
        verdict = _("passed") if part2_passed else _("not passed")
        lines.append(_("Part 2: %(verdict)s. The scorers wrote:") % {"verdict": verdict})
        lines.extend(f"– {s.comments}" for s in second.scorings.all() if s.comments)
    return "\n\n".join(lines)


def exam_scorers(association: Association) -> QuerySet[User]:
    """Who may score part 2 here: the association's reviewers."""
    return User.objects.filter(
        staff_roles__association=association, staff_roles__role=StaffRole.Role.REVIEWER
    ).order_by("full_name", "pk")
