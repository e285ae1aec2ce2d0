"""Card payments through Stripe Checkout: an association's keys, and opening a checkout.

Each association has its own Stripe account. Its keys come from the environment
(``ENDORSE_STRIPE_KEYS``, JSON: ``{"<slug>": {"secret_key": ..., "webhook_secret": ...}}``)
or, failing that, from its card settings, sealed in the database. Without both keys the
card option is not offered. ``ENDORSE_STRIPE_API_BASE`` points the library at
another address (a stand-in in the tests); unset, it talks to Stripe.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def _from_environment(association: Association, what: str) -> str:
    """``what`` of the association in ``ENDORSE_STRIPE_KEYS``, by its exact slug."""
    text = os.environ.get("ENDORSE_STRIPE_KEYS", "").strip()
    if not text:
        return ""
    try:
        entry = json.loads(text).get(association.slug) or {}
        return str(entry.get(what.lower(), "")).strip()
    except (ValueError, AttributeError):
        logger.error("ENDORSE_STRIPE_KEYS is not a JSON object of objects; it is ignored.")
        return ""


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
    """Forget the stored keys: card payments stop being offered (unless set in the
    environment). Open Stripe pages are closed first, while the keys still work; while a
    payment is processing, the keys stay, or its confirmation could not be checked."""
    processing = CheckoutSession.objects.filter(
        association=association, status=CheckoutSession.Status.PROCESSING
    )
    if processing.exists():
        raise ValidationError(
            _("A card payment is still processing: remove the keys once it has gone through."),
            code="processing",
        )
    keys = card_keys(association)
    if keys is not None:
        pages = CheckoutSession.objects.filter(
            association=association, status=CheckoutSession.Status.OPEN
        )
        for page in pages:
            with contextlib.suppress(ValidationError):
                checkout_expire(keys, page)
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


def _line_item(charge: Charge) -> dict[str, Any]:
    return {
        "quantity": 1,
        "price_data": {
            "currency": charge.currency.lower(),
            "unit_amount": charge.amount_cents,
            "product_data": {"name": f"{charge.get_kind_display()} ({charge.category.code})"},
        },
    }


def _pages_for(charges: list[Charge]) -> list[CheckoutSession]:
    """Stripe pages still open (or paying) for any of these fees."""
    return list(
        CheckoutSession.objects.filter(
            # A bank debit keeps processing for days after its page's hour is over.
            Q(status=CheckoutSession.Status.OPEN, expires_at__gt=timezone.now())
            | Q(status=CheckoutSession.Status.PROCESSING),
            charges__in=[c.pk for c in charges],
        )
        .distinct()
        .prefetch_related("charges")
    )


MAY_BE_PAID = gettext_lazy(
    "A card payment for this fee may have just gone through. Look again in a minute."
)


def checkout_expire(keys: CardKeys, session: CheckoutSession) -> None:
    """Close a Stripe page so it can no longer be paid. Refused when it was paid meanwhile
    (the webhook is then on its way)."""
    client = stripe_client(keys)
    try:
        client.v1.checkout.sessions.expire(session.stripe_id)
    except stripe.StripeError:
        try:
            status = client.v1.checkout.sessions.retrieve(session.stripe_id).status
        except stripe.StripeError:
            status = None
        if status != "expired":
            logger.warning("Checkout %s could not be closed (%s)", session.stripe_id, status)
            raise ValidationError(MAY_BE_PAID, code="may_be_paid") from None
    CheckoutSession.objects.filter(pk=session.pk, status=CheckoutSession.Status.OPEN).update(
        status=CheckoutSession.Status.EXPIRED
    )


@transaction.atomic
def checkout_open(
    *,
    association: Association,
    person: User,
    charges: list[Charge],
    success_url: str,
    cancel_url: str,
    return_to: str = "",
) -> CheckoutSession:
    """A Stripe Checkout page for the person's due fees. Nothing is paid until the webhook.

    The fees are locked while this runs, and no fee is ever on two payable pages: the same
    fees again go back to their page; a page for some of them is closed first; a payment
    still processing (a bank debit) is waited for."""
    keys = card_keys(association)
    if keys is None:
        raise ValidationError(_("This association doesn't take card payments."), code="no_keys")
    locked = list(
        Charge.objects.select_for_update()
        .filter(pk__in=[c.pk for c in charges])
        .select_related("category")
        .order_by("pk")
    )
    _charges_payable(association, person, locked if len(locked) == len(charges) else [])
    wanted = {c.pk for c in locked}
    for page in _pages_for(locked):
        if page.status == CheckoutSession.Status.PROCESSING:
            raise ValidationError(
                _("A card payment for this fee is being processed; it is marked paid when it "
                  "goes through."),
                code="processing",
            )  # fmt: skip
        if {c.pk for c in page.charges.all()} == wanted and (
            page.expires_at > timezone.now() + REUSE_MARGIN
        ):
            return page  # going back to it can't pay twice
        checkout_expire(keys, page)
    return _checkout_create(keys, association, person, locked, success_url, cancel_url, return_to)


def _checkout_create(
    keys: CardKeys,
    association: Association,
    person: User,
    charges: list[Charge],
    success_url: str,
    cancel_url: str,
    return_to: str,
) -> CheckoutSession:
    ids = ",".join(str(c.pk) for c in charges)
    metadata = {"association": association.slug, "charges": ids}
    expires_at = timezone.now() + CHECKOUT_LIFETIME
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
    try:
        session = stripe_client(keys).v1.checkout.sessions.create(params=params)
    except stripe.StripeError:
        logger.exception("Stripe refused a checkout for %s", association.slug)
        raise ValidationError(
            _("Stripe could not open the payment page. Nothing was charged; try again soon."),
            code="stripe",
        ) from None
    row = CheckoutSession.objects.create(
        association=association,
        person=person,
        stripe_id=session.id,
        url=session.url or "",
        amount_cents=sum(c.amount_cents for c in charges),
        currency=charges[0].currency,
        return_to=return_to[:300],
        expires_at=expires_at,
    )
    row.charges.set(charges)
    return row


def checkouts_close(charge_ids: list[int]) -> None:
    """After a fee is settled another way (a check, a waiver, an employer), close its open
    Stripe pages. A page paid meanwhile is left: its money is recorded and the ledger lists
    the fee as paid twice."""
    pages = (
        CheckoutSession.objects.filter(
            charges__in=charge_ids,
            status=CheckoutSession.Status.OPEN,
            expires_at__gt=timezone.now(),
        )
        .select_related("association")
        .distinct()
    )
    for page in pages:
        keys = card_keys(page.association)
        if keys is None:
            continue
        with contextlib.suppress(ValidationError):  # paid meanwhile: the webhook records it
            checkout_expire(keys, page)


def checkouts_close_later(charge_ids: list[int]) -> None:
    """Queue ``checkouts_close`` for after the caller's commit, if any page is open."""
    open_pages = CheckoutSession.objects.filter(
        charges__in=charge_ids, status=CheckoutSession.Status.OPEN
    )
    if open_pages.exists():
        from endorse.payments.tasks import close_checkouts

        transaction.on_commit(lambda: close_checkouts.enqueue(charge_ids))
