"""The coordinator reads ratings sent through the site and vets raters who are not endorsed."""

from __future__ import annotations

from django.test import Client

from endorse.applications.models import Application, Reference
from endorse.ratings.demo import load_rating_items
from tests.applications.conftest import World
from tests.ratings.test_rating_requests import complete_answers, reference, send


def rated(world: World, endorsed: bool) -> Reference:
    load_rating_items(world.ct)
    row = reference(world, email=f"rater-{endorsed}@example.org")
    token = send(world, row)
    answers = complete_answers(world)
    if not endorsed:
        answers.update(endorsed="no", endorsed_category="", endorsed_association="")
    assert Client().post(f"/rate/{token}/", answers).status_code == 200
    row.refresh_from_db()
    return row


def test_the_coordinator_reads_the_rating_without_the_raters_contact(world: World) -> None:
    row = rated(world, endorsed=True)
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{world.application.pk}/")
    text = " ".join(page.content.decode().split())
    assert "Rating received – March 3, 2025" in text
    assert "Supervisor – Example Family Services</dd>" in text
    assert "Years known</dt><dd>3.5</dd>" in text
    assert "IMHM-C, CT Assoc" in text
    assert "Reflecting</h4>" in text
    assert (
        "Uses reflective supervision/consultation to think about their work. <strong>Proficient</strong>"
        in text
    )
    assert "I recommend the applicant" in text and "Careful and kind." in text
    # The rater's claim stands until the coordinator checks it against the registry.
    form = page.context["vet_forms"][row.pk]
    assert form.initial == {"rater_endorsed": True, "vetted": False, "vetted_note": ""}


def test_the_coordinator_can_reject_a_claimed_endorsement(world: World) -> None:
    row = rated(world, endorsed=True)
    url = f"/ct/manage/applications/{world.application.pk}/references/{row.pk}/vetting/"
    response = world.client(world.coordinator).post(url, {f"vet-{row.pk}-vetted_note": ""})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.rater_endorsed, row.vetted) == (False, False)


def test_only_a_received_ratings_rater_is_checked(world: World) -> None:
    row = reference(world)
    send(world, row)
    url = f"/ct/manage/applications/{world.application.pk}/references/{row.pk}/vetting/"
    response = world.client(world.coordinator).post(
        url, {f"vet-{row.pk}-vetted": "on", f"vet-{row.pk}-vetted_note": "Phoned."}
    )
    assert response.status_code == 422
    assert response.context["vet_forms"][row.pk].non_field_errors() == [
        "Only a received rating's rater can be checked."
    ]
    row.refresh_from_db()
    assert (row.vetted, row.vetted_note) == (False, "")


def test_vetting_needs_a_note_and_then_counts_for_the_engine(world: World) -> None:
    row = rated(world, endorsed=False)
    url = f"/ct/manage/applications/{world.application.pk}/references/{row.pk}/vetting/"
    client = world.client(world.coordinator)
    response = client.post(url, {f"vet-{row.pk}-vetted": "on", f"vet-{row.pk}-vetted_note": " "})
    assert response.status_code == 422
    assert response.context["vet_forms"][row.pk].errors == {
        "vetted_note": ["Say how the rater was vetted."]
    }
    row.refresh_from_db()
    assert (row.vetted, row.vetted_note) == (False, "")
    response = client.post(
        url, {f"vet-{row.pk}-vetted": "on", f"vet-{row.pk}-vetted_note": "Phoned on 3 March."}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.vetted, row.vetted_note) == (True, "Phoned on 3 March.")
    from endorse.applications.selectors import application_data

    data = application_data(application=world.application, today=row.received_on)
    assert [(r.status, r.vetted) for r in data.portfolio.references] == [("completed", True)]


def test_a_received_rating_is_not_recorded_twice(world: World) -> None:
    row = rated(world, endorsed=True)
    url = f"/ct/manage/applications/{world.application.pk}/references/{row.pk}/"
    response = world.client(world.coordinator).post(
        url, {f"rating-{row.pk}-received_on": "2025-03-01"}
    )
    assert response.status_code == 422
    assert response.context["rating_forms"][row.pk].non_field_errors() == [
        "This rating was received already."
    ]
    row.refresh_from_db()
    assert str(row.received_on) == "2025-03-03"


def test_an_applicant_who_kept_the_right_reads_the_ratings_once_submitted(world: World) -> None:
    rated(world, endorsed=True)
    world.applicant.preferred_language = "en"
    world.applicant.save()
    client = world.client(world.applicant)
    assert "Careful and kind." not in client.get("/ct/application/").content.decode()  # preparing
    Application.objects.filter(pk=world.application.pk).update(
        status="submitted", ratings_waived=False
    )
    text = " ".join(client.get("/ct/application/").content.decode().split())
    assert "You kept your right to read what your raters wrote about you." in text
    assert "Careful and kind." in text and "Years known</dt><dd>3.5</dd>" in text
    Application.objects.filter(pk=world.application.pk).update(ratings_waived=True)
    text = client.get("/ct/application/").content.decode()
    assert "You waived your right to read what your raters wrote about you." in text
    assert "Careful and kind." not in text
