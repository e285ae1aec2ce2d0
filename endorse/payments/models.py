"""Fees an association charges, what a person owes, and how it was settled.

Money is whole cents in the association's currency, never a float.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association
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
        return f"{self.get_kind_display()} {self.category.code}: {self.amount_cents / 100:.2f}"


class Charge(models.Model):
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


class Payment(models.Model):
    """Money received for a charge, however it arrived."""

    class Method(models.TextChoices):
        CHECK = "check", _("Check")
        PAYPAL = "paypal", _("PayPal")
        EMPLOYER = "employer", _("Paid by employer")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CASH = "cash", _("Cash")

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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ("-recorded_at",)

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.reference}".strip()


class Refund(models.Model):
    """Money given back for a payment, with the reason (recorded by the coordinator)."""

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

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ("refunded_on", "pk")

    def __str__(self) -> str:
        return f"refund of {self.amount_cents} on payment {self.payment_id}"
