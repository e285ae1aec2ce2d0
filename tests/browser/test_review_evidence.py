"""Two reviewers judge real evidence and the coordinator decides with both reviews in front of
them: once in English on a desktop, once in Spanish on a 375 px phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Application, Details, Education, Reference, Rsc, Work
from endorse.applications.selectors import agreements_in_force
from endorse.applications.services import (
    agreement_sign,
    application_submit,
    portfolio_import,
    transcript_add,
)
from endorse.associations.selectors import association_today
from endorse.payments.models import Charge
from endorse.ratings.services import reference_record_rating
from tests.browser.conftest import sign_in
from tests.browser.review_steps import (
    REVIEWERS,
    add_reviewers,
    complete_and_assign,
    decide,
    sign_in_with_code,
)
from tests.browser.test_journey import PDF, Words, accepted_applicant
from tests.eligibility.test_ready import applicant as ready_portfolio

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "María-José Fernández de la Peña Castellanos"


def submitted_with_evidence(association: Any) -> Application:
    """An IMHS application ready in every way, with a transcript, a named job and one
    RS/C session that can't count (peer), submitted today."""
    applicant = accepted_applicant(association, "maria.jose@example.org", "maria-pass-123")
    User.objects.filter(pk=applicant.pk).update(full_name=NAME)
    application = Application.objects.get(applicant=applicant)
    portfolio_import(application=application, portfolio=ready_portfolio(), replace=True)
    Education.objects.filter(application=application).update(
        field="Trabajo social clínico", institution="Universidad de Puerto Rico"
    )
    Work.objects.filter(application=application).update(
        title="Psicoterapeuta infantil", employer="Centro Niños del Valle"
    )
    Rsc.objects.create(
        association=association, application=application, complete=True,
        date=date(2024, 2, 1), hours=Decimal("1.50"), format="peer", provider="Lucía Peña",
    )  # fmt: skip
    degree = Education.objects.get(application=application)
    transcript_add(
        education=degree, actor=applicant, official=False, max_bytes=10_000_000,
        upload=SimpleUploadedFile("expediente-académico.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    today = association_today(association=association)
    for role, endorsed in (("rsc_provider", True), ("supervisor", False), ("colleague", False)):
        reference = Reference.objects.create(
            association=association, application=application, complete=True,
            name=f"Rater {role}", email=f"{role}@example.org", role=role,
        )  # fmt: skip
        reference_record_rating(reference=reference, received_on=today, rater_endorsed=endorsed,
                                vetted=False)  # fmt: skip
    for agreement in agreements_in_force(association=association, on=today).values():
        agreement_sign(application=application, agreement=agreement, signed_name=NAME)
    Details.objects.filter(application=application).update(
        mental_health_license=True, membership_expires_on=today + timedelta(days=300)
    )
    Charge.objects.filter(pk=application.processing_fee_id).update(status="paid")
    application.refresh_from_db()
    return application_submit(application=application, actor=applicant, today=today,
                              ratings_waived=True)  # fmt: skip


def plural(w: Words, singular: str, plural_form: str, count: int) -> str:
    with translation.override(w.lang):
        return translation.ngettext(singular, plural_form, count) % {"counter": count}


def judge(desk: Any, w: Words, *, second: bool) -> None:
    """A reviewer accepts, reads the evidence beside each requirement, sends an incomplete
    review and finds what is missing next to it, then completes it. The second reviewer
    finds the first requirement not met: the one disagreement."""
    page = desk.goto("/ct/review/")
    page.get_by_role("link", name=NAME).first.click()
    desk.check()
    page.get_by_role("group", name=w("Your answer")).get_by_label(w("I accept"), exact=True).check()
    page.get_by_label(w("I have no conflict of interest with this applicant")).check()
    page.get_by_role("button", name=w("Send my answer")).click()
    desk.check()
    if second:
        expect(page.get_by_role("heading", name=w("The first review"))).to_be_visible()

    # The portfolio: the degree and its transcript, the job, the RS/C sessions.
    portfolio = page.locator("section.evidence")
    expect(portfolio.get_by_role("heading", name=w("The applicant's portfolio"))).to_be_visible()
    expect(portfolio).to_contain_text("Universidad de Puerto Rico")
    expect(portfolio).to_contain_text("Centro Niños del Valle")
    expect(portfolio).to_contain_text("Lucía Peña")
    transcript = portfolio.get_by_role("link", name=re.compile("expediente-académico.pdf"))
    expect(transcript).to_have_attribute("target", "_blank")
    opened = page.request.get(desk.base_url + transcript.get_attribute("href"))
    assert (opened.status, opened.headers["content-type"]) == (200, "application/pdf")
    assert opened.headers["content-disposition"].startswith("inline")

    # Beside the RS/C requirement: the sessions that count, and the peer one with its reason.
    form = page.locator("form.review-form")
    rsc = form.locator("#requirement-rsc_hours")
    expect(rsc).to_contain_text(w("Met by the engine's count:"))
    expect(rsc.locator("details.counted > summary")).to_have_text(
        plural(w, "%(counter)s entry counts", "%(counter)s entries count", 13)
    )
    left_out = rsc.locator("details.left-out")
    expect(left_out).to_contain_text(
        w("Peer RS/C doesn't count: only individual or group sessions do.")
    )
    expect(left_out).to_contain_text("Lucía Peña")

    # Sent with nothing chosen: each missing answer is marked where it is, and listed on top.
    form.get_by_role("button", name=w("Send the review")).click()
    desk.check()
    verdicts = form.locator("fieldset.choice-group")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(verdicts.count() + 1)
    first = verdicts.first
    expect(first).to_contain_text(w("Choose Met, Not met or Unclear."))
    expect(first.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    link = summary.get_by_role("link").first
    assert link.get_attribute("href") == "#" + first.get_by_role("radio").first.get_attribute("id")

    for index in range(verdicts.count()):
        with translation.override(w.lang):
            verdict = translation.pgettext(
                "review verdict", "Not met" if second and index == 0 else "Met"
            )
        verdicts.nth(index).get_by_label(verdict, exact=True).check()
    total = verdicts.count()
    with translation.override(w.lang):  # the draft saved itself: the progress line says so
        judged = translation.gettext("%(judged)s of %(total)s judged") % {
            "judged": total,
            "total": total,
        }
    expect(form.locator("#review-progress")).to_have_text(judged)
    form.get_by_label(w.label("Recommended decision")).select_option("approved")
    form.get_by_label(w.label("Comments for the applicant")).fill(
        "Evidencia clara; la sesión entre pares no cuenta, pero sobran horas."
    )
    form.get_by_role("button", name=w("Send the review")).click()
    desk.check()
    expect(page.locator(".messages")).to_contain_text(w("Your review was sent."))


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("es", 375)])
def test_two_reviewers_judge_the_evidence_and_the_coordinator_decides_with_both(
    visitor_factory: Any, association: Any, lang: str, width: int
) -> None:
    application = submitted_with_evidence(association)
    w, sw = Words(lang), Words("en")
    User.objects.filter(email="coord@ct.example.org").update(preferred_language=lang)
    staff = visitor_factory(width=width)
    sign_in(staff, sw, "coord@ct.example.org", "coordinator-pass-1")
    reviewers = add_reviewers(association, lang)
    complete_and_assign(staff, w, application, reviewers)
    for (email, _name, secret), second in zip(REVIEWERS, (False, True), strict=True):
        desk = visitor_factory(width=width)
        sign_in_with_code(desk, sw, email, secret)
        judge(desk, w, second=second)

    page = staff.goto(f"/ct/manage/applications/{application.pk}/")
    expect(page.get_by_role("heading", name=w("The reviews side by side"))).to_be_visible()
    expect(page.get_by_text(plural(w, "The reviewers disagree on %(counter)s point.",
                                   "The reviewers disagree on %(counter)s points.", 1))).to_be_visible()  # fmt: skip
    compared = page.locator("table.compared")
    disagreement = compared.locator("tr.disagree")
    expect(disagreement).to_have_count(1)
    expect(disagreement).to_contain_text(w("Disagreement"))
    decide(staff, w, application, "Approved")
    application.refresh_from_db()
    assert application.status == "approved"
