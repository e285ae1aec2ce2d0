"""Stripe's webhook: the only thing that marks a card payment paid.

Each request is checked with the association's webhook signing secret (a forged body, a
missing header or a signature older than ``TOLERANCE`` is refused and logged). Each event
is acted on once: its id is stored in the same transaction as its effects, so a second
delivery finds it and changes nothing. Events can come in any order: an expiry after the
payment, or a second "paid" for the same page, never pays twice or un-pays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.payments.card import card_keys
from endorse.payments.models import Charge, CheckoutSession, Payment, Refund, WebhookEvent
from endorse.payments.selectors import cents_text

logger = logging.getLogger(__name__)

# Stripe's own default: a signature older than five minutes is a replay.
TOLERANCE = 300


@dataclass(frozen=True)
class WebhookResult:
    status: int
    message: str


class Refused(Exception):
    """The event is genuine-looking but not acceptable here; nothing it asks is done."""


Handler = Callable[[Association, dict[str, Any]], str]


def webhook_receive(
    *, association: Association, payload: bytes, signature: str | None
) -> WebhookResult:
    keys = card_keys(association)
    if keys is None:
        return _refuse(association, "", "", "card payments are not set up here")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, keys.webhook_secret, tolerance=TOLERANCE
        )
    except stripe.SignatureVerificationError as error:
        return _refuse(association, "", "", f"bad signature: {error}")
    except ValueError:
        return _refuse(association, "", "", "the body is not JSON")
    event_id, kind = str(event["id"]), str(event["type"])
    handler = HANDLERS.get(kind)
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.create(
                association=association,
                event_id=event_id,
                type=kind,
                outcome=WebhookEvent.Outcome.PROCESSED,
            )
            if handler is None:
                row.outcome, row.detail = WebhookEvent.Outcome.IGNORED, "not an event we act on"
            else:
                row.detail = handler(association, event["data"]["object"].to_dict())
                if row.detail.startswith("ignored"):
                    row.outcome = WebhookEvent.Outcome.IGNORED
            row.save(update_fields=["outcome", "detail"])
    except IntegrityError:
        return WebhookResult(200, "already handled")
    except Refused as refusal:
        return _refuse(association, event_id, kind, str(refusal))
    return WebhookResult(200, row.detail)


def _refuse(association: Association, event_id: str, kind: str, detail: str) -> WebhookResult:
    logger.warning(
        "Stripe webhook of %s refused: %s %s: %s", association.slug, kind, event_id, detail
    )
    WebhookEvent.objects.create(
        association=association,
        event_id=event_id,
        type=kind,
        outcome=WebhookEvent.Outcome.REFUSED,
        detail=detail[:500],
    )
    return WebhookResult(400, "refused")


def _session(association: Association, data: dict[str, Any]) -> CheckoutSession:
    """The checkout this event is about, locked; refused unless this association opened it."""
    session = (
        CheckoutSession.objects.select_for_update()
        .filter(association=association, stripe_id=str(data.get("id", "")))
        .first()
    )
    metadata = data.get("metadata") or {}
    if session is None or metadata.get("association") != association.slug:
        raise Refused(f"checkout {data.get('id')} is not one of {association.slug}'s")
    return session


def checkout_completed(association: Association, data: dict[str, Any]) -> str:
    session = _session(association, data)
    if data.get("payment_status") in ("paid", "no_payment_required"):
        return _pay(session, data)
    if session.status == CheckoutSession.Status.OPEN:  # a bank debit: paid or failed later
        session.status = CheckoutSession.Status.PROCESSING
        session.save(update_fields=["status"])
    return "processing"


def checkout_async_succeeded(association: Association, data: dict[str, Any]) -> str:
    return _pay(_session(association, data), data)


def checkout_ended_unpaid(association: Association, data: dict[str, Any]) -> str:
    """Expired or failed: only a page not yet paid changes; a paid one stays paid."""
    session = _session(association, data)
    if session.status == CheckoutSession.Status.COMPLETE:
        return "ignored: already paid"
    failed = data.get("status") != "expired"
    session.status = CheckoutSession.Status.FAILED if failed else CheckoutSession.Status.EXPIRED
    session.save(update_fields=["status"])
    return session.status


def _pay(session: CheckoutSession, data: dict[str, Any]) -> str:
    if session.status == CheckoutSession.Status.COMPLETE:
        return "ignored: already paid"
    amount = data.get("amount_total")
    currency = str(data.get("currency") or "").upper()
    if amount != session.amount_cents or currency != session.currency.upper():
        raise Refused(
            f"paid {amount} {currency}, expected {session.amount_cents} {session.currency}"
        )
    association = session.association
    intent = str(data.get("payment_intent") or "")
    today = association_today(association=association)
    for charge in Charge.objects.select_for_update().filter(checkouts=session).order_by("pk"):
        Payment.objects.create(
            association=association,
            charge=charge,
            method=Payment.Method.CARD,
            amount_cents=charge.amount_cents,
            reference=intent or session.stripe_id,
            received_on=today,
            checkout=session,
        )
        if charge.status == Charge.Status.DUE:
            charge.status = Charge.Status.PAID
            charge.settled_at = timezone.now()
            charge.save(update_fields=["status", "settled_at"])
        else:  # settled meanwhile (a check arrived, a waiver): the money still came in
            logger.warning("Charge %s of %s paid twice", charge.pk, association.slug)
    session.status = CheckoutSession.Status.COMPLETE
    session.payment_intent = intent
    session.completed_at = timezone.now()
    session.save(update_fields=["status", "payment_intent", "completed_at"])
    notify(
        session.person_id,
        "card_payment_received",
        association=association.name,
        amount=f"{cents_text(session.amount_cents)} {session.currency}",
        url=site_url("payments:mine"),
    )
    return "paid"


REFUND_STATES = {
    "pending": Refund.State.PENDING,
    "requires_action": Refund.State.PENDING,
    "succeeded": Refund.State.SUCCEEDED,
    "failed": Refund.State.FAILED,
    "canceled": Refund.State.CANCELED,
}


def refund_updated(association: Association, data: dict[str, Any]) -> str:
    refund = (
        Refund.objects.select_for_update()
        .filter(association=association, stripe_id=str(data.get("id", "")))
        .first()
    )
    state = REFUND_STATES.get(str(data.get("status")))
    if refund is None or state is None:
        return "ignored: not a refund made here"
    refund.state = state
    refund.save(update_fields=["state"])
    return f"refund {state}"


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_async_succeeded,
    "checkout.session.async_payment_failed": checkout_ended_unpaid,
    "checkout.session.expired": checkout_ended_unpaid,
    "refund.created": refund_updated,
    "refund.updated": refund_updated,
    "refund.failed": refund_updated,
    "charge.refund.updated": refund_updated,
}
