"""Fees an association charges, what a person owes, and how it was settled.

Money is whole cents in the association's currency, never a float.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association
from endorse.core.choices import QuickLabels
from endorse.standards.models import Category


class FeeKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration fee")
    PROCESSING = "processing", _("Application processing fee")
    EXAM = "exam", _("Exam fee")
    RENEWAL = "renewal", _("Renewal fee")
    RENEWAL_LATE = "renewal_late", _("Late renewal fee")
    REINSTATEMENT = "reinstatement", _("Reinstatement fee")
    REACTIVATION = "reactivation", _("Reactivation fee")


class Fee(models.Model):
    """One line of an association's fee schedule, in force from a date."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="fees", verbose_name=_("association")
    )
    kind = models.CharField(_("fee"), max_length=32, choices=FeeKind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    amount_cents = models.PositiveIntegerField(
        _("amount (cents)"), help_text=_("In cents of the association's currency: 2500 is 25.00.")
    )
    effective_from = models.DateField(_("in force from"))
    refundable = models.BooleanField(
        _("refundable"), default=False, help_text=_("Shown to people before they pay.")
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fee schedule")
        ordering = ("association", "kind", "category__sort_order", "-effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "category", "effective_from"], name="fee_unique"
            )
        ]

    def __str__(self) -> str:
        whole, cents = divmod(self.amount_cents, 100)  # money is whole cents, never a float
        return f"{self.get_kind_display()} {self.category.code}: {whole}.{cents:02d}"


class Charge(QuickLabels, models.Model):
    """A fee a person owes. Its amount is fixed when it is created."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="charges", verbose_name=_("association")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("fee"), max_length=32, choices=FeeKind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="due")
    # Copied from the fee schedule when the charge is made, as the amount is.
    refundable = models.BooleanField(_("refundable"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["association", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.person} ({self.get_status_display()})"

    @property
    def settled(self) -> bool:
        return self.status in (self.Status.PAID, self.Status.WAIVED)


class Payment(QuickLabels, models.Model):
    """Money received for a charge, however it arrived."""

    class Method(models.TextChoices):
        CHECK = "check", _("Check")
        PAYPAL = "paypal", _("PayPal")
        EMPLOYER = "employer", _("Paid by employer")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        CARD = "card", _("Card (online)")

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="payments",
        verbose_name=_("association"),
    )
    charge = models.ForeignKey(
        Charge, on_delete=models.PROTECT, related_name="payments", verbose_name=_("charge")
    )
    method = models.CharField(_("paid by"), max_length=32, choices=Method.choices)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    reference = models.CharField(
        _("reference"),
        max_length=120,
        blank=True,
        help_text=_("Check number, PayPal transaction or the employer's name."),
    )
    received_on = models.DateField(_("received on"))
    # Nobody, for a card payment: Stripe's verified webhook records it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    checkout = models.ForeignKey(
        "payments.CheckoutSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    employer_payment = models.ForeignKey(
        "payments.EmployerPayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("employer payment"),
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ("-recorded_at",)

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.reference}".strip()


class Refund(QuickLabels, models.Model):
    """Money given back for a payment, with the reason (recorded by the coordinator).

    A card payment's refund goes through Stripe, which says later whether it went through;
    any other refund was made outside the site and is simply recorded."""

    class State(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        PENDING = "pending", _("Pending at Stripe")
        SUCCEEDED = "succeeded", _("Refunded by Stripe")
        FAILED = "failed", _("Failed at Stripe")
        CANCELED = "canceled", _("Canceled at Stripe")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    reason = models.TextField(_("reason for the refund"), max_length=2000)
    refunded_on = models.DateField(_("refunded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECORDED
    )
    stripe_id = models.CharField(max_length=255, blank=True)
    # The refund form's one-time token: the same form sent twice is one refund.
    request_token = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ("refunded_on", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "request_token"],
                condition=~models.Q(request_token=""),
                name="refund_once_per_form",
            )
        ]

    def __str__(self) -> str:
        return f"refund of {self.amount_cents} on payment {self.payment_id}"


# Refunds that gave (or may still give) money back; failed and canceled ones did not.
REFUNDS_COUNTED = (
    Refund.State.RECORDED,
    Refund.State.PENDING,
    Refund.State.SUCCEEDED,
)


class EmployerPayment(QuickLabels, models.Model):
    """One payment from an agency covering several people's fees (one check for five staff)."""

    class Method(models.TextChoices):
        CHECK = "check", _("Check")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        PAYPAL = "paypal", _("PayPal")
        CASH = "cash", _("Cash")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    employer = models.CharField(_("employer"), max_length=200)
    method = models.CharField(_("paid by"), max_length=32, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer payment")
        verbose_name_plural = _("employer payments")
        ordering = ("-received_on", "-pk")

    def __str__(self) -> str:
        return f"{self.employer} {self.reference}".strip()


class CardSettings(models.Model):
    """An association's Stripe keys, sealed (``endorse.core.secrets``); never shown in full.

    Environment variables, when set, win over these (docs/payments.md)."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="card_settings"
    )
    secret_key_sealed = models.BinaryField(editable=False, default=b"")
    secret_key_hint = models.CharField(max_length=32, blank=True)
    webhook_secret_sealed = models.BinaryField(editable=False, default=b"")
    webhook_secret_hint = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("card payment settings")
        verbose_name_plural = _("card payment settings")

    def __str__(self) -> str:
        return f"card settings of {self.association_id}"


class CheckoutSession(models.Model):
    """A Stripe Checkout page opened for one person's due fees. Only the verified webhook
    marks it complete and the fees paid; coming back from Stripe proves nothing."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for payment")
        PROCESSING = "processing", _("Payment processing")
        COMPLETE = "complete", _("Paid")
        EXPIRED = "expired", _("Expired")
        FAILED = "failed", _("Failed")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts"
    )
    charges = models.ManyToManyField(Charge, related_name="checkouts")
    stripe_id = models.CharField(max_length=255, unique=True)
    url = models.URLField(max_length=2000)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    payment_intent = models.CharField(max_length=255, blank=True)
    return_to = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.stripe_id


class WebhookEvent(models.Model):
    """Every request to an association's webhook: acted on once, ignored, refused, or failed
    (and retried by Stripe). Shown on the association's card payments page."""

    class Outcome(models.TextChoices):
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        REFUSED = "refused", _("Refused")
        ERROR = "error", _("Failed; Stripe will send it again")

    class Reason(models.TextChoices):
        PAID = "paid", _("Fees marked paid")
        PROCESSING = "processing", _("Payment processing")
        UNPAID = "unpaid", _("Ended without payment")
        REFUND = "refund", _("Refund updated")
        ALREADY_PAID = "already_paid", _("Already paid")
        NOT_OURS = "not_ours", _("Not a payment opened on this site")
        OTHER = "other", _("Not an event this site acts on")
        NOT_SET_UP = "not_set_up", _("Card payments are not set up")
        SIGNATURE = "signature", _("The signature is missing, wrong or too old")
        NOT_JSON = "not_json", _("The message could not be read")
        FOREIGN = "foreign", _("About another association's payment")
        AMOUNT = "amount", _("The amount paid differs from the fees")
        ERROR = "error", _("An error on this site")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    event_id = models.CharField(max_length=255, blank=True)
    type = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    # Technical detail for the operator (Stripe's own words), in English.
    detail = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_at", "-pk")
        constraints = [
            # An event is acted on once: a second delivery finds this row and changes nothing.
            models.UniqueConstraint(
                fields=["association", "event_id"],
                condition=models.Q(outcome__in=["processed", "ignored"]),
                name="webhook_event_once",
            )
        ]
        indexes = [models.Index(fields=["association", "outcome", "received_at"])]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.outcome})"
