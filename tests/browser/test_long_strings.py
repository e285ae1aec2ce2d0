"""Long unbroken text (a 120-character email address, a long link, a long name with
accents) never pushes a page wider than a 375 px phone, and every page stays accessible.

Each visit runs the reflow check and axe-core (``Visitor.check``) with that text on the page:
the rater's form, the applicant's notifications, the coordinator's application page, the
registry, and the sign-in pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Application, Reference
from endorse.applications.services import registration_accept, registration_submit
from endorse.core.tasks import notify
from endorse.endorsements.services import endorsement_grant
from endorse.payments.services import payment_record
from endorse.ratings.services import request_send
from endorse.ratings.tokens import token_for
from tests.accounts.sessions import sign_in
from tests.applications.conftest import registration_fields

pytestmark = pytest.mark.django_db(transaction=True)

DOMAIN = "@example.org"
LONG_EMAIL = ("maria.de.los.angeles." + "n" * 120)[: 120 - len(DOMAIN)] + DOMAIN
LONG_URL = "https://example.org/" + "-".join(["a-very-long-path-segment"] * 8) + "?q=" + "z" * 60
LONG_WORD = "Núñezcastellanosibáñezgutiérrezsotomayorvillaseñorpeñalosadelaconcepción"
LONG_NAME = f"María {LONG_WORD}"
PHONE = {"width": 375, "height": 800}
TODAY = date(2025, 3, 3)


def test_long_text_fits_a_phone_on_every_page_that_shows_it(
    visitor_factory: Any, association: Any
) -> None:
    assert len(LONG_EMAIL) == 120
    coordinator = User.objects.get(email="coord@ct.example.org")
    applicant = User.objects.create_user(LONG_EMAIL, "a-long-Passw0rd", full_name=LONG_NAME)
    EmailAddress.objects.create(user=applicant, email=LONG_EMAIL, verified=True, primary=True)
    application = _open_application(association, applicant, coordinator)
    rater = Reference.objects.create(
        association=association, application=application, complete=True, name=LONG_NAME,
        email="r" + LONG_EMAIL[1:], role="supervisor",
    )  # fmt: skip
    token = token_for(request_send(reference=rater, language="en").nonce)
    notify(applicant.pk, "registration_returned", association=association.name,
           reason=f"Read {LONG_URL} and write to {LONG_EMAIL}.", url=LONG_URL)  # fmt: skip

    rater_visit = visitor_factory(**PHONE)
    page = rater_visit.goto(f"/rate/{token}/")
    expect(page.get_by_text(LONG_NAME).first).to_be_visible()
    _endorse(application)  # the rater's link works only while the application is prepared

    applicant_visit = _signed_in(visitor_factory, applicant)
    page = applicant_visit.goto("/me/notifications/")
    for summary in page.locator("details summary").all():
        summary.click()
    expect(page.get_by_text(LONG_URL).first).to_be_visible()
    applicant_visit.check()
    applicant_visit.goto("/me/")

    coordinator_visit = _signed_in(visitor_factory, coordinator)
    page = coordinator_visit.goto(f"/ct/manage/applications/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONG_NAME)
    coordinator_visit.goto("/ct/manage/")

    public = visitor_factory(**PHONE)
    for path in ("/ct/registry/", "/registry/", f"/ct/registry/?q={LONG_WORD}"):
        page = public.goto(path)
        expect(page.get_by_text(LONG_NAME).first).to_be_visible()
    page = public.goto("/accounts/login/")
    page.get_by_label("Email").fill(LONG_EMAIL)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()
    public.check()
    expect(page.locator(".form-errors")).to_be_visible()


def _open_application(association: Any, applicant: User, coordinator: User) -> Application:
    fields = {
        **registration_fields(),
        "work_summary": LONG_URL,
        "membership_number": LONG_WORD[:64],
    }
    registration = registration_submit(
        association=association, applicant=applicant, fields=fields, today=TODAY
    )
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference=LONG_WORD,
                   received_on=TODAY, actor=coordinator)  # fmt: skip
    return registration_accept(registration=registration, actor=coordinator, today=TODAY)


def _endorse(application: Application) -> None:
    """As if reviewed and approved, so the registry lists the long name."""
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    application.refresh_from_db()
    endorsement_grant(application=application, issued_on=TODAY)


def _signed_in(visitor_factory: Any, user: User) -> Any:
    """A phone whose browser holds a signed-in session (the sign-in form is tested elsewhere)."""
    client = sign_in(Client(), user)
    visitor = visitor_factory(**PHONE)
    visitor.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value,
          "url": visitor.base_url}]
    )  # fmt: skip
    return visitor
