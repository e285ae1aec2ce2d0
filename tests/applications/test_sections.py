"""Sections save as the person types; what was typed survives a reload, valid or not."""

from __future__ import annotations

from typing import Any

from endorse.applications.models import Application, Rsc, Training, Work
from tests.applications.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def new_entry(client: Any, section: str) -> int:
    response = client.post(f"/ct/application/{section}/new/", **HTMX)
    assert response.status_code == 200
    model = {"work": Work, "training": Training, "rsc": Rsc}[section]
    return model.objects.latest("pk").pk


def test_a_valid_entry_is_saved_and_counts_in_the_checklist(world: World) -> None:
    client = world.client(world.other)
    pk = new_entry(client, "training")
    assert 'id="entry-training-' in client.get("/ct/application/training/").content.decode()
    response = client.post(f"/ct/application/training/{pk}/", {
        f"training-{pk}-title": "Attachment basics", f"training-{pk}-date": "2025-02-01",
        f"training-{pk}-hours": "6.5", f"training-{pk}-dei": "on"}, **HTMX)  # fmt: skip
    assert response.status_code == 200
    fragment = response.content.decode()
    assert (
        f'<output class="st" id="st-training-{pk}" hx-swap-oob="true">Saved at 10:00 a.m. ET'
        in fragment
    )
    assert response["HX-Trigger"] == "checklist-stale" and 'id="checklist"' not in fragment
    checklist = client.get("/ct/application/checklist/", **HTMX).content.decode()
    assert (
        '<aside id="checklist" class="checklist" aria-labelledby="checklist-heading" '
        'hx-swap-oob="true" hx-get="/ct/application/checklist/" '
        'hx-trigger="checklist-stale from:body delay:700ms" hx-swap="none">' in checklist
    )
    assert "6.5 of the 33 hours of in-service training" in checklist
    assert '<div id="checklist-peek" class="checklist-peek" hx-swap-oob="true">' in checklist
    entry = Training.objects.get(pk=pk)
    assert (entry.complete, entry.draft, entry.title, str(entry.hours), entry.dei) == (
        True,
        None,
        "Attachment basics",
        "6.50",
        True,
    )


def test_an_invalid_entry_keeps_what_was_typed_and_says_why_next_to_the_field(
    world: World,
) -> None:
    client = world.client(world.other)
    pk = new_entry(client, "work")
    typed = {f"work-{pk}-title": "Home visitor", f"work-{pk}-start": "2024-05-01",
             f"work-{pk}-end": "2023-01-01", f"work-{pk}-fte": "1", f"work-{pk}-service": "prevention",
             f"work-{pk}-age_band": "infant"}  # fmt: skip
    response = client.post(f"/ct/application/work/{pk}/", typed, **HTMX)
    fragment = response.content.decode()
    assert (
        f'<output class="st" id="st-work-{pk}" hx-swap-oob="true" data-invalid="end">'
        '<span class="err">End date: The end date must be on or after the start date.</span>'
    ) in fragment
    checklist = client.get("/ct/application/checklist/", **HTMX).content.decode()
    assert "Some entries are incomplete and don't count yet" in checklist
    entry = Work.objects.get(pk=pk)
    assert (entry.complete, entry.start, entry.draft[f"work-{pk}-end"]) == (
        False,
        None,
        "2023-01-01",
    )
    # A reload, without pressing anything, shows what was typed and the message.
    page = client.get("/ct/application/work/").content.decode()
    assert 'value="Home visitor"' in page and 'value="2023-01-01"' in page
    assert "The end date must be on or after the start date." in page
    assert 'aria-invalid="true"' in page


def test_hours_must_be_more_than_zero_with_two_decimals_at_most(world: World) -> None:
    client = world.client(world.other)
    pk = new_entry(client, "rsc")
    base = {f"rsc-{pk}-date": "2025-01-10", f"rsc-{pk}-format": "group"}
    zero = client.post(f"/ct/application/rsc/{pk}/", {**base, f"rsc-{pk}-hours": "0"}, **HTMX)
    assert "Hours must be more than 0." in zero.content.decode()
    fine = client.post(f"/ct/application/rsc/{pk}/", {**base, f"rsc-{pk}-hours": "1.2555"}, **HTMX)
    assert "Use at most 2 decimal places." in fine.content.decode()
    assert Rsc.objects.get(pk=pk).complete is False


def test_an_entry_can_be_deleted(world: World) -> None:
    client = world.client(world.other)
    pk = new_entry(client, "training")
    response = client.post(f"/ct/application/training/{pk}/delete/", **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "checklist-stale"
    assert not Training.objects.filter(pk=pk).exists()


def test_without_javascript_the_forms_still_work(world: World) -> None:
    client = world.client(world.other)
    response = client.post("/ct/application/training/new/")
    pk = Training.objects.get().pk
    assert response.url == f"/ct/application/training/#entry-training-{pk}"
    response = client.post(f"/ct/application/training/{pk}/", {
        f"training-{pk}-date": "2025-02-01", f"training-{pk}-hours": "3"})  # fmt: skip
    assert response.status_code == 302
    assert Training.objects.get(pk=pk).complete is True


def test_switching_the_category_changes_the_checklist_and_the_sections(world: World) -> None:
    client = world.client(world.other)
    mentor = world.ct.offerings.get(category__code="IMHM-C").category
    response = client.post("/ct/application/category/", {"category": mentor.pk}, **HTMX)
    fragment = response.content.decode()
    assert "Checklist: Infant Mental Health Mentor" in fragment or "(IMHM-C)" in fragment
    assert "/ct/application/leadership/" in fragment  # the nav, swapped out of band
    assert Application.objects.get(pk=world.other_application.pk).category.code == "IMHM-C"
    assert client.get("/ct/application/leadership/").status_code == 200


def test_notes_for_the_coordinator_save_and_show_the_comment_back(world: World) -> None:
    client = world.client(world.other)
    response = client.post("/ct/application/education/note/",
                           {"note-education-note": "My transcript comes by mail."}, **HTMX)  # fmt: skip
    assert "Saved at 10:00 a.m. ET</p>" in response.content.decode()
    coordinator = world.client(world.coordinator)
    page = coordinator.get(
        f"/ct/manage/applications/{world.other_application.pk}/"
    ).content.decode()
    assert "My transcript comes by mail." in page
    coordinator.post(f"/ct/manage/applications/{world.other_application.pk}/comment/education/",
                     {"comment-education-comment": "Received, thank you."})  # fmt: skip
    assert "Received, thank you." in client.get("/ct/application/education/").content.decode()


def test_agreements_are_signed_with_name_and_time(world: World) -> None:
    client = world.client(world.applicant)
    page = client.get("/ct/application/status/").content.decode()
    assert "I put the well-being of infants" not in page  # the applicant reads Spanish
    assert "Pongo en primer lugar el bienestar" in page
    agreement = world.ct.agreements.get(kind="code_of_ethics")
    refused = client.post(f"/ct/application/sign/{agreement.pk}/",
                          {f"sign-{agreement.pk}-signed_name": "Ana Díaz"})  # fmt: skip
    assert refused.status_code == 422
    assert 'value="Ana Díaz"' in refused.content.decode()
    client.post(f"/ct/application/sign/{agreement.pk}/",
                {f"sign-{agreement.pk}-signed_name": "Ana Díaz", f"sign-{agreement.pk}-agree": "on"})  # fmt: skip
    signature = world.application.signatures.get()
    assert (signature.signed_name, signature.signed_at.isoformat()) == (
        "Ana Díaz",
        "2025-03-03T15:00:00+00:00",
    )
