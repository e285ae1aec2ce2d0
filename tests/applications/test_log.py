"""The compact log of trainings, RS/C sessions and jobs: a light row per entry that saves as
it is typed, "copy, a week later", delete with an undo, totals at the foot, and the same
few queries however many entries there are."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.applications.models import Application, Rsc, Training, Work
from tests.applications.conftest import World
from tests.reviews.conftest import submitted  # noqa: F401 - the fixture

HTMX = {"HTTP_HX_REQUEST": "true"}
PROVIDER = "Dra. María José Castañeda-Ibáñez"


def sessions(world: World, application: Application, count: int) -> list[Rsc]:
    """``count`` weekly RS/C sessions of 1.5 hours with the same provider."""
    return Rsc.objects.bulk_create(
        Rsc(association=world.ct, application=application, complete=True,
            date=date(2024, 1, 1) + timedelta(weeks=i), hours=Decimal("1.5"),
            format="individual", provider=PROVIDER, provider_endorsement="IMHM-C")
        for i in range(count)
    )  # fmt: skip


def page(client: Any, section: str = "rsc") -> str:
    response = client.get(f"/ct/application/{section}/")
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, prefix: str) -> str:
    found = re.search(rf'<form class="lr" id="entry-{prefix}".*?</form>', html, re.S)
    assert found, prefix
    return found.group(0)


def value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]* value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_each_session_is_a_row_with_its_values_and_the_total_at_the_foot(world: World) -> None:
    application = world.other_application
    rows = sessions(world, application, 3)
    Rsc.objects.filter(pk=rows[2].pk).update(complete=False, hours=None)
    html = page(world.client(world.other))

    first = row(html, f"rsc-{rows[0].pk}")
    assert f'action="/ct/application/rsc/{rows[0].pk}/"' in first
    assert value(first, f"rsc-{rows[0].pk}-date") == "2024-01-01"
    assert value(first, f"rsc-{rows[0].pk}-hours") == "1.5"
    assert value(first, f"rsc-{rows[0].pk}-provider") == "Dra. María José Castañeda-Ibáñez"
    assert '<option value="individual" selected>Individual</option>' in first
    assert '<legend class="visually-hidden">RS/C 1</legend>' in first
    assert '<button name="do" value="copy">Copy, a week later</button>' in first
    assert "New: fill it in" not in first
    third = row(html, f"rsc-{rows[2].pk}")
    assert '<span class="badge incomplete">New: fill it in</span>' in third
    assert value(third, f"rsc-{rows[2].pk}-hours") == ""
    assert ('<p class="log-total" id="log-total">3 entries, 3 hours in the complete ones. '
            "1 is incomplete.</p>") in html  # fmt: skip


def test_numbers_and_words_follow_the_page_language(world: World) -> None:
    rows = sessions(world, world.application, 2)  # Ana reads Spanish
    html = page(world.client(world.applicant))
    first = row(html, f"rsc-{rows[0].pk}")
    assert value(first, f"rsc-{rows[0].pk}-hours") == "1,5"
    assert "<span>Fecha</span>" in first
    assert "2 entradas, 3 horas en las completas." in html


def test_a_row_saves_as_typed_and_its_refusal_shows_in_the_row(world: World) -> None:
    pk = sessions(world, world.other_application, 1)[0].pk
    client = world.client(world.other)
    typed = {f"rsc-{pk}-date": "2024-02-05", f"rsc-{pk}-hours": "2",
             f"rsc-{pk}-format": "group", f"rsc-{pk}-provider": "Dr. Lee Park"}  # fmt: skip
    fragment = client.post(f"/ct/application/rsc/{pk}/", typed, **HTMX).content.decode()
    assert (
        f'<output class="st" id="st-rsc-{pk}" hx-swap-oob="true">Saved at 10:00 a.m. ET</output>'
        in (fragment)
    )
    assert 'id="log-total" hx-swap-oob="true">1 entry, 2 hours in the complete ones.' in fragment
    assert 'id="checklist"' not in fragment  # judged again in its own request, once
    assert client.post(f"/ct/application/rsc/{pk}/", typed, **HTMX)["HX-Trigger"] == (
        "checklist-stale")  # fmt: skip
    saved = Rsc.objects.get(pk=pk)
    assert (saved.date, saved.hours, saved.format, saved.complete) == (
        date(2024, 2, 5), Decimal("2.00"), "group", True)  # fmt: skip

    refused = client.post(f"/ct/application/rsc/{pk}/", typed | {f"rsc-{pk}-hours": "0"}, **HTMX)
    fragment = refused.content.decode()
    assert (f'<output class="st" id="st-rsc-{pk}" hx-swap-oob="true" data-invalid="hours">'
            '<span class="err">Hours: Hours must be more than 0.</span></output>') in fragment  # fmt: skip
    html = row(page(client), f"rsc-{pk}")
    assert value(html, f"rsc-{pk}-hours") == "0"  # what was typed survives a reload
    assert f'name="rsc-{pk}-hours" inputmode="decimal" required aria-invalid="true"' in html
    assert Rsc.objects.get(pk=pk).hours == Decimal("2.00")


def test_an_autosave_reads_its_entry_once_and_not_another_applicants(world: World) -> None:
    mine = sessions(world, world.other_application, 1)[0]
    theirs = sessions(world, world.application, 1)[0]
    client = world.client(world.other)
    typed = {f"rsc-{mine.pk}-date": "2024-02-05", f"rsc-{mine.pk}-hours": "2",
             f"rsc-{mine.pk}-format": "group", f"rsc-{mine.pk}-provider": "Dr. Lee Park"}  # fmt: skip
    client.post(f"/ct/application/rsc/{mine.pk}/", typed, **HTMX)  # the session, warmed
    with CaptureQueriesContext(connection) as saving:
        assert client.post(f"/ct/application/rsc/{mine.pk}/", typed, **HTMX).status_code == 200
    reads = [q["sql"] for q in saving.captured_queries if 'FROM "applications_rsc"' in q["sql"]]
    # one read of the row (under its lock) and one count of the log's total
    assert len(reads) == 2
    assert "COUNT(" in reads[1]

    theirs_typed = {key.replace(str(mine.pk), str(theirs.pk)): v for key, v in typed.items()}
    refused = client.post(f"/ct/application/rsc/{theirs.pk}/", theirs_typed, **HTMX)
    assert refused.status_code == 404
    kept = Rsc.objects.get(pk=theirs.pk)
    assert (kept.date, kept.hours, kept.provider, kept.saved_at) == (
        theirs.date, theirs.hours, PROVIDER, theirs.saved_at)  # fmt: skip


def test_copy_adds_the_same_session_a_week_later_at_the_end(world: World) -> None:
    first, last = sessions(world, world.other_application, 2)
    client = world.client(world.other)
    response = client.post(f"/ct/application/rsc/{first.pk}/", {"do": "copy"}, **HTMX)
    assert response.status_code == 200
    copy = Rsc.objects.filter(application=world.other_application).latest("pk")
    assert copy.pk not in (first.pk, last.pk)
    assert (copy.date, copy.hours, copy.format, copy.provider, copy.provider_endorsement,
            copy.complete) == (date(2024, 1, 8), Decimal("1.50"), "individual", PROVIDER,
                               "IMHM-C", True)  # fmt: skip
    fragment = response.content.decode()
    assert fragment.startswith(f'<form class="lr" id="entry-rsc-{copy.pk}"')
    assert f'name="rsc-{copy.pk}-date" required autofocus value="2024-01-08"' in fragment
    assert '<p id="log-empty" hx-swap-oob="delete"></p>' in fragment
    assert "3 entries, 4.5 hours in the complete ones." in fragment


def test_a_job_is_copied_as_it_is(world: World) -> None:
    job = Work.objects.create(association=world.ct, application=world.other_application,
                              complete=True, title="Home visitor", employer="Family Services",
                              start=date(2020, 1, 1), fte=Decimal(1), service="direct",
                              age_band="0-3")  # fmt: skip
    client = world.client(world.other)
    client.post(f"/ct/application/work/{job.pk}/", {"do": "copy"}, **HTMX)
    copy = Work.objects.filter(application=world.other_application).latest("pk")
    assert (copy.pk != job.pk, copy.title, copy.start, copy.fte) == (
        True, "Home visitor", date(2020, 1, 1), Decimal("1.0000"))  # fmt: skip


def test_delete_offers_an_undo_that_brings_the_same_entry_back_once(world: World) -> None:
    first, second, third = sessions(world, world.other_application, 3)
    client = world.client(world.other)
    created = Rsc.objects.get(pk=second.pk).created_at
    response = client.post(f"/ct/application/rsc/{second.pk}/", {"do": "delete"}, **HTMX)
    fragment = response.content.decode()
    assert not Rsc.objects.filter(pk=second.pk).exists()
    assert f'<div class="lr gone" id="entry-rsc-{second.pk}" role="status">' in fragment
    assert "<span>RS/C deleted.</span>" in fragment
    assert "2 entries, 3 hours in the complete ones." in fragment
    token = re.search(r'name="token" value="([^"]+)"', fragment)
    assert token

    restored = client.post("/ct/application/rsc/restore/", {"token": token.group(1)}, **HTMX)
    assert restored.status_code == 200
    back = Rsc.objects.get(pk=second.pk)
    assert (back.date, back.hours, back.provider, back.created_at, back.complete) == (
        second.date, Decimal("1.50"), PROVIDER, created, True)  # fmt: skip
    assert restored.content.decode().startswith(f'<form class="lr" id="entry-rsc-{second.pk}"')
    ordered = list(
        Rsc.objects.filter(application=world.other_application).values_list("pk", flat=True)
    )
    assert ordered == [first.pk, second.pk, third.pk]  # back in its place

    again = client.post("/ct/application/rsc/restore/", {"token": token.group(1)}, **HTMX)
    assert again.status_code == 200
    assert Rsc.objects.filter(application=world.other_application).count() == 3


def test_an_undo_of_another_application_or_after_an_hour_is_refused(
    world: World, frozen: Any
) -> None:
    entry = sessions(world, world.other_application, 1)[0]
    client = world.client(world.other)
    fragment = client.post(f"/ct/application/rsc/{entry.pk}/", {"do": "delete"}, **HTMX)
    token = re.search(r'name="token" value="([^"]+)"', fragment.content.decode())
    assert token
    other = world.client(world.applicant)
    refused = other.post("/ct/application/rsc/restore/", {"token": token.group(1)}, **HTMX)
    assert refused.status_code in (404, 409)
    assert not Rsc.objects.filter(pk=entry.pk).exists()
    frozen.shift(timedelta(hours=1, seconds=1))
    late = client.post("/ct/application/rsc/restore/", {"token": token.group(1)}, **HTMX)
    assert late.status_code == 409
    assert late.content.decode() == "This entry can no longer be restored (an undo lasts an hour)."
    assert not Rsc.objects.filter(pk=entry.pk).exists()


def test_a_submitted_application_shows_the_log_read_only_and_refuses_a_copy(
    world: World,
    submitted: Application,  # noqa: F811 - the fixture
) -> None:
    first = Rsc.objects.filter(application=submitted).first()
    assert first is not None
    before = Rsc.objects.filter(application=submitted).count()
    client = world.client(world.applicant)
    html = page(client)
    assert "<fieldset disabled>" in row(html, f"rsc-{first.pk}")
    assert 'name="do"' not in html
    response = client.post(f"/ct/application/rsc/{first.pk}/", {"do": "copy"}, **HTMX)
    assert response.status_code == 409
    assert Rsc.objects.filter(application=submitted).count() == before


def test_typed_text_is_shown_as_text(world: World) -> None:
    hostile = '"><script>alert(1)</script>{prefix}'
    entry = Training.objects.create(association=world.ct, application=world.other_application,
                                    complete=True, title=hostile, date=date(2024, 1, 1),
                                    hours=Decimal(1))  # fmt: skip
    html = row(page(world.client(world.other), "training"), f"training-{entry.pk}")
    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;{prefix}"' in html


def test_without_javascript_the_simple_form_is_offered_and_keeps_to_itself(world: World) -> None:
    entry = sessions(world, world.other_application, 1)[0]
    client = world.client(world.other)
    assert '<a href="?plain=1">Use the simple form instead</a>' in page(client)
    plain = client.get("/ct/application/rsc/?plain=1").content.decode()
    assert f'<article class="entry" id="entry-rsc-{entry.pk}"' in plain
    response = client.post(f"/ct/application/rsc/{entry.pk}/", {
        "plain": "1", f"rsc-{entry.pk}-date": "2024-01-01", f"rsc-{entry.pk}-hours": "3",
        f"rsc-{entry.pk}-format": "group"})  # fmt: skip
    assert response.status_code == 302
    assert response.url == f"/ct/application/rsc/?plain=1#entry-rsc-{entry.pk}"
    assert Rsc.objects.get(pk=entry.pk).hours == Decimal("3.00")


def test_the_log_costs_the_same_queries_for_10_and_200_entries(world: World) -> None:
    client = world.client(world.other)
    sessions(world, world.other_application, 10)
    page(client)
    with CaptureQueriesContext(connection) as few:
        page(client)
    sessions(world, world.other_application, 190)
    with CaptureQueriesContext(connection) as many:
        html = page(client)
    assert html.count('<form class="lr"') == 200
    assert len(many) == len(few)


def test_every_hours_section_has_a_log_layout_and_no_other() -> None:
    from endorse.applications.log import LAYOUTS, has_log
    from endorse.applications.sections import SECTIONS

    assert {s.slug for s in SECTIONS if has_log(s)} == set(LAYOUTS) == {"training", "rsc", "work"}


def test_the_simple_form_s_cards_get_cards_back_even_through_htmx(world: World) -> None:
    client = world.client(world.other)
    added = client.post("/ct/application/rsc/new/", {"plain": "1"}, **HTMX).content.decode()
    assert added.lstrip().startswith('<article class="entry"')
    entry = Rsc.objects.get(application=world.other_application)
    gone = client.post(f"/ct/application/rsc/{entry.pk}/delete/", **HTMX).content.decode()
    assert "Undo" not in gone and not Rsc.objects.filter(pk=entry.pk).exists()
