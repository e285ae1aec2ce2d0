"""An endorsement's life in a real browser: renewing (English and Spanish), an audit with
evidence, a lapse and reinstatement, and Emeritus status. axe-core runs on every page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import formats, translation
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.demo.history import reviewed_application
from endorse.applications.demo.load import DEMO_PASSWORD, _user
from endorse.applications.models import Application
from endorse.core.management.commands.clock import tick
from endorse.eligibility.renewal import period_ending_on
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_for_approval, endorsement_grant
from endorse.renewals.models import RenewalSettings
from endorse.renewals.selectors import renewal_policy
from tests.browser.conftest import Visitor, sign_in
from tests.browser.test_journey import Words

pytestmark = pytest.mark.django_db(transaction=True)
COORDINATOR = ("coord@ct.example.org", "coordinator-pass-1")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def endorsee(ct: Any, email: str, name: str, lang: str, *, code: str = "IMHS",
             issued_on: date = date(2024, 6, 1), due: date | None = None) -> Endorsement:  # fmt: skip
    coordinator = User.objects.get(email=COORDINATOR[0])
    application = reviewed_application(ct, _user(email, name, lang), coordinator, code=code,
                                       membership_number="M-7", status=Application.Status.APPROVED)  # fmt: skip
    endorsement = endorsement_grant(application=application, issued_on=issued_on)
    if due is not None:  # renewed so far in a previous system: due then
        period = period_ending_on(renewal_policy(association=ct), due)
        Endorsement.objects.filter(pk=endorsement.pk).update(
            next_due_on=due, next_period_starts=period.starts, next_period_years=period.years
        )
        endorsement.refresh_from_db()
    return endorsement


def add_hours(visitor: Visitor, w: Words, *, training: str, rsc: str) -> None:
    page = visitor.page
    form = page.locator("form#training")
    form.get_by_label(w.label("title")).fill("Attachment across cultures")
    form.get_by_label(w.label("date")).fill("2026-03-14")
    form.get_by_label(w.label("hours")).fill(training)
    form.get_by_label(w.label("on diversity, equity and inclusion")).check()
    form.get_by_role("button", name=w("Add the training")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(w("The training is added."))
    form = page.locator("form#rsc")
    form.get_by_label(w.label("date")).fill("2026-04-02")
    form.get_by_label(w.label("hours")).fill(rsc)
    form.get_by_label(w.label("format")).select_option("individual")
    form.get_by_label(w.label("provider's name")).fill("Rita Provider")
    form.get_by_label(w.label("provider's endorsement")).select_option("IMHM-C")
    form.get_by_role("button", name=w("Add the session")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(w("The RS/C session is added."))


def membership_and_ethics(visitor: Visitor, w: Words, name: str, until: str) -> None:
    page = visitor.page
    form = page.locator("form#details")
    form.get_by_label(w.label("membership expires on")).fill(until)
    form.get_by_role("button", name=w("Save")).click()
    visitor.check()
    form = page.locator("form#ethics")
    form.get_by_label(w.label("your full name")).fill(name)
    form.get_by_label(
        w.label("No licensing board has sanctioned me since my last application or renewal")
    ).check()
    form.get_by_role("button", name=w("Sign")).click()
    visitor.check()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_endorsee_renews_and_the_coordinator_approves(
    visitor_factory: Any,
    association: Any,
    lang: str,
) -> None:
    w, sw = Words(lang), Words("en")
    endorsee(association, f"rosa-{lang}@example.org", "Rosa Ruiz", lang, due=date(2026, 12, 31))
    with time_machine.travel("2026-10-15 14:00:00+00:00", tick=True):
        # Spanish on a phone (375 px wide), English on a desktop.
        visitor = visitor_factory(
            locale="es-ES" if lang == "es" else "en-US", width=375 if lang == "es" else 1280
        )
        sign_in(visitor, w, f"rosa-{lang}@example.org", DEMO_PASSWORD)
        page = visitor.goto("/me/")
        page.get_by_role("link", name=w("Renew"), exact=True).click()
        visitor.check()
        page.get_by_role("button", name=w("Start my renewal")).click()
        visitor.check()
        add_hours(visitor, w, training="15", rsc="12")
        membership_and_ethics(visitor, w, "Rosa Ruiz", "2027-09-30")
        expect(page.locator(".checklist")).to_contain_text(w("Ready to send."))
        page.get_by_role("button", name=w("Send my renewal")).click()
        visitor.check()
        expect(page.locator(".messages")).to_contain_text(
            w("Your renewal is sent to the coordinator.")
        )

        staff = visitor_factory()
        sign_in(staff, sw, *COORDINATOR)
        page = staff.goto("/ct/manage/renewals/")
        page.get_by_role("link", name="Rosa Ruiz").click()
        staff.check()
        page.get_by_label(sw.label("Paid by")).select_option("check")
        page.get_by_role("textbox", name=sw.label("Reference")).fill("3301")
        page.get_by_role("button", name=sw("Record payment")).click()
        staff.check()
        page.get_by_role("button", name=sw("Approve the renewal")).click()
        staff.check()
        expect(page.locator(".messages")).to_contain_text(
            sw("The renewal is approved; the endorsee is told.")
        )

        page = visitor.goto("/me/")
        with translation.override(lang):
            day = formats.date_format(date(2027, 12, 31), "DATE_FORMAT")
        expect(page.locator("ul.registry")).to_contain_text(
            w("Next renewal due on %(day)s.", day=day)
        )


def test_an_audited_endorsee_lists_hours_and_uploads_evidence(
    visitor_factory: Any,
    association: Any,
    tmp_path: Path,
) -> None:
    w = Words("en")
    association.renewal_model = "three_year"
    association.save()
    RenewalSettings.objects.create(association=association, cycle_year=2024, audit_percent=100)
    endorsee(association, "ada@example.org", "Ada Audit", "en", issued_on=date(2020, 6, 1),
             due=date(2027, 12, 31))  # fmt: skip
    evidence = tmp_path / "certificates.pdf"
    evidence.write_bytes(PDF)
    with time_machine.travel("2027-10-04 14:00:00+00:00", tick=True):
        visitor = visitor_factory()
        sign_in(visitor, w, "ada@example.org", DEMO_PASSWORD)
        page = visitor.goto("/ct/renewal/")
        page.get_by_role("button", name=w("Start my renewal")).click()
        visitor.check()
        # By attestation: no hours to list, one box to tick.
        expect(page.locator("form#training")).to_have_count(0)
        page.locator("form#details").get_by_label(re.compile("I attest that I completed")).check()
        membership_and_ethics(visitor, w, "Ada Audit", "2028-09-30")
        page.get_by_role("button", name=w("Send my renewal")).click()
        visitor.check()
        expect(page.locator(".messages")).to_contain_text(
            w("Your renewal was picked for an audit: list your hours and upload their evidence.")
        )
        expect(page.get_by_role("heading", name=w("Your renewal is being audited"))).to_be_visible()
        add_hours(visitor, w, training="45", rsc="36")
        upload = page.locator("form", has=page.get_by_label(w.label("certificate or letter")))
        upload.get_by_label(w.label("certificate or letter")).set_input_files(str(evidence))
        upload.get_by_role("button", name=w("Upload")).click()
        visitor.check()
        expect(page.get_by_role("link", name="certificates.pdf")).to_be_visible()
        page.get_by_role("button", name=w("Send my documented hours")).click()
        visitor.check()
        expect(page.locator(".messages")).to_contain_text(
            w("Your documented hours are sent to the coordinator. Thank you.")
        )


def test_a_lapsed_endorsee_leaves_the_registry_and_reinstates(
    visitor_factory: Any,
    association: Any,
) -> None:
    w = Words("en")
    lapsing = endorsee(association, "luz@example.org", "Luz Lapsed", "en", due=date(2025, 12, 31))
    with time_machine.travel("2026-02-02 14:00:00+00:00", tick=True):
        assert tick()["endorsements lapsed"] == 1
        visitor = visitor_factory()
        page = visitor.goto("/ct/registry/?name=luz")
        expect(page.get_by_text("Luz Lapsed")).to_have_count(0)
        page = visitor.goto(f"/verify/{lapsing.verify_code}/")
        expect(page.get_by_role("alert")).to_contain_text("not valid: Lapsed")

        sign_in(visitor, w, "luz@example.org", DEMO_PASSWORD)
        page = visitor.goto("/me/")
        page.get_by_role("link", name=w("History and requests (%(code)s)", code="IMHS")).click()
        visitor.check()
        expect(page.locator(".timeline")).to_contain_text(w("Lapsed"))
        page.get_by_role("button", name=w("Apply to reinstate")).click()
        visitor.check()
        expect(page.locator(".messages")).to_contain_text(
            w("Your reinstatement application is open, with your entries copied.")
        )
        assert re.search(r"/ct/application/$", page.url)

        # Its review is an application's (tests/reviews); once approved:
        application = Application.objects.get(kind="reinstatement")
        Application.objects.filter(pk=application.pk).update(status="approved")
        application.refresh_from_db()
        endorsement_for_approval(application=application, issued_on=date(2026, 2, 2))
        page = visitor.goto("/ct/registry/?name=luz")
        expect(page.locator("ul.registry")).to_contain_text("Luz Lapsed")


def test_an_endorsee_becomes_emeritus_and_is_shown_so(
    visitor_factory: Any,
    association: Any,
) -> None:
    w, sw = Words("es"), Words("en")
    senior = endorsee(association, "eme@example.org", "Elena Emérita", "es", code="IMHM-C",
                      issued_on=date(2012, 5, 1), due=date(2026, 12, 31))  # fmt: skip
    with time_machine.travel("2026-06-01 14:00:00+00:00", tick=True):
        visitor = visitor_factory(locale="es-ES")
        sign_in(visitor, w, "eme@example.org", DEMO_PASSWORD)
        page = visitor.goto(f"/me/endorsements/{senior.pk}/")
        form = page.locator(
            "form", has=page.get_by_role("button", name=w("Ask for Emeritus status"))
        )
        form.get_by_label(w.label("a note for the coordinator")).fill("Me jubilo en junio.")
        form.get_by_role("button", name=w("Ask for Emeritus status")).click()
        visitor.check()
        expect(page.locator(".messages")).to_contain_text(
            w("Your request is sent to the coordinator.")
        )

        staff = visitor_factory()
        sign_in(staff, sw, *COORDINATOR)
        page = staff.goto("/ct/manage/renewals/")
        expect(page.get_by_text("Me jubilo en junio.")).to_be_visible()
        page.get_by_role("button", name=sw("Grant")).click()
        staff.check()
        expect(page.locator(".messages")).to_contain_text(sw("Granted; the endorsee is told."))

        page = visitor.goto("/ct/registry/?name=elena")
        expect(page.locator("ul.registry")).to_contain_text(w("Emeritus"))
        page = visitor.goto(f"/verify/{senior.verify_code}/")
        expect(page.get_by_role("status")).to_contain_text(w("Emeritus"))
