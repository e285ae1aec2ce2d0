"""Employer payments (one payment for several people's fees) and refunds of card payments
through Stripe (against the stand-in on loopback)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from endorse.payments.card import card_settings_save
from endorse.payments.models import Charge, EmployerPayment, Payment, Refund
from endorse.payments.selectors import ledger
from endorse.payments.services import employer_payment_record, refund_record
from endorse.payments.webhook import refund_updated
from tests.applications.conftest import World, open_application, person
from tests.payments.stripe_standin import SECRET_KEY, WEBHOOK_SECRET, Standin


def due(world: World) -> list[Charge]:
    third = open_application(world.ct, person("tri@example.org", "Tri Third"), world.coordinator)
    fees = [world.application.processing_fee, world.other_application.processing_fee,
            third.processing_fee]  # fmt: skip
    assert all(fee is not None and fee.status == "due" for fee in fees)
    return fees  # type: ignore[return-value]


def record(world: World, charges: list[Charge], amount: int, **kwargs: Any) -> EmployerPayment:
    values = {"employer": "Little Steps Agency", "method": "check", "reference": "4411",
              "received_on": date(2025, 3, 1)} | kwargs  # fmt: skip
    return employer_payment_record(association=world.ct, amount_cents=amount, charges=charges,
                                   actor=world.coordinator, **values)  # fmt: skip


def test_an_employer_pays_several_peoples_fees_at_once(world: World) -> None:
    fees = due(world)
    total = sum(f.amount_cents for f in fees)
    batch = record(world, fees, total)
    for fee in fees:
        fee.refresh_from_db()
        assert (fee.status, fee.settled_by) == ("paid", world.coordinator)
        payment = Payment.objects.get(charge=fee)
        assert (payment.method, payment.reference, payment.employer_payment) == (
            "employer",
            "Little Steps Agency",
            batch,
        )
        assert payment.amount_cents == fee.amount_cents
    assert batch.amount_cents == total
    # The ledger counts each fee under its own kind.
    assert ledger(association=world.ct, year=2025).rows[1].months[2] == total


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": 1}, "amount", "The chosen fees add up to"),
        ({"employer": " "}, "employer", "Name the employer"),
        ({"method": "card"}, "method", "Choose how the employer paid."),
        ({"received_on": date(2025, 3, 4)}, "received_on", "can't be in the future"),
    ],
)
def test_a_wrong_employer_payment_is_refused_and_nothing_is_paid(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    fees = due(world)
    amount = change.pop("amount", sum(f.amount_cents for f in fees))
    with pytest.raises(ValidationError) as refused:
        record(world, fees, amount, **change)
    assert message in " ".join(refused.value.message_dict[field])
    assert not EmployerPayment.objects.exists()
    assert Charge.objects.filter(pk__in=[f.pk for f in fees], status="due").count() == 3


def test_an_employer_payment_cant_cover_a_settled_or_foreign_fee(world: World) -> None:
    fees = due(world)
    record(world, fees[:1], fees[0].amount_cents)
    with pytest.raises(ValidationError) as refused:
        record(world, fees[:2], fees[0].amount_cents + fees[1].amount_cents)
    assert "already settled" in refused.value.message_dict["charges"][0]
    nm_fee = open_application(
        world.nm, person("n@example.org", "Nia"), world.nm_coordinator
    ).processing_fee
    assert nm_fee is not None
    with pytest.raises(ValidationError) as refused:
        record(world, [fees[1], nm_fee], fees[1].amount_cents + nm_fee.amount_cents)
    assert "Choose the fees" in refused.value.message_dict["charges"][0]
    assert Charge.objects.get(pk=nm_fee.pk).status == "due"


def test_the_employer_page_records_a_payment_and_its_receipts(world: World) -> None:
    fees = due(world)
    client = world.client(world.coordinator)
    page = client.get("/ct/manage/payments/employer/?q=olga").content.decode()
    assert "Olga Other" in page and "Ana Díaz" not in page  # the search narrows the list
    data = {"employer": "Little Steps Agency", "method": "check", "reference": "4411",
            "amount": "1.00", "received_on": "2025-03-01",
            "charges": [fees[0].pk, fees[1].pk]}  # fmt: skip
    response = client.post("/ct/manage/payments/employer/", data)
    assert response.status_code == 422
    assert "The chosen fees add up to" in response.content.decode()
    assert not EmployerPayment.objects.exists()
    data["amount"] = f"{(fees[0].amount_cents + fees[1].amount_cents) / 100:.2f}"
    response = client.post("/ct/manage/payments/employer/", data, follow=True)
    assert "is recorded for 2 fees" in response.content.decode()
    batch = EmployerPayment.objects.get()
    pdf = client.get(f"/ct/manage/payments/employer/{batch.pk}/receipt-en.pdf")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Little Steps Agency" in text and "Ana Díaz" in text and "Olga Other" in text
    assert f"CT-E-{batch.pk:06d}" in text
    # Each person's own receipt says who paid, and their account shows it.
    payment = Payment.objects.get(charge=fees[1])
    mine = world.client(world.other)
    text = (
        PdfReader(io.BytesIO(mine.get(f"/me/payments/{payment.pk}/receipt-en.pdf").content))
        .pages[0]
        .extract_text()
    )
    assert "Paid by Little Steps Agency (4411)" in text and "On behalf of" in text
    assert "Paid by Little Steps Agency" in mine.get("/me/payments/").content.decode()
    # Another association's coordinator sees none of it.
    other = world.client(world.nm_coordinator)
    assert other.get(f"/ct/manage/payments/employer/{batch.pk}/receipt-en.pdf").status_code == 403
    assert other.get(f"/nm/manage/payments/employer/{batch.pk}/receipt-en.pdf").status_code == 404


# Refunds through Stripe ----------------------------------------------------------------


def card_payment(world: World) -> Payment:
    """A fee paid by card, as the webhook records one."""
    card_settings_save(association=world.ct, secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET,
                       actor=world.coordinator)  # fmt: skip
    fee = world.application.processing_fee
    assert fee is not None
    fee.status = "paid"
    fee.save()
    return Payment.objects.create(association=world.ct, charge=fee, method="card",
                                  amount_cents=fee.amount_cents, reference="pi_card123",
                                  received_on=date(2025, 3, 1))  # fmt: skip


def test_a_card_payment_is_refunded_through_stripe(world: World, stripe_api: Standin) -> None:
    payment = card_payment(world)
    refund = refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                           refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    (call,) = stripe_api.posts("/v1/refunds")
    assert call.form["payment_intent"] == "pi_card123" and call.form["amount"] == "500"
    assert call.form["metadata[association]"] == "ct"
    refund.refresh_from_db()
    assert refund.state == "succeeded" and refund.stripe_id.startswith("re_")
    # Stripe later says it failed: the ledger stops counting it, and it can be tried again.
    refund_updated(world.ct, {"id": refund.stripe_id, "status": "failed"})
    refund.refresh_from_db()
    assert refund.state == "failed"
    assert all(row.kind != "refunds" for row in ledger(association=world.ct, year=2025).rows)
    refund_record(payment=payment, amount_cents=payment.amount_cents, reason="Withdrew",
                  refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert len(stripe_api.posts("/v1/refunds")) == 2


def test_a_refund_stripe_refuses_is_not_recorded(world: World, stripe_api: Standin) -> None:
    payment = card_payment(world)
    stripe_api.fail(400, "Charge has already been refunded.")
    with pytest.raises(ValidationError) as refused:
        refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                      refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert "Stripe refused the refund" in refused.value.messages[0]
    assert not Refund.objects.exists()


def test_the_refund_form_shows_stripes_refusal_next_to_it(
    world: World, stripe_api: Standin
) -> None:
    payment = card_payment(world)
    stripe_api.fail(400, "No.")
    prefix = f"charge-{payment.charge_id}"
    response = world.client(world.coordinator).post(
        f"/ct/manage/charges/{payment.charge_id}/",
        {"action": "refund", f"{prefix}-amount": "5.00", f"{prefix}-reason": "Withdrew",
         f"{prefix}-refunded_on": "2025-03-03"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Stripe refused the refund" in response.content.decode()
    assert not Refund.objects.exists()


def test_an_offline_refund_does_not_call_stripe(world: World, stripe_api: Standin) -> None:
    fee = world.application.processing_fee
    assert fee is not None
    from endorse.payments.services import payment_record

    payment = payment_record(charge=fee, method="check", reference="9", received_on=date(2025, 3, 1),
                             actor=world.coordinator)  # fmt: skip
    refund = refund_record(payment=payment, amount_cents=100, reason="Overpaid",
                           refunded_on=date(2025, 3, 2), actor=world.coordinator)  # fmt: skip
    assert refund.state == "recorded" and stripe_api.calls == []


def test_refund_events_only_move_forward(world: World, stripe_api: Standin) -> None:
    payment = card_payment(world)
    refund = refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                           refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    refund_updated(world.ct, {"id": refund.stripe_id, "status": "failed"})
    refund_updated(world.ct, {"id": refund.stripe_id, "status": "pending"})  # late, stale
    refund.refresh_from_db()
    assert refund.state == "failed"
    # Another association's event about the same refund id changes nothing.
    other = Refund.objects.filter(pk=refund.pk)
    assert (
        refund_updated(world.nm, {"id": refund.stripe_id, "status": "succeeded"}).reason
        == "not_ours"
    )
    assert other.get().state == "failed"


def test_a_refund_stripe_did_not_answer_stays_pending_and_is_asked_again_once(
    world: World, stripe_api: Standin
) -> None:
    payment = card_payment(world)
    stripe_api.fail(500, "Down", times=3)  # the library's first try and both retries
    with pytest.raises(ValidationError) as silent:
        refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                      refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert "Stripe did not answer" in silent.value.messages[0]
    refund = Refund.objects.get()
    assert (refund.state, refund.stripe_id) == ("pending", "")
    keys = {c.headers["Idempotency-Key"] for c in stripe_api.posts("/v1/refunds")}
    assert keys == {f"endorse-ct-refund-{refund.pk}"}
    # It counts against what is left, so nobody refunds the same money twice...
    with pytest.raises(ValidationError):
        refund_record(payment=payment, amount_cents=payment.amount_cents, reason="Again",
                      refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    # ...and recording the same refund again asks Stripe again under the same key.
    again = refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                          refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert (
        again.pk == refund.pk and again.state == "succeeded" and again.stripe_id.startswith("re_")
    )
    assert (
        stripe_api.posts("/v1/refunds")[-1].headers["Idempotency-Key"]
        == f"endorse-ct-refund-{refund.pk}"
    )
    assert Refund.objects.count() == 1


def test_a_refund_event_before_the_answer_finds_its_refund_by_number(
    world: World, stripe_api: Standin
) -> None:
    payment = card_payment(world)
    stripe_api.fail(500, "Down", times=3)
    with pytest.raises(ValidationError):
        refund_record(payment=payment, amount_cents=500, reason="Withdrew",
                      refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    refund = Refund.objects.get()
    data = {"id": "re_late", "status": "succeeded",
            "metadata": {"association": "ct", "refund": str(refund.pk)}}  # fmt: skip
    assert refund_updated(world.ct, data).reason == "refund"
    refund.refresh_from_db()
    assert (refund.state, refund.stripe_id) == ("succeeded", "re_late")


def test_a_waived_fee_paid_by_card_can_be_refunded_from_its_panel(
    world: World, stripe_api: Standin
) -> None:
    payment = card_payment(world)
    Charge.objects.filter(pk=payment.charge_id).update(status="waived", waiver_reason="Scholarship")
    client = world.client(world.coordinator)
    page = client.get(f"/ct/manage/applications/{world.application.pk}/").content.decode()
    assert "Record a refund" in page and "pi_card123" in page
    prefix = f"charge-{payment.charge_id}"
    response = client.post(
        f"/ct/manage/charges/{payment.charge_id}/",
        {"action": "refund", f"{prefix}-amount": f"{payment.amount_cents / 100:.2f}",
         f"{prefix}-reason": "Waived after paying", f"{prefix}-refunded_on": "2025-03-03"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "Stripe has refunded it to the card." in response.content.decode()
    assert "(Refunded by Stripe)" in response.content.decode()


def test_the_employer_page_lists_at_most_200_fees_until_searched(
    world: World, monkeypatch: Any
) -> None:
    from endorse.payments import manage_views

    fees = due(world)
    monkeypatch.setattr(manage_views, "SHOWN", 2)
    client = world.client(world.coordinator)
    page = client.get("/ct/manage/payments/employer/").content.decode()
    assert page.count('name="charges"') == 2 and "3 fees are due" in page
    # A fee not listed can still be chosen (the list is only what is shown).
    data = {"employer": "Agency", "method": "check", "amount": f"{fees[2].amount_cents / 100:.2f}",
            "received_on": "2025-03-01", "charges": [fees[2].pk]}  # fmt: skip
    response = client.post("/ct/manage/payments/employer/", data)
    assert response.status_code == 302
    assert Charge.objects.get(pk=fees[2].pk).status == "paid"


def test_the_same_refund_form_sent_twice_refunds_once(world: World, stripe_api: Standin) -> None:
    payment = card_payment(world)
    prefix = f"charge-{payment.charge_id}"
    data = {"action": "refund", f"{prefix}-amount": "5.00", f"{prefix}-reason": "Withdrew",
            f"{prefix}-refunded_on": "2025-03-03", f"{prefix}-token": "a1b2c3"}  # fmt: skip
    client = world.client(world.coordinator)
    client.post(f"/ct/manage/charges/{payment.charge_id}/", data)
    client.post(f"/ct/manage/charges/{payment.charge_id}/", data)  # a second click
    assert Refund.objects.count() == 1 and len(stripe_api.posts("/v1/refunds")) == 1
    data[f"{prefix}-token"] = "d4e5f6"  # a new form: a second refund, on purpose
    client.post(f"/ct/manage/charges/{payment.charge_id}/", data)
    assert Refund.objects.count() == 2
    page = client.get(f"/ct/manage/applications/{world.application.pk}/").content.decode()
    assert f'name="{prefix}-token"' in page
