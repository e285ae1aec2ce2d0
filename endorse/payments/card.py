"""Card payments through Stripe Checkout: an association's keys, and opening a checkout.

Each association has its own Stripe account. Its keys come from the environment
(``ENDORSE_STRIPE_<SLUG>_SECRET_KEY`` and ``..._WEBHOOK_SECRET``, the slug upper-cased with
``-`` as ``_``) or, failing that, from its card settings, sealed in the database. Without
both keys the card option is not offered. ``ENDORSE_STRIPE_API_BASE`` points the library at
another address (a stand-in in the tests); unset, it talks to Stripe.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.core.secrets import InvalidToken, open_sealed, seal
from endorse.payments.models import CardSettings, Charge, CheckoutSession

logger = logging.getLogger(__name__)

PURPOSE = b"endorse stripe keys"
# How long a Checkout page stays payable (Stripe allows 30 minutes to 24 hours).
CHECKOUT_LIFETIME = timedelta(hours=1)
# A Checkout page is reused for the same fees while it has at least this long left.
REUSE_MARGIN = timedelta(minutes=10)


@dataclass(frozen=True)
class CardKeys:
    secret_key: str
    webhook_secret: str


def _environment_name(association: Association, what: str) -> str:
    return f"ENDORSE_STRIPE_{association.slug.upper().replace('-', '_')}_{what}"


def _from_environment(association: Association, what: str) -> str:
    return os.environ.get(_environment_name(association, what), "").strip()


def card_keys(association: Association) -> CardKeys | None:
    """The association's keys, each from the environment first; None unless both are set."""
    secret = _from_environment(association, "SECRET_KEY")
    webhook = _from_environment(association, "WEBHOOK_SECRET")
    if not (secret and webhook):
        row = CardSettings.objects.filter(association=association).first()
        try:
            if row is not None and not secret and row.secret_key_sealed:
                secret = open_sealed(row.secret_key_sealed, purpose=PURPOSE)
            if row is not None and not webhook and row.webhook_secret_sealed:
                webhook = open_sealed(row.webhook_secret_sealed, purpose=PURPOSE)
        except InvalidToken:
            # SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS.
            logger.error("The Stripe keys of %s can't be opened.", association.slug)
            return None
    return CardKeys(secret, webhook) if secret and webhook else None


@dataclass(frozen=True)
class CardStatus:
    """What the coordinator sees of the keys: where they come from and their ends only."""

    secret_key_hint: str
    secret_key_source: str  # "environment", "settings" or ""
    webhook_secret_hint: str
    webhook_secret_source: str

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key_source and self.webhook_secret_source)


def key_hint(key: str) -> str:
    """``sk_live_51H…4242``: enough to tell keys apart, never enough to use one."""
    prefix = key[: key.find("_", 3) + 1] if key.count("_") >= 2 else key[:3]
    return f"{prefix}…{key[-4:]}"


def card_status(association: Association) -> CardStatus:
    row = CardSettings.objects.filter(association=association).first()
    parts: list[str] = []
    for what, hint_field, sealed_field in (
        ("SECRET_KEY", "secret_key_hint", "secret_key_sealed"),
        ("WEBHOOK_SECRET", "webhook_secret_hint", "webhook_secret_sealed"),
    ):
        from_env = _from_environment(association, what)
        if from_env:
            parts += [key_hint(from_env), "environment"]
        elif row is not None and getattr(row, sealed_field):
            parts += [getattr(row, hint_field), "settings"]
        else:
            parts += ["", ""]
    return CardStatus(*parts)


def card_payments_enabled(association: Association) -> bool:
    """Whether to offer "Pay by card" (reads no secret)."""
    return card_status(association).enabled


@transaction.atomic
def card_settings_save(
    *, association: Association, secret_key: str, webhook_secret: str, actor: User
) -> CardSettings:
    """Store new keys (a blank one keeps what is stored), sealed, with a hint of each."""
    secret_key, webhook_secret = secret_key.strip(), webhook_secret.strip()
    errors = {}
    if secret_key and not secret_key.startswith(("sk_", "rk_")):
        errors["secret_key"] = _("A secret key starts with sk_ (or rk_ for a restricted key).")
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        errors["webhook_secret"] = _("A webhook signing secret starts with whsec_.")
    if errors:
        raise ValidationError(errors)
    row, _created = CardSettings.objects.select_for_update().get_or_create(association=association)
    if secret_key:
        row.secret_key_sealed = seal(secret_key, purpose=PURPOSE)
        row.secret_key_hint = key_hint(secret_key)
    if webhook_secret:
        row.webhook_secret_sealed = seal(webhook_secret, purpose=PURPOSE)
        row.webhook_secret_hint = key_hint(webhook_secret)
    row.updated_by = actor
    row.save()
    return row


@transaction.atomic
def card_settings_clear(*, association: Association, actor: User) -> None:
    """Forget the stored keys: card payments stop being offered (unless set in the environment)."""
    CardSettings.objects.filter(association=association).update(
        secret_key_sealed=b"",
        secret_key_hint="",
        webhook_secret_sealed=b"",
        webhook_secret_hint="",
        updated_by=actor,
        updated_at=timezone.now(),
    )


def stripe_client(keys: CardKeys) -> stripe.StripeClient:
    base = getattr(settings, "ENDORSE_STRIPE_API_BASE", None)
    return stripe.StripeClient(
        keys.secret_key,
        base_addresses={"api": base} if base else None,
        # Retries carry the library's own idempotency key, so a retried call is done once.
        max_network_retries=2,
    )


def _charges_payable(association: Association, person: User, charges: list[Charge]) -> None:
    if not charges:
        raise ValidationError(_("Choose at least one fee to pay."), code="none")
    for charge in charges:
        if charge.association_id != association.pk or charge.person_id != person.pk:
            raise ValidationError(_("That fee isn't yours to pay."), code="not_yours")
        if charge.status != Charge.Status.DUE:
            raise ValidationError(_("This fee is already settled."), code="settled")


def _reusable(person: User, charges: list[Charge]) -> CheckoutSession | None:
    """An open page for exactly these fees, with time left: going back to it can't pay twice."""
    wanted = sorted(c.pk for c in charges)
    candidates = CheckoutSession.objects.filter(
        person=person,
        status=CheckoutSession.Status.OPEN,
        expires_at__gt=timezone.now() + REUSE_MARGIN,
        charges__in=wanted,
    ).distinct()
    for session in candidates:
        if sorted(session.charges.values_list("pk", flat=True)) == wanted:
            return session
    return None


def _line_item(charge: Charge) -> dict[str, Any]:
    return {
        "quantity": 1,
        "price_data": {
            "currency": charge.currency.lower(),
            "unit_amount": charge.amount_cents,
            "product_data": {"name": f"{charge.get_kind_display()} ({charge.category.code})"},
        },
    }


def checkout_open(
    *,
    association: Association,
    person: User,
    charges: list[Charge],
    success_url: str,
    cancel_url: str,
    return_to: str = "",
) -> CheckoutSession:
    """A Stripe Checkout page for the person's due fees. Nothing is paid until the webhook."""
    _charges_payable(association, person, charges)
    reused = _reusable(person, charges)
    if reused is not None:
        return reused
    keys = card_keys(association)
    if keys is None:
        raise ValidationError(_("This association doesn't take card payments."), code="no_keys")
    ids = ",".join(str(c.pk) for c in sorted(charges, key=lambda c: c.pk))
    metadata = {"association": association.slug, "charges": ids}
    expires_at = timezone.now() + CHECKOUT_LIFETIME
    try:
        params: Any = {
            "mode": "payment",
            "line_items": [_line_item(c) for c in charges],
            "customer_email": person.email,
            "client_reference_id": f"{association.slug}-{person.pk}",
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "locale": "es" if person.preferred_language == "es" else "en",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "expires_at": int(expires_at.timestamp()),
        }
        session = stripe_client(keys).v1.checkout.sessions.create(params=params)
    except stripe.StripeError:
        logger.exception("Stripe refused a checkout for %s", association.slug)
        raise ValidationError(
            _("Stripe could not open the payment page. Nothing was charged; try again soon."),
            code="stripe",
        ) from None
    with transaction.atomic():
        row = CheckoutSession.objects.create(
            association=association,
            person=person,
            stripe_id=session.id,
            url=session.url or "",
            amount_cents=sum(c.amount_cents for c in charges),
            currency=charges[0].currency,
            return_to=return_to,
            expires_at=expires_at,
        )
        row.charges.set(charges)
    return row
