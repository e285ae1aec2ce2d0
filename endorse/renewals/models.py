"""Renewing endorsements: an association's renewal settings, and each person's renewals.

One renewal covers every endorsement a person holds at an association that falls due on
the same date: hours are entered once, each category's requirements are judged on them,
and (by the association's choice) one fee is paid.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association, RenewalModel
from endorse.core.choices import QuickLabels
from endorse.core.uploads import stored_name
from endorse.payments.models import Charge

USER = settings.AUTH_USER_MODEL


def parse_days(text: str) -> list[int]:
    """ "60, 30, 7" → [60, 30, 7] (each 1–366, no repeats); a ValueError otherwise."""
    days = [int(part) for part in text.replace(" ", "").split(",") if part]
    if any(day < 1 or day > 366 for day in days) or len(set(days)) != len(days):
        raise ValueError(text)
    return sorted(days, reverse=True)


def validate_days(text: str) -> None:
    try:
        parse_days(text)
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days from 1 to 366, separated by commas, e.g. 60, 30, 7."),
            code="days",
        ) from None


def new_seed() -> str:
    return secrets.token_hex(16)


class RenewalSettings(models.Model):
    """An association's renewal calendar and rules of the game (the model itself is
    ``Association.renewal_model``). Without a row the defaults apply."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="renewal_settings"
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"), default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    opens_month = models.PositiveSmallIntegerField(
        _("window opens: month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    opens_day = models.PositiveSmallIntegerField(
        _("window opens: day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    late_until_month = models.PositiveSmallIntegerField(
        _("late period ends: month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    late_until_day = models.PositiveSmallIntegerField(
        _("late period ends: day"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    cycle_year = models.PositiveSmallIntegerField(
        _("a year a three-year cycle ends"),
        default=2024,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("For the three-year cycle: cycles end in this year and every three years."),
    )
    audit_percent = models.PositiveSmallIntegerField(
        _("renewals audited (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("For renewals by attestation: the share picked at random for an audit."),
    )
    audit_days = models.PositiveSmallIntegerField(
        _("days to document an audit"), default=30, validators=[MinValueValidator(1)]
    )
    # Secret: with it, the audit picks can be replayed (and explained) afterwards.
    audit_seed = models.CharField(max_length=64, default=new_seed, editable=False)
    reminder_days_before = models.CharField(
        _("reminders: days before the due date"),
        max_length=100,
        default="60, 30, 7",
        validators=[validate_days],
    )
    reminder_days_after = models.CharField(
        _("reminders: days after the due date"),
        max_length=100,
        default="1",
        blank=True,
        validators=[validate_days],
    )
    inactive_max_years = models.PositiveSmallIntegerField(
        _("longest inactive period (years)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    inactive_listed = models.BooleanField(
        _("list inactive endorsements in the registry"),
        default=False,
        help_text=_("Shown there marked “Inactive”; otherwise they leave it while inactive."),
    )
    emeritus_min_years = models.PositiveSmallIntegerField(
        _("years endorsed before Emeritus status"),
        default=10,
        validators=[MaxValueValidator(60)],
    )
    one_fee = models.BooleanField(
        _("one renewal fee for all categories"),
        default=True,
        help_text=_("Otherwise each category renewed is charged its own renewal fee."),
    )

    class Meta:
        verbose_name = _("renewal settings")
        verbose_name_plural = _("renewal settings")

    def __str__(self) -> str:
        return f"renewal settings of {self.association_id}"

    @property
    def reminder_offsets(self) -> list[int]:
        """Days relative to the due date, earliest first: [-60, -30, -7, 1]."""
        before = [-day for day in parse_days(self.reminder_days_before)]
        after = sorted(parse_days(self.reminder_days_after or ""))
        return before + after


class Renewal(QuickLabels, models.Model):
    class Kind(models.TextChoices):
        RENEWAL = "renewal", _("Renewal")
        # Back from inactive status: the renewal requirements over the period before it.
        REACTIVATION = "reactivation", _("Reactivation")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        SUBMITTED = "submitted", _("Submitted")
        AUDIT = "audit", _("Audit: hours to document")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="renewals")
    # The period renewed, by its dates (the due date names it).
    due_on = models.DateField(_("due on"))
    period_starts = models.DateField()
    # The period's length in years: 1 (yearly) or 3 (a three-year cycle).
    period_years = models.PositiveSmallIntegerField(default=1)
    endorsements = models.ManyToManyField("endorsements.Endorsement", related_name="renewals")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RENEWAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREPARING)

    provides_rsc = models.BooleanField(
        _("I provide reflective supervision/consultation (RS/C) to others"), default=False
    )
    hours_attested = models.BooleanField(_("I attest the hours"), default=False)
    no_sanction = models.BooleanField(
        _("No licensing board has sanctioned me since my last application or renewal"),
        default=False,
    )
    ethics_agreement = models.ForeignKey(
        "applications.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ethics_signed_name = models.CharField(_("your full name"), max_length=200, blank=True)
    ethics_signed_at = models.DateTimeField(null=True, blank=True)
    membership_number = models.CharField(_("membership number"), max_length=64, blank=True)
    membership_expires_on = models.DateField(_("membership expires on"), null=True, blank=True)

    opened_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False)
    audited = models.BooleanField(default=False)
    audit_ordinal = models.PositiveIntegerField(null=True, blank=True)
    audit_due_on = models.DateField(null=True, blank=True)
    audit_documented_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("what to change"), max_length=4000, blank=True)
    charges = models.ManyToManyField(Charge, related_name="+", blank=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ("-due_on", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person", "due_on", "kind"], name="one_renewal_per_period"
            ),
            models.UniqueConstraint(
                fields=["association", "due_on", "audit_ordinal"], name="audit_ordinal_unique"
            ),
        ]
        indexes = [models.Index(fields=["association", "due_on", "status"])]

    def __str__(self) -> str:
        return f"renewal of {self.person_id} due {self.due_on}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.PREPARING, self.Status.RETURNED, self.Status.AUDIT)


class RenewalTraining(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    dei = models.BooleanField(_("on diversity, equity and inclusion"), default=False)
    rsc_provision = models.BooleanField(_("on providing RS/C"), default=False)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self) -> str:
        return self.title


class RenewalRsc(models.Model):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        PEER = "peer", _("Peer consultation")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="rsc_sessions")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    provider = models.CharField(_("provider's name"), max_length=200)
    provider_endorsement = models.CharField(_("provider's endorsement"), max_length=16, blank=True)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self) -> str:
        return f"{self.date} {self.provider}"


def evidence_path(instance: RenewalEvidence, filename: str) -> str:
    # Never the uploaded name (kept only for display): the extension of the checked content.
    return stored_name(
        f"renewals/{instance.association_id}/{instance.renewal_id}", instance.content_type
    )


class RenewalEvidence(models.Model):
    """A certificate or letter documenting hours, uploaded for an audit."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.original_name


class RenewalReminder(models.Model):
    """A reminder sent: the unique row is the claim that stops a second clock sending it."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    # Days relative to the due date (-60: sixty days before; 1: the day after).
    offset = models.SmallIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person", "due_on", "offset"], name="one_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.offset} for {self.person_id} due {self.due_on}"


class RenewalRequirementSet(models.Model):
    """An association's own version of a category's renewal requirements.

    As for application requirements (docs/decisions/0003), an association that has any
    version for a model and category uses only its own versions for them; otherwise the
    bundled baseline (``endorse/eligibility/data/renewal-baseline.json``) applies.
    """

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="renewal_requirement_sets",
        verbose_name=_("association"),
    )
    model = models.CharField(_("renewal model"), max_length=16, choices=RenewalModel.choices)
    category = models.ForeignKey(
        "standards.Category", on_delete=models.PROTECT, verbose_name=_("category")
    )
    effective_from = models.DateField(
        _("in force from"), help_text=_("Applies to periods due on this day or later.")
    )
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Exclusive: periods due on this day or later no longer use it."),
    )
    by_attestation = models.BooleanField(
        _("renewal by attestation"),
        default=False,
        help_text=_("Hours are attested, and listed only when the renewal is audited."),
    )
    rules = models.JSONField(
        _("rules"), help_text=_("Each rule's code and parameters, as in docs/renewal.md.")
    )

    class Meta:
        verbose_name = _("renewal requirement set")
        verbose_name_plural = _("renewal requirement sets")
        ordering = ("association__slug", "model", "category__sort_order", "effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "model", "category", "effective_from"],
                name="renewal_set_unique_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.association.slug} {self.model} {self.category.code} {self.effective_from}"

    def spec(self) -> dict[str, object]:
        """In the engine's version format (what ``parse_renewal_version`` reads)."""
        return {
            "model": self.model,
            "categories": [self.category.code],
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "by_attestation": self.by_attestation,
            "rules": self.rules,
        }
