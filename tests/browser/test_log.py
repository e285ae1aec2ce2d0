"""A year of hours in minutes, on a 375 px phone in Spanish: 50 weekly RS/C sessions pasted
from a spreadsheet with decimal commas (a double click adds them once), then 20 trainings
typed in the compact log (Enter adds the next row), one copied a week later and one deleted
and brought back; the checklist's training and RS/C rules turn met."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Rsc, Training
from tests.browser.conftest import sign_in
from tests.browser.test_journey import ENTRIES, Words, accepted_applicant

pytestmark = pytest.mark.django_db(transaction=True)
PROVIDER = "Dra. María José Castañeda-Ibáñez"


def test_a_year_of_rsc_pasted_and_twenty_trainings_typed_on_a_phone_in_spanish(
    visitor_factory: Any, association: Any
) -> None:
    applicant = accepted_applicant(association, "anio@example.org", "anio-pass-1234")
    User.objects.filter(pk=applicant.pk).update(preferred_language="es")
    w = Words("es")
    phone = visitor_factory(width=375, locale="es-ES")
    sign_in(phone, w, applicant.email, "anio-pass-1234")
    today = timezone.localdate()

    # 50 weekly sessions, as a spreadsheet copies them: tab-separated, "1,5" hours.
    first = today - timedelta(weeks=50)
    rows = "\n".join(
        f"{(first + timedelta(weeks=i)).strftime('%d/%m/%Y')}\t1,5\tIndividual\t{PROVIDER}\t"
        "IMHM-C\tno"
        for i in range(50)
    )
    page = phone.goto("/ct/application/rsc/")
    page.get_by_role("link", name=w("Add many rows at once")).click()
    phone.check()
    page.get_by_label(w.label("Paste rows from a spreadsheet")).fill(rows)
    page.get_by_role("button", name=w("Preview")).click()
    phone.check()
    add = w.plural("Add the row", "Add the %(count)d rows", 50)
    page.get_by_role("button", name=add).first.dblclick()  # a double click adds them once
    page.wait_for_url("**/ct/application/rsc/")
    phone.check()
    expect(page.locator(ENTRIES)).to_have_count(50)
    expect(page.locator("#log-total")).to_contain_text("50 entradas, 75 horas")
    assert Rsc.objects.filter(application__applicant=applicant, complete=True,
                              hours=Decimal("1.5")).count() == 50  # fmt: skip
    expect(page.locator("#checklist-rsc_hours")).to_have_class("requirement met")

    # 20 trainings typed, row after row: Enter on the last box adds the next row.
    page = phone.goto("/ct/application/training/")
    page.get_by_role("button", name=w("Add a training")).dblclick()  # one row, not two
    for n in range(20):
        expect(page.locator(ENTRIES)).to_have_count(n + 1)
        if n == 0:
            assert Training.objects.filter(application__applicant=applicant).count() == 1
        row = page.locator(ENTRIES).nth(n)
        row.get_by_label(w.label("date")).fill((today - timedelta(days=200 - 7 * n)).isoformat())
        row.get_by_label(w.label("title")).fill(f"Sesión de formación nº {n + 1}")
        hours = row.get_by_label(w.label("hours"))
        hours.fill("1,75")
        if n < 19:
            hours.press("Enter")
    last = page.locator(ENTRIES).nth(19)
    last.get_by_label(w.label("hours")).dispatch_event("change")
    expect(last.locator(".st")).to_contain_text(w("Saved at %(time)s", time="").strip())
    expect(page.locator("#log-total")).to_contain_text("20 entradas, 35 horas")

    def trainings() -> Any:  # a fresh query each time: a queryset once read keeps its rows
        return Training.objects.filter(application__applicant=applicant)

    assert sorted({t.hours for t in trainings()}) == [Decimal("1.75")]
    assert trainings().filter(complete=True).count() == 20
    expect(page.locator("#checklist-training_total")).to_have_class("requirement met")

    # Copy the last row a week later; delete it and bring it back with Undo.
    last.get_by_role("button", name=w("Copy, a week later")).click()
    expect(page.locator(ENTRIES)).to_have_count(21)
    # The copied row saved again afterwards is saved, not copied again (htmx would send the
    # value of the button last clicked in that row).
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        last.get_by_label(w.label("hours")).dispatch_event("change")
    assert answer.value.ok
    assert trainings().count() == 21
    copy = page.locator(ENTRIES).nth(20)
    expect(copy.get_by_label(w.label("date"))).to_be_focused()
    copy.get_by_role("button", name=w("Delete")).click()
    undo = page.get_by_role("button", name=w("Undo"))
    expect(undo).to_be_focused()
    expect(page.locator(ENTRIES)).to_have_count(20)
    undo.click()
    expect(page.locator(ENTRIES)).to_have_count(21)
    restored = page.locator(ENTRIES).nth(20)
    expect(restored.get_by_label(w.label("date"))).to_be_focused()
    expect(page.locator("#log-total")).to_contain_text("21 entradas")
    assert trainings().count() == 21
    phone.check()
