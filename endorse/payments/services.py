"""Writes about money: the small interface every other app uses to charge and settle.

A card provider (a later issue) plugs in here as one more way to settle a
charge; callers only ever open a charge and ask whether it is settled.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.payments.models import Charge, Fee, Payment, Refund
from endorse.payments.selectors import cents_text, fee_in_force
from endorse.standards.models import Category


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
    if method not in Payment.Method.values:
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
    charge.refresh_from_db()
    return locked


@transaction.atomic
def refund_record(
    *, payment: Payment, amount_cents: int, reason: str, refunded_on: date, actor: User
) -> Refund:
    """Record money given back for a payment (at most what is left of it), with the reason.
    The fee stays paid: a refund says the money went back, not that it is owed again."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the money is given back.")})
    refunded = sum(r.amount_cents for r in locked.refunds.all())
    left = locked.amount_cents - refunded
    if amount_cents <= 0 or amount_cents > left:
        raise ValidationError(
            {"amount": _("Refund between 0.01 and %(left)s.") % {"left": cents_text(left)}}
        )
    if refunded_on > association_today(association=locked.association):
        raise ValidationError({"refunded_on": _("The date can't be in the future.")})
    return Refund.objects.create(
        association_id=locked.association_id,
        payment=locked,
        amount_cents=amount_cents,
        reason=reason.strip(),
        refunded_on=refunded_on,
        recorded_by=actor,
    )
