"""The coordinator's exam page: sittings, accommodations, scorers and release."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core import mail
from django.utils import timezone

from endorse.endorsements.models import Endorsement
from endorse.exams.models import Booking, ExamPolicy, Result, Scoring, Sitting
from endorse.exams.services import scorer_assign, scoring_submit
from tests.exams.conftest import Exam, pay
from tests.exams.test_services import booked, take_both_parts


def test_the_coordinator_opens_a_sitting_in_local_time(exam: Exam) -> None:
    client = exam.world.client(exam.world.coordinator)
    assert 'href="/ct/manage/exam/"' in client.get("/ct/manage/").content.decode()
    response = client.post("/ct/manage/exam/sittings/", {
        "sitting-opens_at": "2025-05-06T09:00", "sitting-closes_at": "2025-05-06T17:00",
        "sitting-capacity": "12", "sitting-note": "Online; a quiet room."}, follow=True)  # fmt: skip
    assert "The sitting is open for booking." in response.content.decode()
    sitting = Sitting.objects.latest("pk")
    assert sitting.opens_at == datetime(2025, 5, 6, 13, 0, tzinfo=UTC)  # 9:00 in Hartford
    bad = client.post("/ct/manage/exam/sittings/", {
        "sitting-opens_at": "2025-05-06T09:00", "sitting-closes_at": "2025-05-06T08:00",
        "sitting-capacity": "12"})  # fmt: skip
    assert bad.status_code == 422
    assert "A sitting must close after it opens." in bad.content.decode()
    assert 'value="2025-05-06T09:00"' in bad.content.decode()  # what was typed stays
    assert Sitting.objects.count() == 2


def test_granting_an_accommodation(exam: Exam) -> None:
    booking = booked(exam, accommodation_request="Extra time: a reading disability.")
    client = exam.world.client(exam.world.coordinator)
    page = client.get("/ct/manage/exam/").content.decode()
    assert "Extra time: a reading disability." in page
    client.post(f"/ct/manage/exam/bookings/{booking.pk}/accommodation/",
                {"decision": "grant", f"accommodation-{booking.pk}-extra_minutes": "20"})  # fmt: skip
    booking.refresh_from_db()
    assert (booking.accommodation, booking.extra_minutes) == ("granted", 20)


def test_scorers_are_asked_and_the_result_released_with_a_drafted_letter(
    exam: Exam, frozen: Any
) -> None:
    booking = booked(exam)
    second = take_both_parts(exam, frozen, booking)
    client = exam.world.client(exam.world.coordinator)  # signed in now, in April
    page = client.get("/ct/manage/exam/").content.decode()
    assert f"Candidate {booking.candidate}, part 2" in page
    for tier, scorer in enumerate(exam.scorers[:2], start=1):
        client.post(f"/ct/manage/exam/attempts/{second.pk}/scorers/{tier}/", {"scorer": scorer.pk})
    assert list(Scoring.objects.values_list("tier", "scorer")) == [
        (1, exam.scorers[0].pk),
        (2, exam.scorers[1].pk),
    ]
    for scoring in Scoring.objects.all():
        exam.world.client(scoring.scorer).post(f"/ct/scoring/{scoring.pk}/",
                                               {"passed": "yes", "comments": f"Sound work ({scoring.tier})."})  # fmt: skip
    page = client.get("/ct/manage/exam/").content.decode()
    assert "Part 1: 10 of 10 correct, passed." in page
    assert "Sound work (1)." in page and "Sound work (2)." in page
    mail.outbox.clear()
    response = client.post(f"/ct/manage/exam/bookings/{booking.pk}/release/",
                           {f"release-{booking.pk}-letter": "Dear candidate, well done."}, follow=True)  # fmt: skip
    assert "The result is released to the candidate." in response.content.decode()
    assert Result.objects.get().letter == "Dear candidate, well done."
    assert Endorsement.objects.filter(application=exam.application).exists()
    candidate_page = exam.world.client(exam.candidate).get("/ct/exam/").content.decode()
    assert "Dear candidate, well done." in candidate_page


def test_only_this_associations_coordinator_manages_the_exam(exam: Exam) -> None:
    booking = booked(exam, accommodation_request="Extra time.")
    for user, code in (
        (exam.world.nm_coordinator, 403),
        (exam.candidate, 403),
        (exam.scorers[0], 403),
    ):
        assert exam.world.client(user).get("/ct/manage/exam/").status_code == code
        response = exam.world.client(user).post(f"/ct/manage/exam/bookings/{booking.pk}/accommodation/",
                                                {"decision": "grant", f"accommodation-{booking.pk}-extra_minutes": "60"})  # fmt: skip
        assert response.status_code == code
    other = exam.world.client(exam.world.nm_coordinator).post(
        f"/nm/manage/exam/bookings/{booking.pk}/accommodation/", {"decision": "grant"}
    )
    assert other.status_code == 404
    assert Booking.objects.get().accommodation == "requested"


def test_the_coordinator_records_the_exam_fee_on_the_exam_page(exam: Exam) -> None:
    from endorse.exams.services import booking_create

    booking = booking_create(
        application=exam.application, sitting=exam.sitting, actor=exam.candidate
    )
    client = exam.world.client(exam.world.coordinator)
    page = client.get("/ct/manage/exam/").content.decode()
    assert f'action="/ct/manage/charges/{booking.fee.pk}/"' in page
    response = client.post(f"/ct/manage/charges/{booking.fee.pk}/", {
        "action": "pay", f"charge-{booking.fee.pk}-method": "check",
        f"charge-{booking.fee.pk}-reference": "311", f"charge-{booking.fee.pk}-received_on": "2025-03-03"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/ct/manage/exam/"
    booking.fee.refresh_from_db()
    assert booking.fee.status == "paid"


def test_the_coordinator_sets_the_exam_rules(exam: Exam) -> None:
    client = exam.world.client(exam.world.coordinator)
    fields = {"policy-part1_items": "40", "policy-part1_minutes": "60", "policy-pass_percent": "75",
              "policy-part2_offered": "3", "policy-part2_answered": "2", "policy-part2_minutes": "60",
              "policy-retake_wait_days": "180", "policy-approval_valid_days": "365",
              "policy-blueprint": "ethics: 5\ntheory: 10"}  # fmt: skip
    response = client.post("/ct/manage/exam/settings/", fields, follow=True)
    assert "The exam settings are saved." in response.content.decode()
    policy = ExamPolicy.objects.get(association=exam.world.ct)
    assert (policy.part1_items, policy.pass_percent, policy.retake_wait_days) == (40, 75, 180)
    assert policy.blueprint == {"ethics": 5, "theory": 10}
    bad = client.post("/ct/manage/exam/settings/", {**fields, "policy-part2_answered": "4",
                                                    "policy-blueprint": "ethics five"})  # fmt: skip
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "Write each line as “area: number”; this line is not: ethics five" in text
    bad = client.post("/ct/manage/exam/settings/", {**fields, "policy-part2_answered": "4"})
    assert "Candidates can&#x27;t answer more vignettes than are offered." in bad.content.decode()
    assert ExamPolicy.objects.get(association=exam.world.ct).part2_answered == 2


def test_the_exam_page_makes_as_many_queries_for_two_candidates_as_for_one(
    exam: Exam, frozen: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from endorse.applications.models import Application, Event
    from endorse.exams.services import booking_create

    def ready_to_release(booking: Booking) -> None:
        second = take_both_parts(exam, frozen, booking)
        for tier, scorer in enumerate(exam.scorers[:2], start=1):
            scoring = scorer_assign(attempt=second, scorer=scorer, tier=tier)
            scoring_submit(scoring=scoring, actor=scorer, passed=True, comments=f"Fine ({tier}).")

    def queries() -> int:
        client = exam.world.client(exam.world.coordinator)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ct/manage/exam/").status_code == 200
        return len(captured)

    ready_to_release(booked(exam))
    one = queries()
    other = exam.world.other_application
    Application.objects.filter(pk=other.pk).update(status="approved_for_exam")
    Event.objects.create(association=exam.world.ct, application=other, registration_id=other.registration_id,
                         actor=exam.world.coordinator, at=timezone.now(), to_state="approved_for_exam")  # fmt: skip
    other.refresh_from_db()
    frozen.move_to(datetime(2025, 3, 3, 15, 0, tzinfo=UTC))
    second = booking_create(application=other, sitting=exam.sitting, actor=exam.world.other)
    pay(second, exam.world.coordinator)
    ready_to_release(second)
    assert queries() == one


def test_a_refused_exam_fee_payment_says_why_on_the_exam_page(exam: Exam) -> None:
    from endorse.exams.services import booking_create

    booking = booking_create(
        application=exam.application, sitting=exam.sitting, actor=exam.candidate
    )
    client = exam.world.client(exam.world.coordinator)
    response = client.post(f"/ct/manage/charges/{booking.fee.pk}/", {
        "action": "pay", f"charge-{booking.fee.pk}-method": "check",
        f"charge-{booking.fee.pk}-received_on": "2025-04-01"}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == "/ct/manage/exam/"
    assert "The date can&#x27;t be in the future." in response.content.decode()
    booking.fee.refresh_from_db()
    assert booking.fee.status == "due"


def test_only_this_associations_reviewers_can_be_asked_to_score(exam: Exam, frozen: Any) -> None:
    second = take_both_parts(exam, frozen, booked(exam))
    client = exam.world.client(exam.world.coordinator)
    for chosen in (exam.world.nm_coordinator.pk, exam.world.other.pk, "x", ""):
        response = client.post(
            f"/ct/manage/exam/attempts/{second.pk}/scorers/1/", {"scorer": chosen}, follow=True
        )
        assert (
            "Scorers are chosen among the association&#x27;s reviewers."
            in response.content.decode()
        )
    assert not Scoring.objects.exists()
