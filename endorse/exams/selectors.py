"""Reads of the exam, always from the association first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.exams.models import Attempt, Booking, Result, Sitting
from endorse.exams.services import approval_valid_until, approved_on, parts_due, policy_of


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
    approved_on: date | None
    valid_until: date | None
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


def candidate_exam(application: Application) -> CandidateExam:
    booking = (
        Booking.objects.filter(
            application=application, status=Booking.Status.BOOKED, result__isnull=True
        )
        .select_related("sitting", "fee")
        .first()
    )
    attempts = {a.part: a for a in Attempt.objects.filter(booking=booking)} if booking else {}
    sittings = [] if booking else list(sittings_open_for_booking(application.association))
    return CandidateExam(
        application=application,
        approved_on=approved_on(application),
        valid_until=approval_valid_until(application),
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
