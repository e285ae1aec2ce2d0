"""Sittings, what a candidate still has to do, and booking a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Event
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.exams.models import Booking, Result, Sitting
from endorse.exams.services.policy import policy_of
from endorse.payments.models import FeeKind
from endorse.payments.services import charge_open

A = Application.Status


@transaction.atomic
def sitting_open(
    *, association: Association, opens_at: datetime, closes_at: datetime, capacity: int,
    note: str = "",
) -> Sitting:  # fmt: skip
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("A sitting must close after it opens.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("A sitting needs at least one place.")})
    return Sitting.objects.create(
        association=association, opens_at=opens_at, closes_at=closes_at, capacity=capacity,
        note=note.strip(),
    )  # fmt: skip


def places_left(sitting: Sitting) -> int:
    taken = sitting.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(0, sitting.capacity - taken)


# What a candidate still has to do --------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """When the application was approved to sit the exam, and the last day a sitting may
    open for it (both the association's days)."""

    on: date
    valid_until: date


def approval_of(application: Application) -> Approval | None:
    event = (
        Event.objects.filter(application=application, to_state=A.APPROVED_FOR_EXAM)
        .order_by("-at")
        .first()
    )
    if event is None:
        return None
    day = application.association.local_date(event.at)
    days = policy_of(application.association).approval_valid_days
    return Approval(day, day + timedelta(days=days))


def parts_passed(application: Application) -> set[int]:
    passed: set[int] = set()
    for result in Result.objects.filter(booking__application=application):
        if result.part1_passed:
            passed.add(1)
        if result.part2_passed:
            passed.add(2)
    return passed


def parts_due(application: Application) -> list[int]:
    return [part for part in (1, 2) if part not in parts_passed(application)]


def retake_days(application: Application) -> dict[int, date]:
    """For each part failed at a released result, the first day it may be taken again."""
    last_failed: dict[int, datetime] = {}
    for result in Result.objects.filter(booking__application=application):
        for part, passed in ((1, result.part1_passed), (2, result.part2_passed)):
            if passed is False:
                last_failed[part] = max(
                    result.released_at, last_failed.get(part, result.released_at)
                )
    wait = timedelta(days=policy_of(application.association).retake_wait_days)
    local = application.association.local_date
    return {part: local(moment) + wait for part, moment in last_failed.items()}


# Booking -------------------------------------------------------------------------------


@transaction.atomic
def booking_create(
    *, application: Application, sitting: Sitting, actor: User, accommodation_request: str = ""
) -> Booking:
    """The applicant books a place: approved to sit the exam, within the approval's
    validity, after any retake wait, while places last; the exam fee falls due."""
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can book their exam."), code="not_yours")
    if application.status != A.APPROVED_FOR_EXAM:
        raise ValidationError(_("Only an application approved to sit the exam can book it."),
                              code="not_approved")  # fmt: skip
    locked = Sitting.objects.select_for_update().get(
        pk=sitting.pk, association=application.association
    )
    now = timezone.now()
    opens = application.association.local_date(locked.opens_at)
    if locked.closes_at <= now:
        raise ValidationError(_("This sitting has closed."), code="closed")
    approval = approval_of(application)
    if approval is not None and opens > approval.valid_until:
        raise ValidationError(
            _("Your approval to sit the exam is valid until %(day)s; choose a sitting before then.")
            % {"day": approval.valid_until.isoformat()}, code="expired",
        )  # fmt: skip
    due = parts_due(application)
    retakes = retake_days(application)
    for part in due:
        allowed = retakes.get(part)
        if allowed is not None and opens < allowed:
            raise ValidationError(
                _("Part %(part)s can be taken again from %(day)s.")
                % {"part": part, "day": allowed.isoformat()}, code="too_soon",
            )  # fmt: skip
    if Booking.objects.awaiting_result().filter(application=application).exists():
        raise ValidationError(_("You already have a sitting booked."), code="booked")
    if places_left(locked) == 0:
        raise ValidationError(_("This sitting is full; choose another."), code="full")
    today = association_today(association=application.association)
    fee = charge_open(association=application.association, person=actor, kind=FeeKind.EXAM,
                      category=application.category, on=today)  # fmt: skip
    request = accommodation_request.strip()
    return Booking.objects.create(
        association=application.association, application=application, sitting=locked,
        parts=due, booked_at=now, fee=fee, accommodation_request=request,
        accommodation=Booking.Accommodation.REQUESTED if request else Booking.Accommodation.NONE,
    )  # fmt: skip


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: User) -> Booking:
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can cancel their booking."), code="not_yours")
    if locked.attempts.exists():
        raise ValidationError(_("The exam has started; it can't be cancelled now."), code="started")
    locked.status = Booking.Status.CANCELLED
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def accommodation_decide(*, booking: Booking, granted: bool, extra_minutes: int) -> Booking:
    """The coordinator grants (with extra minutes per part) or refuses the accommodation."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.attempts.exists():
        raise ValidationError(_("The exam has started; its time can't change now."), code="started")
    if granted and extra_minutes < 1:
        raise ValidationError({"extra_minutes": _("Grant at least one extra minute.")})
    locked.accommodation = (
        Booking.Accommodation.GRANTED if granted else Booking.Accommodation.REFUSED
    )
    locked.extra_minutes = extra_minutes if granted else 0
    locked.save(update_fields=["accommodation", "extra_minutes"])
    notify(locked.application.applicant_id, "exam_accommodation",
           association=locked.association.name, granted=granted,
           extra_minutes=locked.extra_minutes,
           url=site_url("exams:candidate", slug=locked.association.slug))  # fmt: skip
    return locked
