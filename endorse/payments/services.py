"""Writes about money: the small interface every other app uses to charge and settle.

Card payments (``card``, ``webhook``) are one more way to settle a charge; callers only
ever open a charge and ask whether it is settled.
"""

from __future__ import annotations

import logging
from datetime import date

import stripe
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.payments.card import CardKeys, card_keys, checkouts_close_later, stripe_client
from endorse.payments.models import (
    REFUNDS_COUNTED,
    Charge,
    EmployerPayment,
    Fee,
    FeeKind,
    Payment,
    Refund,
)
from endorse.payments.money import amount_text
from endorse.payments.selectors import fee_in_force
from endorse.payments.webhook import REFUND_RANK, REFUND_STATES
from endorse.standards.models import Category

logger = logging.getLogger(__name__)


def charge_open(
    *, association: Association, person: User, kind: str, category: Category, on: date
) -> Charge | None:
    """Charge the fee in force on ``on``; ``None`` when the schedule has no such fee."""
    fee: Fee | None = fee_in_force(association=association, kind=kind, category=category, on=on)
    if fee is None:
        return None
    free = fee.amount_cents == 0  # nothing to pay: settled from the start
    return Charge.objects.create(
        association=association,
        person=person,
        kind=kind,
        category=category,
        amount_cents=fee.amount_cents,
        currency=association.currency,
        status=Charge.Status.PAID if free else Charge.Status.DUE,
        settled_at=timezone.now() if free else None,
        refundable=fee.refundable,
    )


def _lock_due(charge: Charge) -> Charge:
    locked = Charge.objects.select_for_update().get(pk=charge.pk)
    if locked.status != Charge.Status.DUE:
        raise ValidationError(_("This fee is already settled."), code="settled")
    return locked


@transaction.atomic
def payment_record(
    *, charge: Charge, method: str, reference: str, received_on: date, actor: User
) -> Payment:
    """Record money received outside the site (check, PayPal, employer…)."""
    locked = _lock_due(charge)
    if method not in Payment.Method.values or method == Payment.Method.CARD:
        raise ValidationError({"method": _("Choose how the fee was paid.")})
    if received_on > association_today(association=locked.association):  # its calendar, not ours
        raise ValidationError({"received_on": _("The date can't be in the future.")})
    payment = Payment.objects.create(
        association=locked.association,
        charge=locked,
        method=method,
        amount_cents=locked.amount_cents,
        reference=reference.strip(),
        received_on=received_on,
        recorded_by=actor,
    )
    locked.status = Charge.Status.PAID
    locked.settled_at = timezone.now()
    locked.settled_by = actor
    locked.save(update_fields=["status", "settled_at", "settled_by"])
    checkouts_close_later([locked.pk])
    charge.refresh_from_db()
    return payment


@transaction.atomic
def charge_waive(*, charge: Charge, reason: str, actor: User) -> Charge:
    """Excuse a fee; the reason is kept for the association's records."""
    locked = _lock_due(charge)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the fee is waived.")})
    locked.status = Charge.Status.WAIVED
    locked.waiver_reason = reason.strip()
    locked.settled_at = timezone.now()
    locked.settled_by = actor
    locked.save(update_fields=["status", "waiver_reason", "settled_at", "settled_by"])
    checkouts_close_later([locked.pk])
    charge.refresh_from_db()
    return locked


def refund_record(
    *,
    payment: Payment,
    amount_cents: int,
    reason: str,
    refunded_on: date,
    actor: User,
    token: str = "",
) -> Refund:
    """Record money given back for a payment (at most what is left of it), with the reason.
    The fee stays paid: a refund says the money went back, not that it is owed again.
    A card payment's refund is made through Stripe."""
    keys = card_keys(payment.association) if payment.method == Payment.Method.CARD else None
    if payment.method == Payment.Method.CARD and keys is None:
        raise ValidationError(
            _("Card payments are no longer set up, so Stripe can't be asked for the refund."),
            code="no_keys",
        )
    sent = payment.refunds.filter(request_token=token).first() if token else None
    if sent is not None:  # the same form again (a second click): the same refund
        if keys is not None and sent.state == Refund.State.PENDING and not sent.stripe_id:
            refund_by_card(sent, keys)
        return sent
    if keys is not None:
        unanswered = payment.refunds.filter(
            state=Refund.State.PENDING, stripe_id="", amount_cents=amount_cents
        ).first()
        if unanswered is not None:  # asked before, no answer: ask again under the same key
            refund_by_card(unanswered, keys)
            return unanswered
    try:
        refund = _refund_row(payment=payment, amount_cents=amount_cents, reason=reason,
                             refunded_on=refunded_on, actor=actor, token=token)  # fmt: skip
    except IntegrityError:  # the same form, sent twice at once: the other one records it
        return Refund.objects.get(payment=payment, request_token=token)
    if keys is not None:
        refund_by_card(refund, keys)
    return refund


@transaction.atomic
def _refund_row(
    *,
    payment: Payment,
    amount_cents: int,
    reason: str,
    refunded_on: date,
    actor: User,
    token: str,
) -> Refund:
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the money is given back.")})
    refunded = sum(r.amount_cents for r in locked.refunds.filter(state__in=REFUNDS_COUNTED))
    left = locked.amount_cents - refunded
    if amount_cents <= 0 or amount_cents > left:
        raise ValidationError(
            {"amount": _("Refund between 0.01 and %(left)s.") % {"left": amount_text(left)}}
        )
    if refunded_on > association_today(association=locked.association):
        raise ValidationError({"refunded_on": _("The date can't be in the future.")})
    by_card = locked.method == Payment.Method.CARD
    return Refund.objects.create(
        association_id=locked.association_id,
        payment=locked,
        amount_cents=amount_cents,
        reason=reason.strip(),
        refunded_on=refunded_on,
        recorded_by=actor,
        request_token=token,
        # Pending until Stripe answers: it already counts against what is left to refund.
        state=Refund.State.PENDING if by_card else Refund.State.RECORDED,
    )


def refund_by_card(refund: Refund, keys: CardKeys) -> None:
    """Ask Stripe to give the money back to the card, once: the refund row is committed
    first and its number is the idempotency key, so a retry after a lost answer is not a
    second refund. Stripe's refusal removes the row; no answer at all leaves it pending, and
    the webhook's refund events (which carry the row's number) settle it."""
    payment = refund.payment
    slug = payment.association.slug
    try:
        answer = stripe_client(keys).v1.refunds.create(
            params={
                "payment_intent": payment.reference,
                "amount": refund.amount_cents,
                "metadata": {"association": slug, "refund": str(refund.pk)},
            },
            options={"idempotency_key": f"endorse-{slug}-refund-{refund.pk}"},
        )
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        logger.warning("Stripe did not answer for refund %s: %s", refund.pk, error)
        raise ValidationError(
            _(
                "Stripe did not answer. The refund is kept as pending; record the same refund "
                "again later to ask Stripe again (it will not be made twice)."
            ),
            code="stripe_silent",
        ) from None
    except stripe.StripeError as error:
        logger.warning("Stripe refused refund %s: %s", refund.pk, error)
        Refund.objects.filter(pk=refund.pk, stripe_id="").delete()
        raise ValidationError(
            _("Stripe refused the refund: %(reason)s")
            % {"reason": error.user_message or _("no reason given")},
            code="stripe",
        ) from None
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        locked.stripe_id = answer.id
        state = REFUND_STATES.get(str(answer.status), Refund.State.PENDING)
        if REFUND_RANK[state] >= REFUND_RANK.get(locked.state, 0):  # the webhook may be first
            locked.state = state
        locked.save(update_fields=["stripe_id", "state"])
    refund.refresh_from_db()


@transaction.atomic
def employer_payment_record(
    *,
    association: Association,
    employer: str,
    method: str,
    reference: str,
    amount_cents: int,
    received_on: date,
    charges: list[Charge],
    actor: User,
) -> EmployerPayment:
    """One payment from an agency for several people's fees: each fee is marked paid by it.
    The amount must be what the chosen fees add up to, so a wrong selection is caught."""
    errors: dict[str, str] = {}
    if not employer.strip():
        errors["employer"] = _("Name the employer or agency that paid.")
    if method not in EmployerPayment.Method.values:
        errors["method"] = _("Choose how the employer paid.")
    if received_on > association_today(association=association):
        errors["received_on"] = _("The date can't be in the future.")
    locked = list(
        Charge.objects.select_for_update()
        .filter(association=association, pk__in=[c.pk for c in charges])
        .order_by("pk")
    )
    if not locked or len(locked) != len({c.pk for c in charges}):
        errors["charges"] = _("Choose the fees this payment covers.")
    elif any(c.status != Charge.Status.DUE for c in locked):
        errors["charges"] = _("One of the chosen fees is already settled.")
    elif sum(c.amount_cents for c in locked) != amount_cents:
        errors["amount"] = _(
            "The chosen fees add up to %(total)s, not %(amount)s: check the amount or the fees."
        ) % {
            "total": amount_text(sum(c.amount_cents for c in locked)),
            "amount": amount_text(amount_cents),
        }
    if errors:
        raise ValidationError(errors)
    batch = EmployerPayment.objects.create(
        association=association,
        employer=employer.strip(),
        method=method,
        reference=reference.strip(),
        amount_cents=amount_cents,
        received_on=received_on,
        recorded_by=actor,
    )
    now = timezone.now()
    for charge in locked:
        Payment.objects.create(
            association=association,
            charge=charge,
            method=Payment.Method.EMPLOYER,
            amount_cents=charge.amount_cents,
            reference=batch.employer,
            received_on=received_on,
            recorded_by=actor,
            employer_payment=batch,
        )
        charge.status, charge.settled_at, charge.settled_by = Charge.Status.PAID, now, actor
        charge.save(update_fields=["status", "settled_at", "settled_by"])
    checkouts_close_later([c.pk for c in locked])
    return batch


@transaction.atomic
def fee_line_add(
    *,
    association: Association,
    kind: str,
    category: Category,
    amount_cents: int,
    effective_from: date,
    refundable: bool,
) -> Fee:
    """A new line of the fee schedule: from ``effective_from`` on, new charges of this kind
    and category cost this much. Charges already made keep the amount they were made with."""
    errors: dict[str, str] = {}
    if kind not in FeeKind.values:
        errors["kind"] = _("Choose a fee.")
    if not association.offerings.filter(category=category).exists():
        errors["category"] = _("Choose a category your association offers.")
    if amount_cents < 0:
        errors["amount"] = _("The amount can't be negative.")
    if effective_from < association_today(association=association):
        # A line in force can't be removed: a mistake must not take effect before it is seen.
        errors["effective_from"] = _("Choose today or a later day.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # the unique constraint decides, even for two at once
            return Fee.objects.create(association=association, kind=kind, category=category,
                                      amount_cents=amount_cents, effective_from=effective_from,
                                      refundable=refundable)  # fmt: skip
    except IntegrityError:
        raise ValidationError({"effective_from": _(
            "This fee already has a line from that day: remove it first, or choose another day."
        )}) from None  # fmt: skip


@transaction.atomic
def fee_line_remove(*, association: Association, pk: int) -> None:
    """Remove a line not yet in force (one in force has priced charges: it stays, for the
    record, and a new line replaces it)."""
    today = association_today(association=association)
    fee = Fee.objects.select_for_update().filter(association=association, pk=pk).first()
    if fee is None:
        raise ValidationError(_("That line is not in your fee schedule."), code="missing")
    if fee.effective_from < today or (
        fee.effective_from == today
        and Charge.objects.filter(association=association, kind=fee.kind,
                                  category=fee.category, created_at__date__gte=today).exists()
    ):  # fmt: skip
        raise ValidationError(
            _("A line already in force can't be removed; add a new line from a later day."),
            code="in_force",
        )
    fee.delete()
