"""The exam from booking to endorsement, with the server's clock moved by time travel."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from endorse.applications.models import Application
from endorse.endorsements.models import Endorsement
from endorse.exams.models import Answer, Attempt, Booking, ExamPolicy, Result, Scoring, Sitting
from endorse.exams.services import (
    accommodation_decide,
    answer_save,
    attempt_start,
    attempt_submit,
    booking_cancel,
    booking_create,
    result_release,
    scorer_assign,
    scoring_submit,
    sitting_open,
)
from tests.exams.conftest import Exam, pay

OPEN = datetime(2025, 4, 1, 14, 0, tzinfo=UTC)


def refused(code: str, action: Any) -> None:
    with pytest.raises(ValidationError) as error:
        action()
    assert error.value.code == code, error.value


def booked(exam: Exam, **extra: Any) -> Booking:
    booking = booking_create(
        application=exam.application, sitting=exam.sitting, actor=exam.candidate, **extra
    )
    pay(booking, exam.world.coordinator)
    return booking


def test_booking_takes_a_place_and_charges_the_exam_fee(exam: Exam) -> None:
    booking = booking_create(
        application=exam.application, sitting=exam.sitting, actor=exam.candidate
    )
    assert booking.parts == [1, 2]
    assert (booking.fee.kind, booking.fee.amount_cents, booking.fee.status) == ("exam", 7500, "due")
    assert (
        booking.candidate.startswith("C-")
        and exam.candidate.get_full_name() not in booking.candidate
    )
    refused("booked", lambda: booking_create(application=exam.application, sitting=exam.sitting,
                                             actor=exam.candidate))  # fmt: skip
    refused("not_yours", lambda: booking_create(application=exam.application, sitting=exam.sitting,
                                                actor=exam.world.other))  # fmt: skip
    booking_cancel(booking=booking, actor=exam.candidate)
    assert booking_create(application=exam.application, sitting=exam.sitting, actor=exam.candidate)


def test_a_full_sitting_and_an_expired_approval_are_refused(exam: Exam) -> None:
    full = sitting_open(
        association=exam.world.ct, opens_at=OPEN, closes_at=OPEN + timedelta(hours=4), capacity=1
    )
    other = exam.world.other_application  # another approved candidate takes the only place
    Application.objects.filter(pk=other.pk).update(status="approved_for_exam")
    other.refresh_from_db()
    booking_create(application=other, sitting=full, actor=exam.world.other)
    refused(
        "full",
        lambda: booking_create(application=exam.application, sitting=full, actor=exam.candidate),
    )
    late = sitting_open(association=exam.world.ct, opens_at=datetime(2026, 3, 4, 14, 0, tzinfo=UTC),
                        closes_at=datetime(2026, 3, 4, 18, 0, tzinfo=UTC), capacity=5)  # fmt: skip
    refused(
        "expired",
        lambda: booking_create(application=exam.application, sitting=late, actor=exam.candidate),
    )
    assert not Booking.objects.filter(application=exam.application).exists()


def test_a_sitting_must_close_after_it_opens(exam: Exam) -> None:
    with pytest.raises(ValidationError) as error:
        sitting_open(association=exam.world.ct, opens_at=OPEN, closes_at=OPEN, capacity=3)
    assert error.value.message_dict == {"closes_at": ["A sitting must close after it opens."]}


def test_part_one_runs_on_the_server_clock_resumes_and_closes_itself(
    exam: Exam, frozen: Any
) -> None:
    booking = booked(exam)
    refused("not_open", lambda: attempt_start(booking=booking, part=1, actor=exam.candidate))
    frozen.move_to(OPEN)
    refused("order", lambda: attempt_start(booking=booking, part=2, actor=exam.candidate))
    attempt = attempt_start(booking=booking, part=1, actor=exam.candidate, rng=random.Random(3))
    assert attempt.deadline_at == OPEN + timedelta(minutes=30)
    answers = list(attempt.answers.select_related("item"))
    assert len(answers) == 10 and len({a.item_id for a in answers}) == 10
    for answer in answers[:8]:  # 8 right answers, then the browser closes
        answer_save(attempt=attempt, position=answer.position, actor=exam.candidate,
                    choice=exam.keys[answer.item_id])  # fmt: skip
    frozen.move_to(OPEN + timedelta(minutes=20))
    again = attempt_start(booking=booking, part=1, actor=exam.candidate)
    assert again.pk == attempt.pk and again.deadline_at == attempt.deadline_at  # 10 minutes left
    assert Answer.objects.filter(attempt=attempt, choice__isnull=False).count() == 8
    refused(
        "choice", lambda: answer_save(attempt=attempt, position=9, actor=exam.candidate, choice=7)
    )
    refused(
        "not_yours",
        lambda: answer_save(attempt=attempt, position=9, actor=exam.world.other, choice=0),
    )
    frozen.move_to(OPEN + timedelta(minutes=30, seconds=1))
    refused(
        "closed", lambda: answer_save(attempt=attempt, position=9, actor=exam.candidate, choice=0)
    )
    attempt.refresh_from_db()
    assert attempt.timed_out is True and attempt.submitted_at == attempt.deadline_at
    assert (attempt.correct, attempt.passed) == (8, True)  # 8 of 10 is the 80% pass mark
    assert Answer.objects.get(attempt=attempt, position=9).choice is None


def test_an_accommodation_must_be_answered_and_adds_time(exam: Exam, frozen: Any) -> None:
    booking = booked(exam, accommodation_request="Extra time: dyslexia.")
    assert booking.accommodation == "requested"
    frozen.move_to(OPEN)
    refused("accommodation", lambda: attempt_start(booking=booking, part=1, actor=exam.candidate))
    mail.outbox.clear()
    accommodation_decide(booking=booking, granted=True, extra_minutes=15)
    assert mail.outbox[0].to == ["ana@example.org"]
    attempt = attempt_start(booking=booking, part=1, actor=exam.candidate)
    assert attempt.deadline_at == OPEN + timedelta(minutes=45)
    refused(
        "started", lambda: accommodation_decide(booking=booking, granted=True, extra_minutes=60)
    )


def test_the_exam_fee_must_be_paid_first(exam: Exam, frozen: Any) -> None:
    booking = booking_create(
        application=exam.application, sitting=exam.sitting, actor=exam.candidate
    )
    frozen.move_to(OPEN)
    refused("fee", lambda: attempt_start(booking=booking, part=1, actor=exam.candidate))
    assert not Attempt.objects.exists()


def take_both_parts(exam: Exam, frozen: Any, booking: Booking, right: int = 10) -> Attempt:
    frozen.move_to(OPEN)
    candidate = booking.application.applicant
    first = attempt_start(booking=booking, part=1, actor=candidate, rng=random.Random(1))
    for answer in first.answers.all()[:right]:
        answer_save(
            attempt=first,
            position=answer.position,
            actor=candidate,
            choice=exam.keys[answer.item_id],
        )
    attempt_submit(attempt=first, actor=candidate)
    second = attempt_start(booking=booking, part=2, actor=candidate, rng=random.Random(1))
    assert second.answers.count() == 3
    for position in (1, 2):
        answer_save(attempt=second, position=position, actor=candidate, chosen=True,
                    text="The caregiver's own history shapes how she reads the baby.")  # fmt: skip
    refused(
        "too_many",
        lambda: answer_save(attempt=second, position=3, actor=candidate, chosen=True),
    )
    return attempt_submit(attempt=second, actor=candidate).attempt


def test_part_two_is_scored_blind_by_two_and_a_third_when_they_disagree(
    exam: Exam, frozen: Any
) -> None:
    booking = booked(exam)
    second = take_both_parts(exam, frozen, booking)
    s1, s2, s3 = exam.scorers
    refused("role", lambda: scorer_assign(attempt=second, scorer=exam.world.other, tier=1))
    first_scoring = scorer_assign(attempt=second, scorer=s1, tier=1)
    refused("twice", lambda: scorer_assign(attempt=second, scorer=s1, tier=2))
    second_scoring = scorer_assign(attempt=second, scorer=s2, tier=2)
    refused("agreed", lambda: scorer_assign(attempt=second, scorer=s3, tier=3))
    refused(
        "not_yours",
        lambda: scoring_submit(scoring=first_scoring, actor=s2, passed=True, comments="x"),
    )
    scoring_submit(
        scoring=first_scoring, actor=s1, passed=True, comments="Clear on the relationship."
    )
    scoring_submit(scoring=second_scoring, actor=s2, passed=False, comments="Misses the father.")
    refused(
        "scoring",
        lambda: result_release(
            booking=booking, letter="Dear candidate", actor=exam.world.coordinator
        ),
    )
    third = scorer_assign(attempt=second, scorer=s3, tier=3)
    scoring_submit(scoring=third, actor=s3, passed=True, comments="Meets the rubric overall.")
    assert Scoring.objects.filter(attempt=second).count() == 3
    result = result_release(booking=booking, letter="Well done.", actor=exam.world.coordinator)
    assert (result.part1_passed, result.part2_passed) == (True, True)


def test_passing_every_part_endorses(exam: Exam, frozen: Any) -> None:
    booking = booked(exam)
    second = take_both_parts(exam, frozen, booking)
    for tier, scorer in enumerate(exam.scorers[:2], start=1):
        scoring = scorer_assign(attempt=second, scorer=scorer, tier=tier)
        scoring_submit(scoring=scoring, actor=scorer, passed=True, comments="Good.")
    mail.outbox.clear()
    result_release(booking=booking, letter="Congratulations.", actor=exam.world.coordinator)
    exam.application.refresh_from_db()
    assert exam.application.status == "approved"
    endorsement = Endorsement.objects.get(application=exam.application)
    assert endorsement.number == "CT-2025-0001"
    assert [m.subject for m in mail.outbox] == [
        "Su resultado del examen de CT Assoc", "Felicidades: tiene el Endorsement® de CT Assoc",
    ]  # fmt: skip
    refused(
        "released",
        lambda: result_release(booking=booking, letter="Again", actor=exam.world.coordinator),
    )


def test_a_failed_part_is_retaken_alone_after_the_waiting_period(exam: Exam, frozen: Any) -> None:
    booking = booked(exam)
    second = take_both_parts(exam, frozen, booking, right=5)  # part 1: 50%, failed
    for tier, scorer in enumerate(exam.scorers[:2], start=1):
        scoring = scorer_assign(attempt=second, scorer=scorer, tier=tier)
        scoring_submit(scoring=scoring, actor=scorer, passed=True, comments="Good.")
    result = result_release(
        booking=booking, letter="Part 1 was not passed.", actor=exam.world.coordinator
    )
    assert (result.part1_passed, result.part2_passed) == (False, True)
    exam.application.refresh_from_db()
    assert exam.application.status == "approved_for_exam"
    assert not Endorsement.objects.exists()
    soon = sitting_open(association=exam.world.ct, opens_at=datetime(2025, 12, 1, 14, tzinfo=UTC),
                        closes_at=datetime(2025, 12, 1, 18, tzinfo=UTC), capacity=5)  # fmt: skip
    refused(
        "too_soon",
        lambda: booking_create(application=exam.application, sitting=soon, actor=exam.candidate),
    )
    # A year on (the approval's validity counts from the approval; this one is still valid).
    later = sitting_open(association=exam.world.ct, opens_at=datetime(2026, 4, 2, 14, tzinfo=UTC),
                         closes_at=datetime(2026, 4, 2, 18, tzinfo=UTC), capacity=5)  # fmt: skip
    assert Sitting.objects.count() == 3
    ExamPolicy.objects.filter(association=exam.world.ct).update(approval_valid_days=800)
    retake = booking_create(application=exam.application, sitting=later, actor=exam.candidate)
    assert retake.parts == [1]
    assert Result.objects.count() == 1


def test_the_clock_hands_in_a_part_left_open_past_its_deadline(exam: Exam, frozen: Any) -> None:
    from endorse.core.management.commands.clock import tick

    booking = booked(exam)
    frozen.move_to(OPEN)
    attempt = attempt_start(booking=booking, part=1, actor=exam.candidate)
    answer = attempt.answers.select_related("item").first()
    answer_save(
        attempt=attempt, position=answer.position, actor=exam.candidate, choice=answer.item.key
    )
    assert tick()["exam parts handed in at their deadline"] == 0
    frozen.move_to(OPEN + timedelta(minutes=30))
    assert tick()["exam parts handed in at their deadline"] == 1
    attempt.refresh_from_db()
    assert (attempt.timed_out, attempt.submitted_at, attempt.correct) == (
        True,
        attempt.deadline_at,
        1,
    )
    assert tick()["exam parts handed in at their deadline"] == 0


def test_an_answer_sent_again_after_hand_in_is_refused_only_if_it_changes(
    exam: Exam, frozen: Any
) -> None:
    booking = booked(exam)
    frozen.move_to(OPEN)
    attempt_start(booking=booking, part=1, actor=exam.candidate)
    attempt = Attempt.objects.get(booking=booking, part=1)
    answer = attempt.answers.select_related("item").first()
    answer_save(
        attempt=attempt, position=answer.position, actor=exam.candidate, choice=answer.item.key
    )
    attempt_submit(attempt=attempt, actor=exam.candidate)
    # The page closing sends the same answer again: nothing is lost, nothing is said.
    same = answer_save(
        attempt=attempt, position=answer.position, actor=exam.candidate, choice=answer.item.key
    )
    assert same.choice == answer.item.key
    refused("closed", lambda: answer_save(attempt=attempt, position=answer.position,
                                          actor=exam.candidate, choice=(answer.item.key + 1) % 4))  # fmt: skip
    assert Answer.objects.get(pk=answer.pk).choice == answer.item.key


def test_handing_in_again_finds_it_handed_in_and_changes_nothing(exam: Exam, frozen: Any) -> None:
    booking = booked(exam)
    frozen.move_to(OPEN)
    attempt = attempt_start(booking=booking, part=1, actor=exam.candidate)
    frozen.move_to(OPEN + timedelta(minutes=5))
    assert attempt_submit(attempt=attempt, actor=exam.candidate).by_this_request
    frozen.move_to(OPEN + timedelta(minutes=40))  # past the deadline, too
    again = attempt_submit(attempt=attempt, actor=exam.candidate)
    assert not again.by_this_request
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.timed_out, attempt.correct, attempt.passed) == (
        OPEN + timedelta(minutes=5), False, 0, False,
    )  # fmt: skip
    refused("not_yours", lambda: attempt_submit(attempt=attempt, actor=exam.world.other))
    attempt.refresh_from_db()
    assert attempt.submitted_at == OPEN + timedelta(minutes=5)
