"""On hold: only the reopened sections change; the applicant sends it back; the timeline."""

from __future__ import annotations

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
    assert "En espera desde el 2025-04-01: se piden cambios." in page
    assert "Please add your RS/C since January." in page
    assert "Rowan" not in page and "Sage" not in page  # reviewers stay anonymous
    assert client.post("/ct/application/resubmit/").status_code == 302
    application.refresh_from_db()
    assert (application.status, application.review_round, application.reopened_sections) == (
        "first_review", 2, [])  # fmt: skip
    page = " ".join(client.get("/ct/application/").content.decode().split())
    assert page.count("Con el/la primer/a revisor/a desde el 2025-04-01.") == 2
    assert world.client(world.other).post("/ct/application/resubmit/").status_code == 302
    application.refresh_from_db()
    assert application.status == "first_review"
