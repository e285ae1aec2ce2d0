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
