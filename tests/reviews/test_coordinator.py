"""The coordinator runs the review from the application's page."""

from __future__ import annotations

from django.core import mail

from endorse.applications.models import Application
from endorse.reviews.models import Assignment
from tests.applications.conftest import World
from tests.reviews.test_workflow import reviewed, reviewer


def page_url(application: Application) -> str:
    return f"/ct/manage/applications/{application.pk}/"


def test_the_coordinator_completes_assigns_and_decides(
    world: World, submitted: Application
) -> None:
    client = world.client(world.coordinator)
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    assert "Complete: start the review" in client.get(page_url(submitted)).content.decode()
    assert client.post(f"{page_url(submitted)}complete/").status_code == 302
    page = client.get(page_url(submitted)).content.decode()
    assert "Rowan – 0 open reviews" in page and "Ask as first reviewer" in page
    response = client.post(f"{page_url(submitted)}assign/1/", {"assign-1-reviewer": str(first.pk)})
    assert response.status_code == 302
    assignment = Assignment.objects.get(application=submitted, tier=1)
    assert (assignment.reviewer, assignment.status) == (first, "proposed")
    assignment.delete()  # as if declined; the workflow tests cover answering
    reviewed(world, submitted, first, 1)
    reviewed(world, submitted, second, 2)
    page = client.get(page_url(submitted))
    form = page.context["review"]["decision_form"]
    assert form.initial["message"] == "Clear and complete.\n\nClear and complete."
    assert [value for value, _label in form.fields["outcome"].choices] == [
        "approved",
        "on_hold",
        "deferred",
    ]
    mail.outbox.clear()
    response = client.post(
        f"{page_url(submitted)}decide/", {"outcome": "on_hold", "message": "Add RS/C."}
    )
    assert response.status_code == 422
    assert response.context["review"]["decision_form"].errors == {
        "sections": ["Choose the sections to reopen."]}  # fmt: skip
    response = client.post(f"{page_url(submitted)}decide/",
                           {"outcome": "on_hold", "message": "Add RS/C.", "sections": ["rsc"]})  # fmt: skip
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "on_hold"
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_returning_needs_a_reason_next_to_the_field(world: World, submitted: Application) -> None:
    client = world.client(world.coordinator)
    response = client.post(f"{page_url(submitted)}return/", {"reason": ""})
    assert response.status_code == 422
    assert response.context["review"]["return_form"].errors == {
        "reason": ["This field is required."]
    }
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(f"{page_url(submitted)}return/", {"reason": "Add the transcript."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "preparing"


def test_another_associations_coordinator_runs_nothing_here(
    world: World, submitted: Application
) -> None:
    client = world.client(world.nm_coordinator)
    assert client.post(f"/ct/manage/applications/{submitted.pk}/complete/").status_code == 403
    assert client.post(f"/nm/manage/applications/{submitted.pk}/complete/").status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
