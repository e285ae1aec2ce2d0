"""The candidate's exam pages, driven over HTTP with the clock moved by time travel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from endorse.exams.models import Answer, Attempt, Booking
from tests.exams.conftest import Exam, pay
from tests.exams.test_services import OPEN

HTMX = {"HTTP_HX_REQUEST": "true"}


def book_on_page(exam: Exam, request: str = "") -> Any:
    client = exam.world.client(exam.candidate)
    page = client.get("/ct/exam/").content.decode()
    assert f'action="/ct/exam/sittings/{exam.sitting.pk}/book/"' in page
    response = client.post(f"/ct/exam/sittings/{exam.sitting.pk}/book/",
                           {f"sitting-{exam.sitting.pk}-accommodation_request": request}, follow=True)  # fmt: skip
    return client, response


def test_the_candidate_books_and_sees_the_sitting(exam: Exam) -> None:
    _client, response = book_on_page(exam, "Extra time, please.")
    text = " ".join(response.content.decode().split())
    assert "Su plaza está reservada." in text or "Your place is booked." in text
    booking = Booking.objects.get()
    assert booking.accommodation_request == "Extra time, please."
    assert booking.candidate in text
    fee = "75,00 US$" if '<html lang="es">' in text else "$75.00"  # each language's own mark
    assert fee in text  # the exam fee, due


def test_only_someone_approved_to_sit_the_exam_has_an_exam_page(exam: Exam) -> None:
    assert exam.world.client(exam.world.other).get("/ct/exam/").status_code == 404
    assert exam.world.client(exam.world.coordinator).get("/ct/exam/").status_code == 404
    assert exam.world.client(None).get("/ct/exam/").status_code == 302


def test_taking_part_one_saving_resuming_and_the_time_running_out(exam: Exam, frozen: Any) -> None:
    client, _response = book_on_page(exam)
    booking = Booking.objects.get()
    pay(booking, exam.world.coordinator)
    early = client.post("/ct/exam/part/1/start/", follow=True).content.decode()
    assert "La convocatoria no está abierta ahora." in early
    frozen.move_to(OPEN)
    client.force_login(exam.candidate)  # a month on, the old session has expired
    response = client.post("/ct/exam/part/1/start/")
    assert response.status_code == 302 and response["Location"] == "/ct/exam/part/1/"
    page = client.get("/ct/exam/part/1/").content.decode()
    assert page.count('type="radio" name="choice"') == 40  # 10 items × 4 options
    assert "30 minutos" in page
    attempt = Attempt.objects.get()
    first = Answer.objects.filter(attempt=attempt).select_related("item").first()
    saved = client.post(
        f"/ct/exam/part/1/answers/{first.position}/", {"choice": first.item.key}, **HTMX
    )
    assert saved.status_code == 200 and "Guardado a las" in saved.content.decode()
    # The browser closes; twenty minutes later the candidate comes back.
    frozen.move_to(OPEN + timedelta(minutes=20))
    page = client.get("/ct/exam/").content.decode()
    assert 'href="/ct/exam/part/1/"' in page
    page = client.get("/ct/exam/part/1/").content.decode()
    assert f'id="answer-{first.position}-{first.item.key}" checked' in page
    assert "10 minutos" in page
    bad = client.post(f"/ct/exam/part/1/answers/{first.position}/", {"choice": "9"}, **HTMX)
    assert bad.status_code == 409 and "Elija una de las opciones." in bad.content.decode()
    frozen.move_to(OPEN + timedelta(minutes=31))
    changed = (first.item.key + 1) % 4  # a different answer, too late
    late = client.post(f"/ct/exam/part/1/answers/{first.position}/", {"choice": changed}, **HTMX)
    assert late.status_code == 409 and late["HX-Redirect"] == "/ct/exam/"
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.correct == 1
    assert client.get("/ct/exam/part/1/").status_code == 302  # handed in: back to the exam page


def test_part_two_after_handing_in_part_one(exam: Exam, frozen: Any) -> None:
    client, _response = book_on_page(exam)
    pay(Booking.objects.get(), exam.world.coordinator)
    frozen.move_to(OPEN)
    client.force_login(exam.candidate)  # a month on, the old session has expired
    client.post("/ct/exam/part/1/start/")
    handed = client.post("/ct/exam/part/1/hand-in/", follow=True).content.decode()
    assert "La parte 1 está entregada." in handed
    client.post("/ct/exam/part/2/start/")
    page = client.get("/ct/exam/part/2/").content.decode()
    assert page.count('name="chosen"') == 3 and "Elija 2 viñetas y respóndalas." in page
    response = client.post("/ct/exam/part/2/answers/1/", {"chosen": "on", "text": "My answer."})
    assert response.status_code == 302
    answer = Answer.objects.get(attempt__part=2, position=1)
    assert (answer.chosen, answer.text) == (True, "My answer.")


def test_nobody_else_reaches_a_part_or_answers(exam: Exam, frozen: Any) -> None:
    client, _response = book_on_page(exam)
    pay(Booking.objects.get(), exam.world.coordinator)
    frozen.move_to(OPEN)
    client.force_login(exam.candidate)  # a month on, the old session has expired
    client.post("/ct/exam/part/1/start/")
    other = exam.world.client(exam.world.other)  # signed in now, in April
    assert other.get("/ct/exam/part/1/").status_code == 404
    assert other.post("/ct/exam/part/1/answers/1/", {"choice": "0"}).status_code == 404
    assert other.post("/ct/exam/part/1/hand-in/").status_code == 404
    assert not Answer.objects.filter(choice__isnull=False).exists()
    assert Attempt.objects.get().submitted_at is None
