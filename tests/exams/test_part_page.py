"""The page of a part: its countdown's data, handing in once, no way back to the questions,
and the items in Spanish on a Spanish page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.test import Client

from endorse.accounts.models import User
from endorse.exams.models import Answer, Attempt, Booking, Item
from tests.exams.conftest import Exam, pay
from tests.exams.test_services import OPEN
from tests.exams.test_views import HTMX, book_on_page

HANDED_IN_ES = "La parte 1 está entregada."


def part_one_open(exam: Exam, frozen: Any) -> Client:
    """The candidate (who reads the site in Spanish) has started part 1 at OPEN."""
    client, _response = book_on_page(exam)
    pay(Booking.objects.get(), exam.world.coordinator)
    frozen.move_to(OPEN)
    client.force_login(exam.candidate)  # a month on, the old session has expired
    assert client.post("/ct/exam/part/1/start/")["Location"] == "/ct/exam/part/1/"
    return client


def attempt_state(attempt: Attempt) -> tuple[Any, ...]:
    attempt.refresh_from_db()
    return (attempt.submitted_at, attempt.timed_out, attempt.correct, attempt.passed)


def test_the_page_gives_its_countdown_the_servers_seconds_and_its_words(
    exam: Exam, frozen: Any
) -> None:
    client = part_one_open(exam, frozen)
    page = client.get("/ct/exam/part/1/").content.decode()
    assert 'data-seconds-left="1800"' in page  # 30 minutes, by the server's clock
    assert 'data-minutes-one="Queda %(minutes)s minuto aproximadamente."' in page
    assert 'data-minutes-other="Quedan unos %(minutes)s minutos."' in page
    assert 'data-time-up="Se acabó el tiempo: la parte se entrega tal como está."' in page
    assert '<span class="minutes-left" role="timer" data-countdown-text>' in page
    assert "Quedan unos 30 minutos." in page
    assert '<p class="visually-hidden" aria-live="polite" data-countdown-announce></p>' in page
    assert '<script src="/static/exams/part.js" defer></script>' in page
    assert "<script>" not in page  # no inline script: the CSP would block it
    # Coming back later, the page starts from what the server says is left.
    frozen.move_to(OPEN + timedelta(minutes=12, seconds=30))
    page = client.get("/ct/exam/part/1/").content.decode()
    assert 'data-seconds-left="1050"' in page and "Quedan unos 18 minutos." in page


def test_handing_in_twice_hands_in_once_and_says_so_once(exam: Exam, frozen: Any) -> None:
    client = part_one_open(exam, frozen)
    attempt = Attempt.objects.get()
    first = Answer.objects.filter(attempt=attempt).select_related("item").first()
    client.post(f"/ct/exam/part/1/answers/{first.position}/", {"choice": first.item.key}, **HTMX)
    frozen.move_to(OPEN + timedelta(minutes=4))
    handed = client.post("/ct/exam/part/1/hand-in/")
    assert handed.status_code == 302 and handed["Location"] == "/ct/exam/"
    kept = attempt_state(attempt)
    assert kept == (OPEN + timedelta(minutes=4), False, 1, False)
    # The second click of a double click, a moment later: found handed in, nothing changes.
    frozen.move_to(OPEN + timedelta(minutes=4, seconds=1))
    again = client.post("/ct/exam/part/1/hand-in/")
    assert again.status_code == 302 and again["Location"] == "/ct/exam/"
    assert attempt_state(attempt) == kept
    page = client.get("/ct/exam/").content.decode()
    assert page.count(HANDED_IN_ES) == 1  # the first one's message, not two
    # htmx sends it the same way: the same page next, nothing new said or changed.
    by_htmx = client.post("/ct/exam/part/1/hand-in/", **HTMX)
    assert by_htmx.status_code == 200 and by_htmx["HX-Redirect"] == "/ct/exam/"
    assert attempt_state(attempt) == kept
    assert HANDED_IN_ES not in client.get("/ct/exam/").content.decode()


def test_handing_in_after_the_deadline_hands_in_what_stood_at_the_deadline(
    exam: Exam, frozen: Any
) -> None:
    client = part_one_open(exam, frozen)
    attempt = Attempt.objects.get()
    frozen.move_to(OPEN + timedelta(minutes=31))
    client.post("/ct/exam/part/1/hand-in/")
    assert attempt_state(attempt) == (OPEN + timedelta(minutes=30), True, 0, False)
    assert HANDED_IN_ES in client.get("/ct/exam/").content.decode()


def test_after_handing_in_the_questions_are_not_shown_again(exam: Exam, frozen: Any) -> None:
    client = part_one_open(exam, frozen)
    stems = [a.item.stem for a in Answer.objects.select_related("item")]
    questions = client.get("/ct/exam/part/1/")
    assert "no-store" in questions["Cache-Control"]  # Back asks the server again
    assert all(f">{stem}</legend>" in questions.content.decode() for stem in stems)
    client.post("/ct/exam/part/1/hand-in/")
    back = client.get("/ct/exam/part/1/")
    assert back.status_code == 302 and back["Location"] == "/ct/exam/"
    assert "no-store" in back["Cache-Control"]
    page = client.get("/ct/exam/").content.decode()
    assert not any(stem in page for stem in stems) and 'name="choice"' not in page
    assert "La parte 1 se entregó el 1 de abril de 2025" in page


def test_the_hand_in_time_ends_the_sentence_with_one_period(exam: Exam, frozen: Any) -> None:
    User.objects.filter(pk=exam.candidate.pk).update(preferred_language="en")
    client = part_one_open(exam, frozen)
    frozen.move_to(OPEN + timedelta(minutes=10))
    client.post("/ct/exam/part/1/hand-in/")
    text = " ".join(client.get("/ct/exam/").content.decode().split())
    assert "Part 1 was handed in on April 1, 2025, 10:10 a.m.; it can no longer be changed." in text
    assert not re.search(r"[ap]\.m\.\.", text)


def spanish_items(exam: Exam) -> None:
    """Every multiple-choice item in Spanish but the first; vignettes alike."""
    for n, item in enumerate(Item.objects.filter(kind="mcq").order_by("pk")):
        if n:
            item.stem_es, item.options_es = f"¿Pregunta {n}?", ["Á", "Bé", "Cé", "Dé"]
            item.save()
    for item in Item.objects.filter(kind="vignette"):
        item.stem_es, item.questions_es = f"Caso {item.pk}.", "¿Qué observa usted?"
        item.save()


def test_items_are_shown_in_spanish_on_a_spanish_page_and_in_english_otherwise(
    exam: Exam, frozen: Any
) -> None:
    spanish_items(exam)
    client = part_one_open(exam, frozen)
    drawn = list(Answer.objects.filter(attempt__part=1).select_related("item"))
    page = client.get("/ct/exam/part/1/").content.decode()
    for answer in drawn:
        item = answer.item
        if item.stem == "Question 0?":  # not in Spanish: in English, and marked so
            assert '<legend lang="en">Question 0?</legend>' in page
            assert f'value="0" id="answer-{answer.position}-0"> A</label>' in page
        else:
            assert f"<legend>{item.stem_es}</legend>" in page and item.stem not in page
            assert f'value="0" id="answer-{answer.position}-0"> Á</label>' in page
    # In English, the same part is in English.
    User.objects.filter(pk=exam.candidate.pk).update(preferred_language="en")
    page = client.get("/ct/exam/part/1/").content.decode()
    for answer in drawn:
        assert f"<legend>{answer.item.stem}</legend>" in page
    assert "¿Pregunta" not in page and "Bé" not in page


def test_vignettes_are_shown_in_spanish_on_a_spanish_page(exam: Exam, frozen: Any) -> None:
    spanish_items(exam)
    client = part_one_open(exam, frozen)
    client.post("/ct/exam/part/1/hand-in/")
    client.post("/ct/exam/part/2/start/")
    page = client.get("/ct/exam/part/2/").content.decode()
    for item in Item.objects.filter(kind="vignette"):
        assert f'<div class="comment"><p>Caso {item.pk}.</p></div>' in page
    assert page.count("<p><strong>¿Qué observa usted?</strong></p>") == 3
    assert "Case " not in page and "What do you notice?" not in page
