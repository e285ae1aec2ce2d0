"""Card payments: an association's keys, opening a Stripe Checkout page (against the stand-in
on loopback), and Stripe's webhook, posted over HTTP to the live server with real signatures."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
import requests
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError

from endorse.associations.models import StaffRole
from endorse.notifications.models import Notification
from endorse.payments.card import card_keys, card_settings_save, card_status, key_hint
from endorse.payments.models import CardSettings, Charge, CheckoutSession, Payment, WebhookEvent
from tests.applications.conftest import World
from tests.payments.stripe_standin import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    Standin,
    checkout_event,
    signed,
)


def enable_cards(world: World, association: Any = None) -> None:
    card_settings_save(association=association or world.ct, secret_key=SECRET_KEY,
                       webhook_secret=WEBHOOK_SECRET, actor=world.coordinator)  # fmt: skip


def due_fee(world: World) -> Charge:
    fee = world.application.processing_fee
    assert fee is not None and fee.status == "due"
    return fee


# Keys ---------------------------------------------------------------------------------


def test_keys_are_sealed_and_only_their_ends_are_ever_shown(world: World, monkeypatch: Any) -> None:
    assert card_keys(world.ct) is None and not card_status(world.ct).enabled
    enable_cards(world)
    row = CardSettings.objects.get(association=world.ct)
    assert SECRET_KEY.encode() not in bytes(row.secret_key_sealed)
    assert WEBHOOK_SECRET.encode() not in bytes(row.webhook_secret_sealed)
    assert card_keys(world.ct) is not None
    assert card_keys(world.ct).secret_key == SECRET_KEY  # type: ignore[union-attr]
    assert row.secret_key_hint == "sk_test_…4242" == key_hint(SECRET_KEY)
    assert card_keys(world.nm) is None  # another association's keys are its own
    admin = StaffRole.objects.create(association=world.ct, user=world.other, role="admin")
    page = world.client(admin.user).get("/ct/manage/payments/card/").content.decode()
    assert "sk_test_…4242" in page and SECRET_KEY not in page and WEBHOOK_SECRET not in page
    assert "https://endorse.example.org/ct/payments/stripe/webhook/" in page
    # The environment wins over what is stored.
    monkeypatch.setenv(
        "ENDORSE_STRIPE_KEYS", '{"ct": {"secret_key": "sk_live_fromenvironment9999"}}'
    )
    assert card_keys(world.ct).secret_key == "sk_live_fromenvironment9999"  # type: ignore[union-attr]
    status = card_status(world.ct)
    assert (status.secret_key_hint, status.secret_key_source) == ("sk_live_…9999", "environment")
    assert status.webhook_secret_source == "settings"  # each key on its own
    # By the exact slug: "CT" or "c-t" are other associations' keys, never ct's.
    monkeypatch.setenv("ENDORSE_STRIPE_KEYS", '{"CT": {"secret_key": "sk_live_other"}}')
    assert card_keys(world.ct).secret_key == SECRET_KEY  # type: ignore[union-attr]
    monkeypatch.setenv("ENDORSE_STRIPE_KEYS", "not json")
    assert card_keys(world.ct).secret_key == SECRET_KEY  # type: ignore[union-attr]


def test_the_admin_shows_hints_and_no_way_to_type_a_key(world: World, admin_client: Any) -> None:
    enable_cards(world)
    row = CardSettings.objects.get(association=world.ct)
    page = admin_client.get(f"/admin/payments/cardsettings/{row.pk}/change/").content.decode()
    assert "sk_test_…4242" in page and SECRET_KEY not in page
    assert "secret_key_sealed" not in page and 'type="password"' not in page
    assert not admin_site._registry[CardSettings].has_add_permission(None)  # type: ignore[attr-defined]


def test_card_settings_refuse_wrong_keys_next_to_the_field(world: World) -> None:
    StaffRole.objects.create(association=world.ct, user=world.other, role="admin")
    client = world.client(world.other)
    response = client.post("/ct/manage/payments/card/",
                           {"secret_key": "pk_test_publishable", "webhook_secret": "whsec_ok"})  # fmt: skip
    assert response.status_code == 422
    assert "A secret key starts with sk_" in response.content.decode()
    assert not CardSettings.objects.filter(association=world.ct).exists()
    response = client.post("/ct/manage/payments/card/",
                           {"secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET})  # fmt: skip
    assert response.status_code == 302 and card_status(world.ct).enabled
    # A blank field keeps the stored key; "remove" forgets both.
    client.post("/ct/manage/payments/card/", {"secret_key": "", "webhook_secret": ""})
    assert card_keys(world.ct) is not None
    client.post("/ct/manage/payments/card/", {"action": "clear"})
    assert card_keys(world.ct) is None and not card_status(world.ct).enabled


def test_a_coordinator_who_is_not_an_administrator_cant_see_the_keys(world: World) -> None:
    enable_cards(world)
    response = world.client(world.coordinator).post(
        "/ct/manage/payments/card/", {"action": "clear"}
    )
    assert response.status_code == 403 and card_keys(world.ct) is not None


def test_without_keys_there_is_no_card_option(world: World) -> None:
    client = world.client(world.applicant)
    assert 'action="/ct/pay/"' not in client.get("/ct/application/").content.decode()
    assert 'action="/ct/pay/"' not in client.get("/me/payments/").content.decode()
    response = client.post("/ct/pay/", {"charge": due_fee(world).pk})
    assert response.status_code == 302
    assert not CheckoutSession.objects.exists()


# Opening a checkout, against the stand-in ------------------------------------------------


def test_pay_now_opens_a_stripe_checkout_and_leaves_the_fee_due(
    world: World, stripe_api: Standin
) -> None:
    enable_cards(world)
    fee = due_fee(world)
    client = world.client(world.applicant)
    page = client.get("/ct/application/").content.decode()
    assert (
        'action="/ct/pay/"' in page
        and 'action="/ct/pay/"' in client.get("/me/payments/").content.decode()
    )
    response = client.post("/ct/pay/", {"charge": fee.pk, "next": "/ct/application/"})
    session = CheckoutSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.url
    assert session.url.startswith(stripe_api.base + "/pay/cs_test_")
    (call,) = stripe_api.posts("/v1/checkout/sessions")
    assert call.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert call.form["mode"] == "payment"
    assert call.form["line_items[0][price_data][unit_amount]"] == str(fee.amount_cents)
    assert call.form["line_items[0][price_data][currency]"] == "usd"
    assert call.form["metadata[association]"] == "ct"
    assert call.form["metadata[charges]"] == str(fee.pk)
    assert call.form["customer_email"] == "ana@example.org"
    assert call.form["locale"] == "es"
    assert call.form["success_url"] == (
        "https://endorse.example.org/ct/pay/done/?session_id={CHECKOUT_SESSION_ID}"
    )
    assert (session.amount_cents, session.currency, session.status) == (
        fee.amount_cents,
        "USD",
        "open",
    )
    assert session.return_to == "/ct/application/"
    fee.refresh_from_db()
    assert fee.status == "due" and not Payment.objects.filter(charge=fee).exists()
    # Pressing it again goes back to the same page: no second checkout to pay.
    again = client.post("/ct/pay/", {"charge": fee.pk})
    assert again["Location"] == session.url and len(stripe_api.posts("/v1/checkout/sessions")) == 1
    # Coming back is not proof: the page waits for Stripe's word.
    done = client.get(f"/ct/pay/done/?session_id={session.stripe_id}").content.decode()
    assert "Stripe is confirming your payment" in done or "Stripe está confirmando" in done
    fee.refresh_from_db()
    assert fee.status == "due"


def test_someone_elses_fee_cant_be_paid_and_stripe_is_not_asked(
    world: World, stripe_api: Standin
) -> None:
    enable_cards(world)
    response = world.client(world.other).post("/ct/pay/", {"charge": due_fee(world).pk})
    assert response.status_code == 302
    assert stripe_api.calls == [] and not CheckoutSession.objects.exists()
    # Nor another association's page for it.
    world.client(world.applicant).post("/nm/pay/", {"charge": due_fee(world).pk})
    assert stripe_api.calls == []


def test_when_stripe_refuses_the_person_is_told_and_nothing_changes(
    world: World, stripe_api: Standin
) -> None:
    enable_cards(world)
    stripe_api.fail(400, "No")
    client = world.client(world.applicant)
    response = client.post("/ct/pay/", {"charge": due_fee(world).pk, "next": "/me/payments/"},
                           follow=True)  # fmt: skip
    assert "Stripe could not open the payment page" in response.content.decode() or (
        "Stripe no pudo abrir" in response.content.decode()
    )
    assert not CheckoutSession.objects.exists() and due_fee(world).status == "due"


def test_a_server_error_at_stripe_is_retried_with_the_same_idempotency_key(
    world: World, stripe_api: Standin
) -> None:
    enable_cards(world)
    stripe_api.fail(500, "Down")
    response = world.client(world.applicant).post("/ct/pay/", {"charge": due_fee(world).pk})
    first, second = stripe_api.posts("/v1/checkout/sessions")
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert response["Location"] == CheckoutSession.objects.get().url


def test_a_wrong_key_is_a_refusal_not_a_server_error(world: World, stripe_api: Standin) -> None:
    card_settings_save(association=world.ct, secret_key="sk_test_wrong", webhook_secret=WEBHOOK_SECRET,
                       actor=world.coordinator)  # fmt: skip
    response = world.client(world.applicant).post("/ct/pay/", {"charge": due_fee(world).pk})
    assert response.status_code == 302 and not CheckoutSession.objects.exists()
    assert len(stripe_api.posts("/v1/checkout/sessions")) == 1  # asked once, refused (401)


# The webhook, over HTTP on loopback ------------------------------------------------------


@pytest.fixture
def opened(world: World, stripe_api: Standin) -> CheckoutSession:
    enable_cards(world)
    world.client(world.applicant).post("/ct/pay/", {"charge": due_fee(world).pk})
    return CheckoutSession.objects.get()


def post_event(live_server: Any, slug: str, body: bytes, header: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Stripe-Signature"] = header
    return requests.post(f"{live_server.url}/{slug}/payments/stripe/webhook/", data=body,
                         headers=headers, timeout=10)  # fmt: skip


def completed(session: CheckoutSession, **kwargs: Any) -> dict[str, Any]:
    return checkout_event("checkout.session.completed", session.stripe_id, association="ct",
                          amount=session.amount_cents, **kwargs)  # fmt: skip


def test_a_signed_completed_checkout_marks_the_fee_paid_once(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    fee = due_fee(world)
    event = completed(opened, event_id="evt_first")
    body, header = signed(event)
    response = post_event(live_server, "ct", body, header)
    assert (response.status_code, response.text) == (200, "paid")
    fee.refresh_from_db()
    assert fee.status == "paid" and fee.settled_by is None
    payment = Payment.objects.get(charge=fee)
    assert (payment.method, payment.amount_cents, payment.reference) == (
        "card",
        fee.amount_cents,
        "pi_" + opened.stripe_id[-12:],
    )
    assert payment.recorded_by is None and payment.checkout == opened
    opened.refresh_from_db()
    assert opened.status == "complete"
    assert (
        Notification.objects.filter(user=world.applicant, template="card_payment_received").count()
        == 1
    )
    listed = world.client(world.applicant).get("/me/notifications/").content.decode()
    assert "Pago recibido: 200.00 USD" in listed  # Ana reads Spanish
    # The same event again: accepted, and nothing changes.
    again = post_event(live_server, "ct", *signed(event))
    assert (again.status_code, again.text) == (200, "already handled")
    # Another event saying the same page was paid (async success): still one payment.
    other = checkout_event("checkout.session.async_payment_succeeded", opened.stripe_id,
                           association="ct", amount=opened.amount_cents)  # fmt: skip
    assert post_event(live_server, "ct", *signed(other)).status_code == 200
    # And an expiry arriving late does not un-pay.
    expired = checkout_event("checkout.session.expired", opened.stripe_id, association="ct",
                             amount=opened.amount_cents, status="expired", payment_status="unpaid")  # fmt: skip
    assert post_event(live_server, "ct", *signed(expired)).status_code == 200
    fee.refresh_from_db()
    opened.refresh_from_db()
    assert fee.status == "paid" and opened.status == "complete"
    assert Payment.objects.filter(charge=fee).count() == 1
    assert Notification.objects.filter(template="card_payment_received").count() == 1
    outcomes = list(WebhookEvent.objects.order_by("pk").values_list("type", "outcome"))
    assert outcomes == [
        ("checkout.session.completed", "processed"),
        ("checkout.session.async_payment_succeeded", "ignored"),
        ("checkout.session.expired", "ignored"),
    ]
    # The person's page now says it is paid, and the receipt is theirs.
    done = world.client(world.applicant).get(f"/ct/pay/done/?session_id={opened.stripe_id}")
    assert "receipts" in done.content.decode().lower() or "recibos" in done.content.decode().lower()


def assert_nothing_changed(world: World, opened: CheckoutSession) -> None:
    assert due_fee(world).status == "due"
    assert not Payment.objects.filter(method="card").exists()
    opened.refresh_from_db()
    assert opened.status == "open"
    assert not WebhookEvent.objects.exclude(outcome="refused").exists()


def test_a_bad_signature_is_refused_logged_and_changes_nothing(
    world: World, opened: CheckoutSession, live_server: Any, caplog: Any
) -> None:
    body, _header = signed(completed(opened))
    _forged_body, forged = signed(completed(opened), secret="whsec_attacker")
    assert post_event(live_server, "ct", body, forged).status_code == 400
    assert post_event(live_server, "ct", body, None).status_code == 400
    tampered, header = signed(completed(opened))
    tampered = tampered.replace(b'"paid"', b'"paid" ', 1)
    assert post_event(live_server, "ct", tampered, header).status_code == 400
    assert_nothing_changed(world, opened)
    refused = list(WebhookEvent.objects.values_list("outcome", flat=True))
    assert refused == ["refused"] * 3
    assert WebhookEvent.objects.filter(reason="signature").count() == 3
    assert "webhook of ct refused" in caplog.text


def test_a_replayed_old_event_is_refused(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    # Captured ten minutes ago and sent again: the signature is genuine but too old.
    old = signed(completed(opened), timestamp=int(time.time()) - 600)
    assert post_event(live_server, "ct", *old).status_code == 400
    assert_nothing_changed(world, opened)
    assert "Timestamp outside the tolerance zone" in WebhookEvent.objects.get().detail


def test_an_event_for_another_associations_fee_is_refused(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    enable_cards(world, world.nm)  # nm happens to share the secret: still not its fee
    event = completed(opened)
    event["data"]["object"]["metadata"]["association"] = "nm"
    assert post_event(live_server, "nm", *signed(event)).status_code == 400
    # ct's own webhook refuses an event that names nm, too.
    assert post_event(live_server, "ct", *signed(event)).status_code == 400
    assert_nothing_changed(world, opened)
    assert WebhookEvent.objects.filter(association=world.nm, outcome="refused").count() == 1


def test_an_amount_that_does_not_match_is_refused(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    event = checkout_event("checkout.session.completed", opened.stripe_id, association="ct",
                           amount=opened.amount_cents - 1)  # fmt: skip
    assert post_event(live_server, "ct", *signed(event)).status_code == 400
    assert_nothing_changed(world, opened)


def test_a_webhook_without_keys_is_refused(world: World, live_server: Any) -> None:
    event = checkout_event("checkout.session.completed", "cs_test_x", association="ct", amount=1)
    assert post_event(live_server, "ct", *signed(event)).status_code == 400
    assert WebhookEvent.objects.get().outcome == "refused"


def test_a_bank_debit_is_paid_when_it_succeeds_and_never_when_it_fails(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    pending = completed(opened, payment_status="unpaid")
    assert post_event(live_server, "ct", *signed(pending)).text == "processing"
    assert due_fee(world).status == "due"
    failed = checkout_event("checkout.session.async_payment_failed", opened.stripe_id,
                            association="ct", amount=opened.amount_cents, payment_status="unpaid")  # fmt: skip
    assert post_event(live_server, "ct", *signed(failed)).status_code == 200
    opened.refresh_from_db()
    assert opened.status == "failed" and due_fee(world).status == "due"
    page = world.client(world.applicant).get(f"/ct/pay/done/?session_id={opened.stripe_id}")
    assert "hx-trigger" not in page.content.decode()  # nothing more to wait for


def test_a_fee_settled_meanwhile_still_records_the_card_money(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    from endorse.payments.services import charge_waive

    charge_waive(charge=due_fee(world), reason="Scholarship", actor=world.coordinator)
    assert post_event(live_server, "ct", *signed(completed(opened))).status_code == 200
    fee = Charge.objects.get(pk=opened.charges.get().pk)
    assert fee.status == "waived"  # not changed: the coordinator refunds the card payment
    assert Payment.objects.get(charge=fee).method == "card"
    ledger_page = world.client(world.coordinator).get("/ct/manage/ledger/").content.decode()
    assert "Paid twice: refund one payment" in ledger_page
    assert "Ana Díaz (ana@example.org)" in ledger_page


def test_a_check_then_a_card_for_one_fee_is_shown_until_one_is_refunded(
    world: World, opened: CheckoutSession, live_server: Any, stripe_api: Standin
) -> None:
    from datetime import date

    from endorse.payments.selectors import paid_twice
    from endorse.payments.services import payment_record, refund_record

    fee = due_fee(world)
    payment_record(charge=fee, method="check", reference="77", received_on=date(2025, 3, 1),
                   actor=world.coordinator)  # fmt: skip
    assert paid_twice(association=world.ct) == []
    assert post_event(live_server, "ct", *signed(completed(opened))).status_code == 200
    assert paid_twice(association=world.ct) == [fee]
    assert paid_twice(association=world.nm) == []
    card = Payment.objects.get(charge=fee, method="card")
    refund_record(payment=card, amount_cents=card.amount_cents, reason="Paid twice",
                  refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert stripe_api.posts("/v1/refunds")[0].form["payment_intent"] == card.reference
    assert paid_twice(association=world.ct) == []


def test_the_checkout_page_is_the_payers_alone(world: World, opened: CheckoutSession) -> None:
    url = f"/ct/pay/done/?session_id={opened.stripe_id}"
    assert world.client(world.other).get(url).status_code == 404
    assert (
        world.client(world.applicant)
        .get(f"/nm/pay/done/?session_id={opened.stripe_id}")
        .status_code
        == 404
    )


# No fee on two payable pages -------------------------------------------------------------


def second_fee(world: World) -> Charge:
    from endorse.payments.services import charge_open

    charge = charge_open(association=world.ct, person=world.applicant, kind="renewal",
                         category=world.application.category, on=date(2025, 3, 3))  # fmt: skip
    assert charge is not None and charge.status == "due"
    return charge


def test_paying_more_fees_closes_the_page_for_fewer(world: World, stripe_api: Standin) -> None:
    enable_cards(world)
    first, second = due_fee(world), second_fee(world)
    client = world.client(world.applicant)
    client.post("/ct/pay/", {"charge": first.pk})
    alone = CheckoutSession.objects.get()
    response = client.post("/ct/pay/", {"charge": [first.pk, second.pk]})
    both = CheckoutSession.objects.exclude(pk=alone.pk).get()
    assert response["Location"] == both.url
    alone.refresh_from_db()
    assert alone.status == "expired"
    assert stripe_api.sessions[alone.stripe_id]["status"] == "expired"  # closed at Stripe
    assert len(stripe_api.posts(f"/v1/checkout/sessions/{alone.stripe_id}/expire")) == 1
    assert both.amount_cents == first.amount_cents + second.amount_cents


def test_a_page_that_cant_be_closed_is_not_doubled(world: World, stripe_api: Standin) -> None:
    enable_cards(world)
    first, second = due_fee(world), second_fee(world)
    client = world.client(world.applicant)
    client.post("/ct/pay/", {"charge": first.pk})
    alone = CheckoutSession.objects.get()
    stripe_api.sessions[alone.stripe_id]["status"] = "complete"  # paid a moment ago
    response = client.post("/ct/pay/", {"charge": [first.pk, second.pk]}, follow=True)
    assert "may have just gone through" in response.content.decode() or (
        "acabe de completarse" in response.content.decode()
    )
    assert CheckoutSession.objects.count() == 1


def test_a_payment_still_processing_is_waited_for(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    assert (
        post_event(live_server, "ct", *signed(completed(opened, payment_status="unpaid"))).text
        == "processing"
    )
    client = world.client(world.applicant)
    assert 'action="/ct/pay/"' not in client.get("/ct/application/").content.decode()
    client.post("/ct/pay/", {"charge": due_fee(world).pk})
    assert CheckoutSession.objects.count() == 1


def test_a_fee_settled_by_check_closes_its_open_page(
    world: World,
    opened: CheckoutSession,
    stripe_api: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from endorse.payments.services import payment_record

    with django_capture_on_commit_callbacks(execute=True) as queued:
        payment_record(charge=due_fee(world), method="check", reference="12",
                       received_on=date(2025, 3, 1), actor=world.coordinator)  # fmt: skip
    assert len(queued) == 1  # the worker closes it, after the commit
    opened.refresh_from_db()
    assert opened.status == "expired"
    assert stripe_api.sessions[opened.stripe_id]["status"] == "expired"


def test_removing_the_keys_closes_open_pages(
    world: World, opened: CheckoutSession, stripe_api: Standin
) -> None:
    from endorse.payments.card import card_settings_clear

    card_settings_clear(association=world.ct, actor=world.coordinator)
    opened.refresh_from_db()
    assert (
        opened.status == "expired" and stripe_api.sessions[opened.stripe_id]["status"] == "expired"
    )
    response = world.client(world.applicant).post("/ct/pay/", {"charge": due_fee(world).pk})
    assert response["Location"] == "/me/payments/"  # refused: no way back to the old page


def test_each_role_at_the_pay_button(world: World, stripe_api: Standin) -> None:
    enable_cards(world)
    fee = due_fee(world)
    for user in (world.other, world.coordinator, world.nm_coordinator):
        response = world.client(user).post("/ct/pay/", {"charge": fee.pk})
        assert response["Location"] == "/me/payments/"
    assert stripe_api.calls == [] and not CheckoutSession.objects.exists()
    # The coordinator looking at the applicant's fee sees no pay button.
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{world.application.pk}/")
    assert page.status_code == 200 and 'action="/ct/pay/"' not in page.content.decode()
    response = world.client(world.applicant).post("/ct/pay/", {"charge": fee.pk})
    assert response["Location"] == CheckoutSession.objects.get().url


@pytest.mark.parametrize("charge", ["²", "-1", "x", ""])
def test_a_strange_fee_number_is_refused_not_an_error(world: World, charge: str) -> None:
    enable_cards(world)
    response = world.client(world.applicant).post("/ct/pay/", {"charge": charge})
    assert response.status_code == 302 and not CheckoutSession.objects.exists()


def test_a_long_way_back_is_not_kept(world: World, stripe_api: Standin) -> None:
    enable_cards(world)
    long_path = "/ct/application/?" + "x" * 400
    world.client(world.applicant).post("/ct/pay/", {"charge": due_fee(world).pk, "next": long_path})
    assert CheckoutSession.objects.get().return_to == "/me/payments/"


# What the webhook answers to what it won't act on --------------------------------------


def test_a_signed_event_for_a_page_not_opened_here_is_ignored(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    # A Payment Link on the same Stripe account: genuine, nothing to do, no retries wanted.
    event = checkout_event("checkout.session.completed", "cs_test_elsewhere", association="",
                           amount=999)  # fmt: skip
    event["data"]["object"]["metadata"] = {}
    response = post_event(live_server, "ct", *signed(event))
    assert (response.status_code, response.text) == (200, "not_ours")
    assert due_fee_status(world) == "due" and not Payment.objects.filter(method="card").exists()
    assert WebhookEvent.objects.get().reason == "not_ours"


def test_a_failure_while_handling_is_kept_and_stripe_retries(
    world: World, opened: CheckoutSession, live_server: Any, monkeypatch: Any
) -> None:
    from endorse.payments import webhook

    def broken(*args: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setitem(webhook.HANDLERS, "checkout.session.completed", broken)
    event = completed(opened, event_id="evt_retry")
    assert post_event(live_server, "ct", *signed(event)).status_code == 500
    assert due_fee_status(world) == "due"
    row = WebhookEvent.objects.get()
    assert (row.outcome, row.reason, row.event_id) == ("error", "error", "evt_retry")
    monkeypatch.undo()
    # Stripe sends it again: now it is acted on.
    assert post_event(live_server, "ct", *signed(event)).text == "paid"
    assert due_fee_status(world) == "paid"


def due_fee_status(world: World) -> str:
    fee = world.application.processing_fee
    assert fee is not None
    fee.refresh_from_db()
    return fee.status


def test_refused_requests_are_kept_only_up_to_a_limit(world: World, settings: Any) -> None:
    from endorse.payments import webhook

    enable_cards(world)
    for _ in range(webhook.REFUSALS_KEPT_PER_HOUR + 5):
        webhook.webhook_receive(association=world.ct, payload=b"{}", signature="t=1,v1=x")
    assert WebhookEvent.objects.count() == webhook.REFUSALS_KEPT_PER_HOUR


def test_the_admin_cant_add_payment_records(world: World, admin_client: Any) -> None:
    for model in ("checkoutsession", "webhookevent", "employerpayment", "cardsettings"):
        assert admin_client.get(f"/admin/payments/{model}/add/").status_code == 403


def test_a_bank_debit_processing_past_its_pages_hour_is_still_waited_for(
    world: World, opened: CheckoutSession, live_server: Any
) -> None:
    assert (
        post_event(live_server, "ct", *signed(completed(opened, payment_status="unpaid"))).text
        == "processing"
    )
    CheckoutSession.objects.filter(pk=opened.pk).update(
        expires_at=opened.created_at
    )  # the hour is over
    client = world.client(world.applicant)
    page = client.get("/me/payments/").content.decode()
    assert 'action="/ct/pay/"' not in page and "Se está procesando un pago con tarjeta." in page
    client.post("/ct/pay/", {"charge": due_fee(world).pk})
    assert CheckoutSession.objects.count() == 1
    # Nor can the keys be removed while it processes: its confirmation must still be checked.
    from endorse.payments.card import card_settings_clear

    with pytest.raises(ValidationError):
        card_settings_clear(association=world.ct, actor=world.coordinator)
    assert card_keys(world.ct) is not None


@pytest.mark.parametrize("charge", ["1" * 25])
def test_a_number_too_long_for_the_database_is_refused(world: World, charge: str) -> None:
    enable_cards(world)
    assert world.client(world.applicant).post("/ct/pay/", {"charge": charge}).status_code == 302
    response = world.client(world.coordinator).post("/ct/manage/payments/employer/", {
        "employer": "A", "method": "check", "amount": "1.00", "received_on": "2025-03-01",
        "charges": charge})  # fmt: skip
    assert response.status_code == 422


def test_nul_characters_in_the_address_are_not_an_error(world: World) -> None:
    assert world.client(world.applicant).get("/ct/pay/done/?session_id=%00").status_code == 404
    assert (
        world.client(world.coordinator).get("/ct/manage/payments/employer/?q=%00").status_code
        == 200
    )
