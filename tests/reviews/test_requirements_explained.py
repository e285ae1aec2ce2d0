"""The reviewer sees each requirement of the pinned set with the entries that count toward it
and those that don't, each with the engine's reason; the applicant's checklist points to the
entries that don't count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from endorse.applications.models import Application, Rsc
from endorse.reviews import services
from tests.applications.conftest import World
from tests.reviews.test_workflow import accepted, reviewed, reviewer

PEER = "Peer RS/C doesn&#x27;t count: only individual or group sessions do."


def peer_session(application: Application) -> Rsc:
    return Rsc.objects.create(
        association=application.association, application=application, complete=True,
        date=date(2024, 2, 1), hours=Decimal("1.50"), format="peer", provider="Lucía Peña",
    )  # fmt: skip


def requirement(page: str, code: str) -> str:
    """The engine's count for one requirement, beside its verdict in the review form."""
    start = page.index(f'id="requirement-{code}"')
    assert page.rindex('class="review-form"', 0, start)  # inside the form
    return page[start : page.index("</fieldset>", start)]


def test_the_reviewer_sees_the_entries_that_count_and_one_that_does_not(
    world: World, submitted: Application
) -> None:
    peer_session(submitted)
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assignment = accepted(world, submitted, reviewer(world, "rowan@example.org"), 1)
    page = world.client(assignment.reviewer).get(f"/ct/review/{assignment.pk}/").content.decode()
    rsc = requirement(page, "rsc_hours")
    assert (
        "Met by the engine's count:</strong> 65 hours of reflective supervision/consultation "
        "from a qualified provider within 24 months (at least 50 needed)"
    ) in rsc
    assert "13 entries count" in rsc
    assert "In the 24-month window with the most hours, Dec. 1, 2022 to Dec. 1, 2023." in rsc
    assert "+5 h" in rsc
    assert f"Doesn't count (1 entry): {PEER}" in rsc
    assert "Feb. 1, 2024: 1.5 h, Peer, Lucía Peña" in rsc
    education = requirement(page, "education")
    assert (
        "Counts: a master&#x27;s degree meets the need for a master&#x27;s degree or higher."
        in education
    )


def test_the_reviewer_reads_the_reasons_in_spanish(world: World, submitted: Application) -> None:
    peer_session(submitted)
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assignment = accepted(world, submitted, reviewer(world, "rowan@example.org"), 1)
    assignment.reviewer.preferred_language = "es"
    assignment.reviewer.save()
    page = world.client(assignment.reviewer).get(f"/ct/review/{assignment.pk}/").content.decode()
    assert (
        "No cuenta (1 entrada): La RS/C entre pares no cuenta: solo cuentan las sesiones individuales o grupales."
        in page
    )
    assert "1 de febrero de 2024: 1,5 h" in page


def test_the_applicants_checklist_links_the_entry_that_does_not_count(world: World) -> None:
    application = world.application
    world.make_ready(application)
    application.refresh_from_db()
    row = Rsc.objects.create(
        association=application.association, application=application, complete=True,
        date=date(2024, 2, 1), hours=Decimal("30"), format="peer", provider="Lucía Peña",
    )  # fmt: skip
    Rsc.objects.filter(application=application).exclude(pk=row.pk).delete()
    page = world.client(world.applicant).get("/ct/application/").content.decode()
    checklist = page[page.index('id="checklist"') :]
    # The reason is the session's format: the link lands on that field.
    assert f'href="/ct/application/rsc/#id_rsc-{row.pk}-format"' in checklist
    assert (
        "No cuenta (1 entrada): La RS/C entre pares no cuenta: solo cuentan las sesiones "
        "individuales o grupales."
    ) in checklist
    assert "0 de 50 horas de supervisión/consulta reflexiva" in checklist


def test_after_sending_the_reviewer_still_reads_the_engines_count(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    rowan = reviewer(world, "rowan@example.org")
    reviewed(world, submitted, rowan, 1)
    assignment = submitted.assignments.get(reviewer=rowan)
    page = world.client(rowan).get(f"/ct/review/{assignment.pk}/").content.decode()
    assert 'class="review-form"' not in page
    start = page.index('id="requirements-heading"')
    assert page.index('id="requirement-rsc_hours"', start) > start
