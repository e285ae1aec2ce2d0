"""Scorers read part 2 under a candidate number only, and score it on their own."""

from __future__ import annotations

from typing import Any

from endorse.exams.models import Booking, Scoring
from endorse.exams.services import scorer_assign
from tests.exams.conftest import Exam
from tests.exams.test_services import booked, take_both_parts


def assigned(exam: Exam, frozen: Any) -> tuple[Booking, Scoring]:
    booking = booked(exam)
    second = take_both_parts(exam, frozen, booking)
    return booking, scorer_assign(attempt=second, scorer=exam.scorers[0], tier=1)


def test_the_scorer_sees_answers_and_rubric_but_no_name(exam: Exam, frozen: Any) -> None:
    booking, scoring = assigned(exam, frozen)
    client = exam.world.client(exam.scorers[0])
    listing = client.get("/ct/scoring/").content.decode()
    assert f"Candidate {booking.candidate}, part 2" in listing
    page = client.get(f"/ct/scoring/{scoring.pk}/").content.decode()
    assert "The caregiver&#x27;s own history shapes how she reads the baby." in page
    assert "Names the relationship." in page  # the rubric
    assert page.count("Vignette ") >= 2
    for private in ("Ana", "Díaz", "ana@example.org", "Olga"):
        assert private not in page and private not in listing, private


def test_the_scorer_sends_a_score_with_comments(exam: Exam, frozen: Any) -> None:
    _booking, scoring = assigned(exam, frozen)
    client = exam.world.client(exam.scorers[0])
    empty = client.post(f"/ct/scoring/{scoring.pk}/", {"passed": "yes"})
    assert empty.status_code == 422 and "This field is required." in empty.content.decode()
    response = client.post(f"/ct/scoring/{scoring.pk}/",
                           {"passed": "no", "comments": "Say more about the father."}, follow=True)  # fmt: skip
    assert "Your score is sent." in response.content.decode()
    scoring.refresh_from_db()
    assert (scoring.passed, scoring.comments) == (False, "Say more about the father.")
    again = client.post(
        f"/ct/scoring/{scoring.pk}/", {"passed": "yes", "comments": "Changed."}, follow=True
    )
    assert "This score was already sent." in again.content.decode()
    scoring.refresh_from_db()
    assert scoring.passed is False


def test_no_one_else_reads_or_scores_it(exam: Exam, frozen: Any) -> None:
    _booking, scoring = assigned(exam, frozen)
    for user in (exam.scorers[1], exam.world.coordinator, exam.candidate):
        response = exam.world.client(user).post(
            f"/ct/scoring/{scoring.pk}/", {"passed": "yes", "comments": "x"}
        )
        assert response.status_code in (403, 404), user
    scoring.refresh_from_db()
    assert scoring.submitted_at is None
