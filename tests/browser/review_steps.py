"""The two-tier review as people do it in the browser: the coordinator checks and assigns,
two reviewers sign in with a TOTP code and review, the coordinator decides.

Shared by the journey (which goes on from submission to approval) and by the deferral test.
"""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import translation
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.eligibility.categories import CATEGORIES
from endorse.reviews.models import ReviewerProfile
from tests.browser.conftest import sign_in

REVIEWER_PASSWORD = "reviewer-pass-1"
# (email, name, authenticator secret in base32)
REVIEWERS = (
    ("rowan@ct.example.org", "Rowan Reviewer", "ROWANREVIEWERSECRETAAAAA"),
    ("sage@ct.example.org", "Sage Reviewer", "SAGEREVIEWERSECRETBBBBBB"),
)


def add_reviewers(association: Any, lang: str = "en") -> list[User]:
    """Two endorsed volunteers who may review every category, each with an authenticator."""
    users = []
    for email, name, secret in REVIEWERS:
        user = User.objects.create_user(
            email, REVIEWER_PASSWORD, full_name=name, preferred_language=lang
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        StaffRole.objects.create(association=association, user=user, role="reviewer")
        ReviewerProfile.objects.create(
            association=association, user=user, categories=[c.code for c in CATEGORIES]
        )
        TOTP.activate(user, secret)
        users.append(user)
    return users


def current_code(secret: str) -> str:
    """What the reviewer's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in_with_code(visitor: Any, sw: Any, email: str, secret: str) -> None:
    """Password first, then the code from the authenticator (the sign-in pages are English)."""
    sign_in(visitor, sw, email, REVIEWER_PASSWORD)
    page = visitor.page
    expect(page.get_by_role("heading", name=sw("Two-Factor Authentication"))).to_be_visible()
    page.get_by_placeholder(sw("Code")).fill(current_code(secret))
    page.get_by_role("button", name=sw("Sign In")).click()
    visitor.check()
    expect(page.get_by_role("heading", name=sw("Two-Factor Authentication"))).to_have_count(0)


def complete_and_assign(
    staff: Any, sw: Any, application: Application, reviewers: list[User]
) -> None:
    """The coordinator finds the application in the queue, checks it, and asks two reviewers."""
    page = staff.goto("/ct/manage/")
    group = page.locator("section.queue-group", has=page.get_by_role(
        "heading", name=re.compile(re.escape(sw("Submitted: completeness check")))))  # fmt: skip
    group.get_by_role("link", name=application.applicant.get_full_name()).click()
    staff.check()
    page.get_by_role("button", name=sw("Complete: start the review")).click()
    staff.check()
    expect(page.locator(".messages")).to_contain_text(
        sw("The application is complete: assign its reviewers.")
    )
    for reviewer, button in zip(
        reviewers, (sw("Ask as first reviewer"), sw("Ask as second reviewer")), strict=True
    ):
        form = page.locator("form", has=page.get_by_role("button", name=button))
        form.get_by_label(sw.label("Reviewer")).select_option(str(reviewer.pk))
        form.get_by_role("button", name=button).click()
        staff.check()
        expect(page.locator(".messages")).to_contain_text(
            sw("The reviewer was asked; they will accept or decline.")
        )


def review(
    visitor: Any,
    rw: Any,
    applicant_name: str,
    recommendation: str,
    comment: str,
    *,
    second: bool = False,
) -> None:
    """A reviewer opens their newest assignment, accepts it if asked, and sends a full review;
    the second reviewer reads the first review first."""
    page = visitor.goto("/ct/review/")
    page.get_by_role("link", name=applicant_name).first.click()
    visitor.check()
    answer = page.get_by_role("group", name=rw("Your answer"))
    if answer.count():
        answer.get_by_label(rw("I accept"), exact=True).check()
        page.get_by_label(rw("I have no conflict of interest with this applicant")).check()
        page.get_by_role("button", name=rw("Send my answer")).click()
        visitor.check()
    if second:
        expect(page.get_by_role("heading", name=rw("The first review"))).to_be_visible()
    # Raters' ratings are there, their contact details are not.
    expect(page.get_by_role("heading", name=rw("Reference ratings"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"@example\.org"))).to_have_count(0)
    form = page.locator("form.review-form")
    verdicts = form.locator("fieldset.choice-group")
    expect(verdicts.first).to_be_visible()
    with translation.override(rw.lang):  # "Met" as a verdict, not the advisor's heading
        met = translation.pgettext("review verdict", "Met")
    for index in range(verdicts.count()):
        verdicts.nth(index).get_by_label(met, exact=True).check()
    form.get_by_label(rw.label("Recommended decision")).select_option(recommendation)
    form.get_by_label(rw.label("Comments for the applicant")).fill(comment)
    form.get_by_role("button", name=rw("Send the review")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(rw("Your review was sent."))


def decide(
    staff: Any, sw: Any, application: Application, outcome: str, sections: tuple[str, ...] = ()
) -> None:
    """The coordinator records the decision, with the message drafted from the comments."""
    page = staff.goto(f"/ct/manage/applications/{application.pk}/")
    page.get_by_role("group", name=sw("Decision")).get_by_label(sw(outcome), exact=True).check()
    reopen = page.get_by_role("group", name=sw("Sections to reopen (on hold only)"))
    for title in sections:
        reopen.get_by_label(sw(title), exact=True).check()
    message = page.get_by_label(sw.label("Message to the applicant"))
    expect(message).not_to_have_value("")  # the reviewers' comments, to edit
    message.fill(message.input_value() + "\n\nWith our thanks.")
    page.get_by_role("button", name=sw("Record the decision")).click()
    staff.check()
    expect(page.locator(".messages")).to_contain_text(
        sw("The decision was recorded and sent to the applicant.")
    )
