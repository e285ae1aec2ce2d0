"""On a 375 px phone the checklist's summary stays at the top of a long section page, opens to
the rules not met, and its links land on the entry's field to fix; beside the page on a
desktop it hides."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from endorse.applications.models import Application, Work
from endorse.applications.services import registration_accept, registration_submit
from endorse.associations.models import Association
from endorse.payments.services import payment_record
from tests.applications.conftest import person, registration_fields
from tests.browser.conftest import Visitor, sign_in
from tests.browser.test_journey import Words

pytestmark = pytest.mark.django_db(transaction=True)


def applicant_with_jobs(association: Association) -> tuple[Application, Work]:
    """An IMHS applicant with nine jobs (a long page); the last is a paid, full-time
    psychotherapist's job not marked as supervised."""
    today = timezone.localdate()
    user = person("olga@example.org", "Olga Other")
    user.set_password("applicant-pass-1")
    user.save()
    registration = registration_submit(
        association=association, applicant=user, today=today,
        fields=registration_fields(expires=today + timedelta(days=200)),
    )  # fmt: skip
    coordinator = association.staff.get().user
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference="1", received_on=today,
                   actor=coordinator)  # fmt: skip
    application = registration_accept(registration=registration, actor=coordinator, today=today)
    job: Work | None = None
    for year in range(2013, 2022):
        job = Work.objects.create(
            association=association, application=application, complete=True,
            title=f"Clinician {year}", employer="Little Steps", start=date(year, 1, 1),
            end=date(year, 12, 31) if year < 2021 else None, fte=Decimal(1), paid=True,
            service="parent_infant_psychotherapy", age_band="infant",
        )  # fmt: skip
    assert job is not None
    return application, job


def test_the_summary_stays_in_reach_and_its_links_land_on_the_field(
    visitor_factory: Any, association: Association
) -> None:
    _application, job = applicant_with_jobs(association)
    w = Words("en")
    phone: Visitor = visitor_factory(width=375, height=700)
    sign_in(phone, w, "olga@example.org", "applicant-pass-1")
    page = phone.goto("/ct/application/work/")
    peek = page.locator("#checklist-peek")
    expect(peek).to_be_visible()
    page.mouse.wheel(0, 4000)  # far down a long page, the summary is still at the top
    page.wait_for_function("() => window.scrollY > 2000")
    box = peek.bounding_box()
    assert box is not None and 0 <= box["y"] <= 1
    summary = peek.locator("summary")
    expect(summary).to_have_text("Checklist: 2 of 11 met")
    summary.click()
    expect(peek.get_by_role("link", name="The full checklist, entry by entry")).to_be_visible()
    phone.check()
    # The full list, then the job that doesn't count: the link lands on its box.
    peek.get_by_role("link", name="The full checklist, entry by entry").click()
    link = page.locator("#checklist-work").get_by_role("link", name="Clinician 2021, Little Steps")
    link.click()
    page.wait_for_url(f"**/ct/application/work/#id_work-{job.pk}-supervised")
    expect(page.locator(f"#id_work-{job.pk}-supervised")).to_be_in_viewport()
    # ... and not under the summary, which stays on top.
    field = page.locator(f"#id_work-{job.pk}-supervised").bounding_box()
    top = peek.bounding_box()
    assert field is not None and top is not None and field["y"] >= top["y"] + top["height"]
    phone.check()
    desktop: Visitor = visitor_factory(width=1280)
    sign_in(desktop, w, "olga@example.org", "applicant-pass-1")
    expect(desktop.goto("/ct/application/work/").locator("#checklist-peek")).to_be_hidden()
