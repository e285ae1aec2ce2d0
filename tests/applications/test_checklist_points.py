"""The checklist points to what to fix: each unmet rule links to the entries that don't count
(on the field the engine's reason names), to the section where entries are added, and to
the entries not finished yet; its bars agree with its sentences; on a phone a one-line
summary stays at the top of every application page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from endorse.applications.models import Application, Rsc, Training, Work
from tests.applications.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def checklist_of(page: str) -> str:
    return page[page.index('<aside id="checklist"') : page.index("</aside>")]


def rule(checklist: str, code: str) -> str:
    """One requirement's item: up to the next one."""
    start = checklist.index(f'id="checklist-{code}"')
    end = checklist.find('<li class="requirement', start)
    return checklist[start : end if end > 0 else None]


def clinician(application: Application, **fields: object) -> Work:
    """A paid, full-time parent–infant psychotherapist's job, not marked as supervised."""
    values: dict[str, object] = {
        "title": "Clinician", "employer": "Little Steps", "start": date(2023, 1, 1),
        "fte": Decimal(1), "paid": True, "supervised": False,
        "service": "parent_infant_psychotherapy", "age_band": "infant", **fields,
    }  # fmt: skip
    return Work.objects.create(association=application.association, application=application,
                               complete=True, **values)  # fmt: skip


def test_an_unmet_rule_links_the_entry_that_does_not_count_to_the_field_to_fix(
    world: World,
) -> None:
    job = clinician(world.other_application)
    client = world.client(world.other)
    work = rule(checklist_of(client.get("/ct/application/").content.decode()), "work")
    assert (
        "Doesn't count (1 entry): Not marked as supervised: only supervised paid work counts here."
    ) in work
    link = f'<a href="/ct/application/work/#id_work-{job.pk}-supervised">Clinician, Little Steps: '
    assert link in work
    assert '<a href="/ct/application/work/">Go to Work</a>' in work
    # The link lands on that box of that entry on the work page.
    page = client.get("/ct/application/work/").content.decode()
    assert f'id="id_work-{job.pk}-supervised"' in page and f'id="entry-work-{job.pk}"' in page


def test_once_marked_the_job_counts_and_no_full_bar_stands_beside_the_missing_license(
    world: World,
) -> None:
    job = clinician(world.other_application, supervised=True)
    client = world.client(world.other)
    work = rule(checklist_of(client.get("/ct/application/").content.decode()), "work")
    assert f"#id_work-{job.pk}-" not in work
    assert "You must also hold a mental health license or be license-eligible." in work
    assert "<progress" not in work  # the days are all there; the license is what is missing


def test_a_rule_without_entries_links_the_section_where_they_are_added(world: World) -> None:
    client = world.client(world.other)
    checklist = checklist_of(client.get("/ct/application/").content.decode())
    assert (
        '<p class="go-to"><a href="/ct/application/training/">Go to In-service training</a></p>'
        in rule(checklist, "training_total")
    )
    assert '<a href="/ct/application/references/">Go to References</a>' in rule(
        checklist, "references"
    )


def test_entries_not_finished_are_named_and_linked_by_section(world: World) -> None:
    application = world.other_application
    blank = Work.objects.create(association=world.ct, application=application)
    typed = Training.objects.create(association=world.ct, application=application)
    Training.objects.filter(pk=typed.pk).update(
        draft={f"training-{typed.pk}-title": "Attachment basics", f"training-{typed.pk}-hours": "x"}
    )
    client = world.client(world.other)
    checklist = checklist_of(client.get("/ct/application/").content.decode())
    assert "Some entries are incomplete and don't count yet (in 2 sections):" in checklist
    assert (
        f'<li><span class="entry-section">Work:</span> '
        f'<a href="/ct/application/work/#entry-work-{blank.pk}">entry 1</a></li>'
    ) in checklist
    assert (
        f'<li><span class="entry-section">In-service training:</span> '
        f'<a href="/ct/application/training/#entry-training-{typed.pk}">Attachment basics</a></li>'
    ) in checklist


def test_the_coordinator_reads_the_same_checklist_without_the_applicants_links(
    world: World,
) -> None:
    clinician(world.other_application)
    Work.objects.create(association=world.ct, application=world.other_application)
    page = (
        world.client(world.coordinator)
        .get(f"/ct/manage/applications/{world.other_application.pk}/")
        .content.decode()
    )
    checklist = checklist_of(page)
    assert "Not marked as supervised: only supervised paid work counts here." in checklist
    assert "/ct/application/" not in checklist
    assert '<span class="entry-section">Work:</span> entry 2</li>' in checklist


def test_beside_every_page_a_long_list_names_its_first_20_entries_and_counts_the_rest(
    world: World,
) -> None:
    jobs = [clinician(world.other_application, title=f"Clinician {n:02d}") for n in range(23)]
    page = world.client(world.other).get("/ct/application/training/").content.decode()
    work = rule(checklist_of(page), "work")
    assert "Don't count (23 entries): Not marked as supervised" in work
    assert work.count('<a href="/ct/application/work/#id_work-') == 20
    assert f"#id_work-{jobs[19].pk}-supervised" in work and f"-{jobs[20].pk}-" not in work
    assert '<li class="more">And 3 more entries, on their section\'s page.</li>' in work
    # The coordinator and the reviewers read every entry.
    staff = world.client(world.coordinator).get(
        f"/ct/manage/applications/{world.other_application.pk}/").content.decode()  # fmt: skip
    work = rule(checklist_of(staff), "work")
    assert work.count('<span class="entry-section">Work:</span> Clinician ') == 23
    assert 'class="more"' not in work


def test_ready_to_submit_is_said_only_while_the_application_is_prepared(world: World) -> None:
    application = world.make_ready(world.application)
    client = world.client(world.applicant)
    page = client.get("/ct/application/").content.decode()
    assert "Lista para enviar." in checklist_of(page)
    Application.objects.filter(pk=application.pk).update(status="first_review")
    page = client.get("/ct/application/").content.decode()
    assert "Lista para enviar." not in page
    total = checklist_of(page).count('<li class="requirement met"')
    assert f"{total} de {total} requisitos cumplidos." in checklist_of(page)


def test_the_spread_bar_agrees_with_its_sentence(world: World) -> None:
    application = world.other_application
    for day in (date(2023, 1, 10), date(2024, 6, 10)):  # 17 months apart, 2 of 50 hours
        Rsc.objects.create(association=world.ct, application=application, complete=True,
                           date=day, hours=Decimal(1), format="individual",
                           provider="Lucía Peña", provider_endorsement="IMHS")  # fmt: skip
    client = world.client(world.other)
    checklist = checklist_of(client.get("/ct/application/").content.decode())
    period = rule(checklist, "rsc_period")
    assert "no such period holds them yet" in period
    assert "<progress" not in period  # it was a full bar
    hours = rule(checklist, "rsc_hours")
    assert '<progress max="100" value="4" aria-label="4% done">4%</progress>' in hours


def test_on_a_phone_a_summary_of_the_checklist_heads_every_page(world: World) -> None:
    client = world.client(world.other)
    for address in ("/ct/application/", "/ct/application/work/", "/ct/application/status/"):
        page = client.get(address).content.decode()
        peek = page[page.index('<div id="checklist-peek"') :]
        assert page.index('<div id="checklist-peek"') < page.index('id="section-nav"')
        peek = peek[: peek.index("</details>")]
        met = checklist_of(page).count('<li class="requirement met"')
        total = checklist_of(page).count('<li class="requirement ')
        assert f"<summary>Checklist: {met} of {total} met</summary>" in peek
        assert '<a href="/ct/application/training/">' in peek  # an unmet rule, to its section
        assert '<a href="#checklist">The full checklist, entry by entry</a>' in peek
    # Saving an entry says the checklist is stale; the checklist then asks for itself and
    # its peek again.
    pk = Training.objects.create(association=world.ct, application=world.other_application).pk
    saved = client.post(f"/ct/application/training/{pk}/", {
        f"training-{pk}-date": "2025-02-01", f"training-{pk}-hours": "3"}, **HTMX)  # fmt: skip
    assert saved["HX-Trigger"] == "checklist-stale"
    fragment = client.get("/ct/application/checklist/", **HTMX).content.decode()
    assert '<div id="checklist-peek" class="checklist-peek" hx-swap-oob="true">' in fragment
