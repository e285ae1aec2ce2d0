"""Fees and payments in a real browser: a check recorded by the coordinator and its receipt
PDF (English on a desktop, Spanish on a phone), and a card payment through a stand-in for
Stripe's Checkout, paid only when the signed webhook says so. axe-core runs on every page
of ours (not on the stand-in's)."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader

from endorse.accounts.models import User
from endorse.applications.demo.load import DEMO_PASSWORD, _user
from endorse.applications.services import registration_accept, registration_submit
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.payments.card import card_settings_save
from endorse.payments.models import Charge, CheckoutSession, Payment
from endorse.payments.money import format_money
from endorse.payments.services import payment_record
from endorse.standards.models import Category
from tests.browser.conftest import sign_in
from tests.browser.test_journey import Words
from tests.payments.stripe_standin import (  # noqa: F401 - stripe_api: the fixture, found here
    SECRET_KEY,
    WEBHOOK_SECRET,
    Standin,
    checkout_event,
    signed,
    stripe_api,
)

pytestmark = pytest.mark.django_db(transaction=True)
COORDINATOR = ("coord@ct.example.org", "coordinator-pass-1")


@pytest.fixture
def standin(request: pytest.FixtureRequest) -> Standin:
    """The stand-in for Stripe's API, running (asked for by name: a parameter called
    ``stripe_api`` would shadow the import that lets pytest find the fixture)."""
    found: Standin = request.getfixturevalue("stripe_api")
    return found


def applicant_with_a_due_fee(ct: Association, email: str, name: str, lang: str) -> Charge:
    """Registered, the registration fee paid by check, accepted: the processing fee is due."""
    coordinator = User.objects.get(email=COORDINATOR[0])
    today = association_today(association=ct)
    registration = registration_submit(
        association=ct, applicant=_user(email, name, lang), today=today,
        fields={"category": Category.objects.get(code="IMHS"),
                "work_summary": "Home visiting since 2016.", "education_summary": "MSW 2015.",
                "rsc_summary": "Monthly RS/C.", "membership_number": "M-12",
                "membership_expires_on": today + timedelta(days=300)},
    )  # fmt: skip
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference="100", received_on=today,
                   actor=coordinator)  # fmt: skip
    application = registration_accept(registration=registration, actor=coordinator, today=today)
    fee = application.processing_fee
    assert fee is not None and fee.status == Charge.Status.DUE
    return fee


def money(charge: Charge, lang: str) -> str:
    # As read off a page or a PDF: the no-break space of "200,00 US$" reads as a space.
    return format_money(charge.amount_cents, charge.currency, lang).replace("\xa0", " ")


def payment_item(page: Any, w: Words) -> Any:
    """The processing fee's line in "Your payments" (the registration fee has one too)."""
    listed = page.get_by_role("list").filter(
        has=page.get_by_role("link", name=w("Receipt in English (PDF)"))
    )
    return listed.get_by_role("listitem").filter(
        has_text=f"{w('Application processing fee')} (IMHS)"
    )


def download_text(page: Any, link: Any) -> str:
    """Download what the link gives; it must be a PDF. Its text, as pypdf reads it."""
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF"), data[:40]
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_check_recorded_by_the_coordinator_gives_the_applicant_a_receipt(
    visitor_factory: Any,
    association: Any,
    lang: str,
) -> None:
    w, sw = Words(lang), Words("en")
    email = f"pablo-{lang}@example.org"
    fee = applicant_with_a_due_fee(association, email, "Pablo Pérez", lang)
    # Spanish on a phone (375 px wide), English on a desktop.
    width = 375 if lang == "es" else 1280

    # The coordinator (who reads English) records the check on the application's fee panel.
    staff = visitor_factory(width=width)
    sign_in(staff, sw, *COORDINATOR)
    page = staff.goto("/ct/manage/")
    # Applications in preparation are folded: the applicant's work, not yet the coordinator's.
    page.locator("section[aria-labelledby=queue-preparing] summary").click()
    page.get_by_role("link", name="Pablo Pérez").click()
    staff.check()
    panel = page.get_by_role(
        "region", name=re.compile("^" + re.escape(sw("Application processing fee") + ": "))
    )
    expect(panel).to_contain_text(money(fee, "en"))
    panel.get_by_label(sw.label("Paid by")).select_option("check")
    panel.get_by_role("textbox", name=sw.label("Reference")).fill("4417")
    panel.get_by_role("button", name=sw("Record payment")).click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text(sw("The payment was recorded."))
    fee.refresh_from_db()
    assert fee.status == Charge.Status.PAID
    payment = Payment.objects.get(charge=fee)
    assert (payment.method, payment.reference) == ("check", "4417")

    # The applicant finds it on "Fees and payments", with receipts to download.
    visitor = visitor_factory(locale="es-ES" if lang == "es" else "en-US", width=width)
    sign_in(visitor, w, email, DEMO_PASSWORD)
    page = visitor.goto("/me/payments/")
    expect(page.get_by_role("heading", name=w("Fees and payments"), level=1)).to_be_visible()
    expect(page.get_by_role("region", name=w("Fees due"))).to_contain_text(w("Nothing is due."))
    item = payment_item(page, w)
    expect(item).to_contain_text(money(fee, lang))
    expect(item).to_contain_text(w("Check"))

    text = download_text(page, item.get_by_role("link", name=w("Receipt in English (PDF)")))
    assert "4417" in text and money(fee, "en") in text, text
    if lang == "es":  # and the one in the applicant's language
        text = download_text(page, item.get_by_role("link", name=w("Receipt in Spanish (PDF)")))
        assert "4417" in text and money(fee, "es") in text, text


def test_a_card_payment_goes_to_stripe_and_is_paid_by_the_webhook(
    visitor_factory: Any,
    association: Any,
    live_server: Any,
    standin: Standin,
    settings: Any,
) -> None:
    w = Words("en")
    # "Pay by card" is a form whose answer redirects to Checkout, and Chromium holds the
    # redirect to the policy's form-action: Stripe's origin there, the stand-in's here.
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "https://checkout.stripe.com" in policy["form-action"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**policy, "form-action": [*policy["form-action"], standin.base]}
    }
    coordinator = User.objects.get(email=COORDINATOR[0])
    card_settings_save(association=association, secret_key=SECRET_KEY,
                       webhook_secret=WEBHOOK_SECRET, actor=coordinator)  # fmt: skip
    fee = applicant_with_a_due_fee(association, "cora@example.org", "Cora Card", "en")
    total = money(fee, "en")

    visitor = visitor_factory()
    sign_in(visitor, w, "cora@example.org", DEMO_PASSWORD)
    # The application offers it beside the fee too.
    page = visitor.goto("/ct/application/")
    expect(page.get_by_role("button", name=w("Pay now by card"))).to_be_visible()

    page = visitor.goto("/me/")
    page.get_by_role("link", name=w("Fees and payments")).click()
    visitor.check()
    due = page.get_by_role("region", name=w("Fees due"))
    expect(due).to_contain_text(f"{w('Application processing fee')} (IMHS): {total}")
    due.get_by_role("button", name=w("Pay %(total)s by card", total=total)).click()

    # Stripe's page (the stand-in's; not ours, so no axe here).
    expect(page).to_have_url(re.compile("^" + re.escape(standin.base) + r"/pay/cs_test_\w+$"))
    expect(page.get_by_role("heading", name="Stand-in Checkout")).to_be_visible()
    (call,) = standin.posts("/v1/checkout/sessions")
    assert call.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert call.form["mode"] == "payment"
    assert call.form["line_items[0][price_data][unit_amount]"] == str(fee.amount_cents)
    assert call.form["line_items[0][price_data][currency]"] == "usd"
    assert "line_items[1][price_data][unit_amount]" not in call.form
    assert call.form["metadata[association]"] == "ct"
    assert call.form["metadata[charges]"] == str(fee.pk)
    assert call.form["customer_email"] == "cora@example.org"
    assert call.form["locale"] == "en"
    session_id = page.url.rsplit("/", 1)[1]
    session = CheckoutSession.objects.get(stripe_id=session_id)
    assert (session.status, session.amount_cents) == ("open", fee.amount_cents)
    fee.refresh_from_db()
    assert fee.status == Charge.Status.DUE  # only the webhook pays
    assert not Payment.objects.filter(charge=fee).exists()

    # Back from Stripe before its word: the page waits, and checks again by itself.
    page = visitor.goto(f"/ct/pay/done/?session_id={session_id}")
    status = page.get_by_role("status")
    expect(status).to_contain_text(
        w(
            "Stripe is confirming your payment. This page updates by itself; you can also leave "
            "it: the fee is marked paid as soon as Stripe confirms."
        )
    )
    event = checkout_event("checkout.session.completed", session_id, association="ct",
                           amount=fee.amount_cents)  # fmt: skip
    body, header = signed(event)
    response = requests.post(
        f"{live_server.url}/ct/payments/stripe/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": header},
        timeout=10,
    )
    assert (response.status_code, response.text) == (200, "paid")
    fee.refresh_from_db()
    assert fee.status == Charge.Status.PAID
    expect(status).to_contain_text(w("Paid: %(amount)s. Thank you.", amount=total))
    visitor.check()  # the page as htmx left it

    # Visited afresh, it says so at once; and the receipt is on "Fees and payments".
    page = visitor.goto(f"/ct/pay/done/?session_id={session_id}")
    expect(page.get_by_role("status")).to_contain_text(
        w("Paid: %(amount)s. Thank you.", amount=total)
    )
    page.get_by_role("link", name=w("Your receipts")).click()
    visitor.check()
    expect(page.get_by_role("region", name=w("Fees due"))).to_contain_text(w("Nothing is due."))
    item = payment_item(page, w)
    expect(item).to_contain_text(total)
    expect(item).to_contain_text(w("Card (online)"))
    text = download_text(page, item.get_by_role("link", name=w("Receipt in English (PDF)")))
    assert total in text and "pi_" + session_id[-12:] in text, text
    assert len(standin.posts("/v1/checkout/sessions")) == 1


def test_an_administrator_sets_card_keys_and_records_an_employer_payment(
    visitor_factory: Any, association: Any
) -> None:
    from endorse.associations.models import StaffRole
    from endorse.payments.models import EmployerPayment

    w = Words("en")
    first = applicant_with_a_due_fee(association, "ada@example.org", "Ada Arce", "en")
    second = applicant_with_a_due_fee(association, "bo@example.org", "Bo Baptiste", "en")
    StaffRole.objects.filter(user__email=COORDINATOR[0]).update(role="admin")
    staff = visitor_factory(width=375)
    sign_in(staff, w, *COORDINATOR)

    # Card payments: keys typed, never shown back in full.
    page = staff.goto("/ct/manage/")
    page.get_by_role("link", name=w("Card payments")).click()
    staff.check()
    page.get_by_label(w.label("Secret key")).fill(SECRET_KEY)
    page.get_by_label(w.label("Webhook signing secret")).fill(WEBHOOK_SECRET)
    page.get_by_role("button", name=w("Save the keys")).click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text(w("The card payment settings are saved."))
    expect(page.get_by_text("sk_test_…4242")).to_be_visible()
    assert SECRET_KEY not in page.content() and WEBHOOK_SECRET not in page.content()

    # One check from an agency for both people's fees: a wrong total first.
    page = staff.goto("/ct/manage/payments/employer/")
    page.get_by_label(w.label("Employer or agency")).fill("Little Steps Agency")
    page.get_by_label(w.label("Paid by")).select_option(label=w("Check"))
    page.get_by_label(w.label("Reference")).fill("5521")
    page.get_by_label(w.label("Amount received")).fill("1.00")
    page.get_by_label(w.label("Received on")).fill(
        association_today(association=association).isoformat()
    )
    page.get_by_label(re.compile("Ada Arce")).check()
    page.get_by_label(re.compile("Bo Baptiste")).check()
    page.get_by_role("button", name=w("Record the payment")).click()
    staff.check()
    expect(page.get_by_text(re.compile("The chosen fees add up to"))).to_be_visible()
    assert not EmployerPayment.objects.exists()
    total = (first.amount_cents + second.amount_cents) / 100
    page.get_by_label(w.label("Amount received")).fill(f"{total:.2f}")
    page.get_by_label(re.compile("Ada Arce")).check()
    page.get_by_label(re.compile("Bo Baptiste")).check()
    page.get_by_role("button", name=w("Record the payment")).click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text("Little Steps Agency")
    for fee in (first, second):
        fee.refresh_from_db()
        assert fee.status == Charge.Status.PAID
    text = download_text(page, page.get_by_role("link", name=w("Receipt in English (PDF)")))
    assert "Little Steps Agency" in text and "Ada Arce" in text and "Bo Baptiste" in text
