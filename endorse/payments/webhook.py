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
from datetime import timedelta
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
# At most this many refused requests an hour are kept per association (all are logged), so
# nobody can fill the table by posting rubbish.
REFUSALS_KEPT_PER_HOUR = 100

Outcome = WebhookEvent.Outcome
Reason = WebhookEvent.Reason


@dataclass(frozen=True)
class WebhookResult:
    status: int
    message: str


@dataclass(frozen=True)
class Handled:
    outcome: str
    reason: str


class Refused(Exception):
    """A genuine-looking event that must not be acted on here; nothing it asks is done."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


Handler = Callable[[Association, dict[str, Any]], Handled]


def webhook_receive(
    *, association: Association, payload: bytes, signature: str | None
) -> WebhookResult:
    keys = card_keys(association)
    if keys is None:
        return _refuse(association, "", "", Reason.NOT_SET_UP, "no keys")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, keys.webhook_secret, tolerance=TOLERANCE
        )
    except stripe.SignatureVerificationError as error:
        return _refuse(association, "", "", Reason.SIGNATURE, str(error))
    except ValueError:
        return _refuse(association, "", "", Reason.NOT_JSON, "the body is not JSON")
    event_id, kind = str(event["id"]), str(event["type"])
    try:
        return _act_once(association, event_id, kind, event)
    except Refused as refusal:
        return _refuse(association, event_id, kind, refusal.reason, str(refusal))
    except Exception as error:
        # Rolled back: Stripe sends it again later. Kept on the page, outside the transaction.
        logger.exception("Stripe webhook of %s failed on %s %s", association.slug, kind, event_id)
        WebhookEvent.objects.create(association=association, event_id=event_id, type=kind,
                                    outcome=Outcome.ERROR, reason=Reason.ERROR,
                                    detail=repr(error)[:500])  # fmt: skip
        return WebhookResult(500, "error")


def _act_once(association: Association, event_id: str, kind: str, event: Any) -> WebhookResult:
    """The event's row and its effects commit together, or neither does."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # only the claim: any other integrity error is a fault
                row = WebhookEvent.objects.create(
                    association=association,
                    event_id=event_id,
                    type=kind,
                    outcome=Outcome.PROCESSED,
                    reason=Reason.OTHER,
                )
        except IntegrityError:
            return WebhookResult(200, "already handled")
        handler = HANDLERS.get(kind)
        handled = (
            handler(association, event["data"]["object"].to_dict())
            if handler is not None
            else Handled(Outcome.IGNORED, Reason.OTHER)
        )
        row.outcome, row.reason = handled.outcome, handled.reason
        row.save(update_fields=["outcome", "reason"])
    return WebhookResult(200, handled.reason)


def _refuse(
    association: Association, event_id: str, kind: str, reason: str, detail: str
) -> WebhookResult:
    logger.warning("Stripe webhook of %s refused: %s %s: %s", association.slug, kind, event_id,
                   detail)  # fmt: skip
    recent = WebhookEvent.objects.filter(
        association=association,
        outcome=Outcome.REFUSED,
        received_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent < REFUSALS_KEPT_PER_HOUR:
        WebhookEvent.objects.create(
            association=association,
            event_id=event_id,
            type=kind,
            outcome=Outcome.REFUSED,
            reason=reason,
            detail=detail[:500],
        )
    return WebhookResult(400, "refused")


def _session(association: Association, data: dict[str, Any]) -> CheckoutSession | None:
    """The checkout this event is about, locked. None for one this site did not open (the
    Stripe account may take other payments too); refused when it is another association's."""
    stripe_id = str(data.get("id", ""))
    named = (data.get("metadata") or {}).get("association")
    session = (
        CheckoutSession.objects.select_for_update()
        .filter(association=association, stripe_id=stripe_id)
        .first()
    )
    if session is not None and named == association.slug:
        return session
    elsewhere = CheckoutSession.objects.filter(stripe_id=stripe_id).exists()
    if session is not None or elsewhere or (named and named != association.slug):
        raise Refused(
            Reason.FOREIGN, f"checkout {stripe_id} names {named!r}, not {association.slug!r}"
        )
    return None


NOT_OURS = Handled(Outcome.IGNORED, Reason.NOT_OURS)
ALREADY_PAID = Handled(Outcome.IGNORED, Reason.ALREADY_PAID)


def checkout_completed(association: Association, data: dict[str, Any]) -> Handled:
    session = _session(association, data)
    if session is None:
        return NOT_OURS
    if data.get("payment_status") in ("paid", "no_payment_required"):
        return _pay(session, data)
    if session.status == CheckoutSession.Status.OPEN:  # a bank debit: paid or failed later
        session.status = CheckoutSession.Status.PROCESSING
        session.save(update_fields=["status"])
    return Handled(Outcome.PROCESSED, Reason.PROCESSING)


def checkout_async_succeeded(association: Association, data: dict[str, Any]) -> Handled:
    session = _session(association, data)
    return NOT_OURS if session is None else _pay(session, data)


def checkout_ended_unpaid(association: Association, data: dict[str, Any]) -> Handled:
    """Expired or failed: only a page not yet paid changes; a paid one stays paid."""
    session = _session(association, data)
    if session is None:
        return NOT_OURS
    if session.status == CheckoutSession.Status.COMPLETE:
        return ALREADY_PAID
    failed = data.get("status") != "expired"
    session.status = CheckoutSession.Status.FAILED if failed else CheckoutSession.Status.EXPIRED
    session.save(update_fields=["status"])
    return Handled(Outcome.PROCESSED, Reason.UNPAID)


def _pay(session: CheckoutSession, data: dict[str, Any]) -> Handled:
    if session.status == CheckoutSession.Status.COMPLETE:
        return ALREADY_PAID
    amount = data.get("amount_total")
    currency = str(data.get("currency") or "").upper()
    if amount != session.amount_cents or currency != session.currency.upper():
        expected = f"{session.amount_cents} {session.currency}"
        raise Refused(Reason.AMOUNT, f"paid {amount} {currency}, expected {expected}")
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
        else:  # settled meanwhile (a check arrived, a waiver): the ledger lists it to refund
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
    return Handled(Outcome.PROCESSED, Reason.PAID)


REFUND_STATES = {
    "pending": Refund.State.PENDING,
    "requires_action": Refund.State.PENDING,
    "succeeded": Refund.State.SUCCEEDED,
    "failed": Refund.State.FAILED,
    "canceled": Refund.State.CANCELED,
}


# A refund only moves forward: a late "pending" never undoes "succeeded" or "failed".
REFUND_RANK: dict[str, int] = {
    Refund.State.PENDING: 0,
    Refund.State.SUCCEEDED: 1,
    Refund.State.FAILED: 2,
    Refund.State.CANCELED: 2,
}


def refund_updated(association: Association, data: dict[str, Any]) -> Handled:
    """Stripe's word on a refund made here, found by its id or, if the event came before
    the id was stored, by the refund number in its metadata."""
    rows = Refund.objects.select_for_update().filter(association=association)
    refund = rows.filter(stripe_id=str(data.get("id", ""))).first()
    ours = str((data.get("metadata") or {}).get("refund", ""))
    if (
        refund is None
        and ours.isdigit()
        and (data.get("metadata") or {}).get("association") == association.slug
    ):
        refund = rows.filter(pk=int(ours), stripe_id="").first()
    state = REFUND_STATES.get(str(data.get("status")))
    if refund is None or state is None:
        return NOT_OURS
    if refund.stripe_id == "":
        refund.stripe_id = str(data.get("id", ""))
    if REFUND_RANK.get(state, 0) >= REFUND_RANK.get(refund.state, 0):
        refund.state = state
    refund.save(update_fields=["state", "stripe_id"])
    return Handled(Outcome.PROCESSED, Reason.REFUND)


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
