"""On hold: only the reopened sections change; the applicant sends it back; the timeline."""

from __future__ import annotations

from typing import Any

from endorse.applications.models import Application, Rsc, Work
from endorse.reviews import services
from tests.applications.conftest import World
from tests.reviews.test_workflow import reviewed, reviewer

HTMX = {"HTTP_HX_REQUEST": "true"}


def on_hold(world: World, application: Application) -> Application:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=application, actor=world.coordinator)
    reviewed(world, application, first, 1)
    reviewed(world, application, second, 2)
    services.decide(application=application, actor=world.coordinator, outcome="on_hold",
                    message="Please add your RS/C since January.", sections=["rsc"])  # fmt: skip
    application.refresh_from_db()
    return application


def test_only_the_reopened_sections_change_while_on_hold(
    world: World, submitted: Application
) -> None:
    application = on_hold(world, submitted)
    client = world.client(world.applicant)
    rsc = Rsc.objects.filter(application=application).first()
    work = Work.objects.filter(application=application).first()
    assert rsc is not None and work is not None
    response = client.post(f"/ct/application/rsc/{rsc.pk}/", {f"rsc-{rsc.pk}-hours": "3",
                           f"rsc-{rsc.pk}-date": "2025-03-20", f"rsc-{rsc.pk}-format": "group"}, **HTMX)  # fmt: skip
    assert response.status_code == 200
    rsc.refresh_from_db()
    assert str(rsc.date) == "2025-03-20"
    response = client.post(
        f"/ct/application/work/{work.pk}/", {f"work-{work.pk}-title": "Changed"}, **HTMX
    )
    assert response.status_code == 409
    work.refresh_from_db()
    assert work.title != "Changed"
    assert "fieldset disabled" in client.get("/ct/application/work/").content.decode()
    assert "fieldset disabled" not in client.get("/ct/application/rsc/").content.decode()
    assert client.post("/ct/application/category/", {"category": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.category.code == "IMHS"


def test_the_applicant_sends_it_back_and_reads_where_it_stands(
    world: World, submitted: Application
) -> None:
    application = on_hold(world, submitted)
    client = world.client(world.applicant)
    page = " ".join(client.get("/ct/application/").content.decode().split())
    assert "En espera desde el 1 de abril de 2025: se piden cambios." in page
    assert "Please add your RS/C since January." in page
    assert "Rowan" not in page and "Sage" not in page  # reviewers stay anonymous
    assert client.post("/ct/application/resubmit/").status_code == 302
    application.refresh_from_db()
    assert (application.status, application.review_round, application.reopened_sections) == (
        "first_review", 2, [])  # fmt: skip
    page = " ".join(client.get("/ct/application/").content.decode().split())
    assert page.count("Con el/la primer/a revisor/a desde el 1 de abril de 2025.") == 2
    assert world.client(world.other).post("/ct/application/resubmit/").status_code == 302
    application.refresh_from_db()
    assert application.status == "first_review"


def test_rater_links_work_on_hold_only_when_references_were_reopened(
    world: World, submitted: Application, frozen: Any
) -> None:
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from endorse.applications.models import Reference
    from endorse.ratings.models import RatingRequest
    from endorse.ratings.services import reminders_send_due
    from tests.ratings.test_rating_requests import reference, send

    application = on_hold(world, submitted)  # RS/C reopened, references not
    row = reference(world, email="new@example.org")
    response = world.client(world.applicant).post(
        f"/ct/application/references/{row.pk}/request/", {"language": "en"}
    )
    assert response.status_code == 302
    assert not RatingRequest.objects.filter(reference=row).exists()
    Application.objects.filter(pk=application.pk).update(reopened_sections=["references"])
    token = send(world, row)
    assert Client().get(f"/rate/{token}/").status_code == 200
    frozen.shift(timedelta(days=7))
    assert reminders_send_due(timezone.now()) == 1
    # Sending it back for review stops the link, as submitting does.
    world.client(world.applicant).post("/ct/application/resubmit/")
    assert Client().get(f"/rate/{token}/").status_code == 404
    assert RatingRequest.objects.get(reference=row).closed_reason == "application_submitted"
    assert Reference.objects.get(pk=row.pk).status == "opened"  # as it stood when it closed
