"""The coordinator keeps the item bank: adds items and vignettes, retires them."""

from __future__ import annotations

from endorse.exams.models import Item
from tests.exams.conftest import Exam


def test_the_coordinator_adds_a_multiple_choice_item_and_a_vignette(exam: Exam) -> None:
    client = exam.world.client(exam.world.coordinator)
    page = client.get("/ct/manage/exam/items/").content.decode()
    assert "IMHS, ECMHS" in page  # a family named by its categories
    response = client.post("/ct/manage/exam/items/new/mcq/", {
        "mcq-family": "mental_health_specialist", "mcq-area": "Theory",
        "mcq-stem": "Which need comes first?", "mcq-options": "Safety\nPlay\nNaps", "mcq-key": "1"},
        follow=True)  # fmt: skip
    assert "The item is in the bank." in response.content.decode()
    item = Item.objects.latest("pk")
    assert (item.kind, item.options, item.key) == ("mcq", ["Safety", "Play", "Naps"], 0)
    client.post("/ct/manage/exam/items/new/vignette/", {
        "vignette-family": "mental_health_specialist", "vignette-area": "Practice",
        "vignette-stem": "A father and his newborn.", "vignette-questions": "What do you see?",
        "vignette-rubric": "Notices the father's worry."})  # fmt: skip
    assert Item.objects.latest("pk").rubric == "Notices the father's worry."


def test_a_bad_item_is_explained_and_nothing_is_lost(exam: Exam) -> None:
    before = Item.objects.count()
    client = exam.world.client(exam.world.coordinator)
    response = client.post("/ct/manage/exam/items/new/mcq/", {
        "mcq-family": "mental_health_specialist", "mcq-area": "Theory",
        "mcq-stem": "Which need comes first?", "mcq-options": "Safety\nPlay", "mcq-key": "3"})  # fmt: skip
    assert response.status_code == 422
    text = response.content.decode()
    assert "Say which option is correct." in text and "Which need comes first?" in text
    assert Item.objects.count() == before


def test_a_retired_item_is_drawn_no_more(exam: Exam) -> None:
    item = Item.objects.filter(kind="vignette").first()
    client = exam.world.client(exam.world.coordinator)
    client.post(f"/ct/manage/exam/items/{item.pk}/retire/")
    item.refresh_from_db()
    assert item.retired_at is not None
    assert Item.objects.filter(kind="vignette", retired_at=None).count() == 2
    other = exam.world.client(exam.world.nm_coordinator)
    assert other.post(f"/nm/manage/exam/items/{item.pk}/retire/").status_code == 404
    assert exam.world.client(exam.candidate).get("/ct/manage/exam/items/").status_code == 403


def test_the_coordinator_adds_items_with_their_spanish(exam: Exam) -> None:
    client = exam.world.client(exam.world.coordinator)
    page = client.get("/ct/manage/exam/items/").content.decode()
    assert 'name="mcq-options_es"' in page and 'name="vignette-questions_es"' in page
    response = client.post("/ct/manage/exam/items/new/mcq/", {
        "mcq-family": "mental_health_specialist", "mcq-area": "Theory",
        "mcq-stem": "Which need comes first?", "mcq-options": "Safety\nPlay\nNaps", "mcq-key": "1",
        "mcq-stem_es": " ¿Qué necesidad va primero? ", "mcq-options_es": "Seguridad\n\nJuego\nSiestas\n"},
        follow=True)  # fmt: skip
    assert "The item is in the bank." in response.content.decode()
    item = Item.objects.latest("pk")
    assert (item.stem_es, item.options_es) == (
        "¿Qué necesidad va primero?",
        ["Seguridad", "Juego", "Siestas"],
    )
    assert item.has_spanish
    client.post("/ct/manage/exam/items/new/vignette/", {
        "vignette-family": "mental_health_specialist", "vignette-area": "Practice",
        "vignette-stem": "A father and his newborn.", "vignette-questions": "What do you see?",
        "vignette-rubric": "Notices the father's worry.",
        "vignette-stem_es": "Un padre y su recién nacido.", "vignette-questions_es": "¿Qué ve usted?"})  # fmt: skip
    vignette = Item.objects.latest("pk")
    assert (vignette.stem_es, vignette.questions_es) == (
        "Un padre y su recién nacido.",
        "¿Qué ve usted?",
    )
    page = " ".join(client.get("/ct/manage/exam/items/").content.decode().split())
    assert page.count("· Practice · also in Spanish<br>") == 1
    assert page.count("· Theory · also in Spanish<br>") == 1


def test_spanish_that_does_not_cover_the_item_is_refused_and_nothing_is_saved(exam: Exam) -> None:
    before = Item.objects.count()
    client = exam.world.client(exam.world.coordinator)
    fields = {"mcq-family": "mental_health_specialist", "mcq-area": "Theory",
              "mcq-stem": "Which need comes first?", "mcq-options": "Safety\nPlay\nNaps", "mcq-key": "1"}  # fmt: skip
    response = client.post("/ct/manage/exam/items/new/mcq/", {
        **fields, "mcq-stem_es": "¿Qué necesidad va primero?", "mcq-options_es": "Seguridad\nJuego"})  # fmt: skip
    assert response.status_code == 422
    assert "Give each of the 3 options in Spanish, in the same order." in response.content.decode()
    response = client.post(
        "/ct/manage/exam/items/new/mcq/", {**fields, "mcq-options_es": "A\nB\nC"}
    )
    assert "Give the question or case in Spanish too." in response.content.decode()
    response = client.post("/ct/manage/exam/items/new/vignette/", {
        "vignette-family": "mental_health_specialist", "vignette-area": "Practice",
        "vignette-stem": "A father.", "vignette-questions": "What do you see?",
        "vignette-rubric": "Notices.", "vignette-stem_es": "Un padre."})  # fmt: skip
    assert "Give the questions on the case in Spanish too." in response.content.decode()
    assert Item.objects.count() == before
