"""Associations: the tenants. Everything an association owns points here."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorse.core.uploads import ContentNamedFileField

# Top-level paths that an association's slug must not take over.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "verify",
        "accounts",
        "i18n",
        "registry",
        "health",
        "me",
        "rate",
    }
)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo(upload: Any) -> None:
    """A logo is a PNG or JPEG image by its content (Pillow must read it), at most 1 MB."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo must be at most 1 MB."), code="too_big")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="type") from error
    finally:
        upload.seek(0)
    if kind not in ("PNG", "JPEG"):
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="type")


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved; choose another."), params={"slug": value})


# A rater's link works this many days after it was sent, at most a year.
RATING_LINK_DAYS_MAX = 365
RATING_LINK_DAYS_MESSAGE = _("Choose a number of days between 1 and 365.")


# Review time credited as in-service training: hours per review sent, and at most this
# many hours in a calendar year (blank: no limit).
REVIEW_CREDIT_MESSAGE = _("Choose a number of hours between 0 and 100.")
REVIEW_CAP_MESSAGE = _("Choose a number of hours between 0.01 and 1000, or leave it empty.")


# How to pay, in the association's own words: long enough for a payee, an address and a
# few sentences, short enough to sit beside a fee.
PAYMENT_INSTRUCTIONS_MAX = 2000


def validate_https(value: str) -> None:
    """Only an https address becomes a link people follow to pay."""
    if not value.lower().startswith("https://"):
        raise ValidationError(_("Enter an address that starts with https://."), code="https")


class RenewalModel(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    THREE_YEAR = "three_year", _("Three-year cycle")


class Association(models.Model):
    slug = models.SlugField(
        _("web address"),
        max_length=32,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Short name used in web addresses, e.g. “ct” for /ct/."),
    )
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", choices=time_zone_choices
    )
    spanish_enabled = models.BooleanField(
        _("offer Spanish"), default=True, help_text=_("English is always offered.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Stored as logos/<random>.png or .jpg by its content (validate_logo checks it), never
    # under the uploaded name.
    logo = ContentNamedFileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 1 MB; printed on certificates."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    renewal_model = models.CharField(
        _("renewal model"), max_length=16, choices=RenewalModel.choices, default=RenewalModel.YEARLY
    )
    review_days = models.PositiveSmallIntegerField(
        _("days allowed for each review"),
        default=30,
        help_text=_("How many days a reviewer has to complete a review."),
    )
    accept_vetted_rsc_providers = models.BooleanField(
        _("accept vetted RS/C providers"),
        default=True,
        help_text=_(
            "Count reflective supervision/consultation from providers the coordinator vetted, "
            "not only from endorsed providers."
        ),
    )
    minimum_preparation_days = models.PositiveSmallIntegerField(
        _("minimum preparation time (days)"),
        default=28,
        help_text=_("Days between acceptance of the registration and the earliest submission."),
    )
    rating_link_days = models.PositiveSmallIntegerField(
        _("days a rater's link works"),
        default=60,
        validators=[
            MinValueValidator(1, message=RATING_LINK_DAYS_MESSAGE),
            MaxValueValidator(RATING_LINK_DAYS_MAX, message=RATING_LINK_DAYS_MESSAGE),
        ],
        help_text=_(
            "Counted from the day the link was sent or sent again; the applicant can then "
            "send a new one. Between 1 and 365 days."
        ),
    )
    review_credit_hours = models.DecimalField(
        _("hours of in-service training credited per review"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[
            MinValueValidator(Decimal(0), message=REVIEW_CREDIT_MESSAGE),
            MaxValueValidator(Decimal(100), message=REVIEW_CREDIT_MESSAGE),
        ],
        help_text=_(
            "Each review a reviewer sends counts this many hours toward their own renewal, "
            "e.g. 1.5. 0: reviews are not credited."
        ),
    )
    review_credit_cap = models.DecimalField(
        _("most hours credited in a year"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal(7),
        validators=[
            MinValueValidator(Decimal("0.01"), message=REVIEW_CAP_MESSAGE),
            MaxValueValidator(Decimal(1000), message=REVIEW_CAP_MESSAGE),
        ],
        help_text=_("Counted by calendar year, e.g. 7. Empty: no limit."),
    )
    payment_instructions_en = models.TextField(
        _("how to pay, in English"),
        max_length=PAYMENT_INSTRUCTIONS_MAX,
        blank=True,
        help_text=_(
            "Whom checks are made out to, the postal address to send them to, a PayPal "
            "address: what people need to pay you. Shown beside every fee due."
        ),
    )
    payment_instructions_es = models.TextField(
        _("how to pay, in Spanish"),
        max_length=PAYMENT_INSTRUCTIONS_MAX,
        blank=True,
        help_text=_("The same, for the pages in Spanish."),
    )
    payment_link = models.URLField(
        _("payment link"),
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text=_("Optional: a page where people pay you, starting with https://."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("associations:detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The association's time zone: its days and the times its pages show."""
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_date(self, moment: datetime) -> date:
        """The association's calendar day at ``moment``."""
        return timezone.localtime(moment, self.zone).date()

    @property
    def languages(self) -> list[str]:
        """Language codes offered, English first (state identifiers, never translated)."""
        return ["en", "es"] if self.spanish_enabled else ["en"]


class StaffRole(models.Model):
    """A person's role at one association. Roles never carry over to another one."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Association administrator")  # staff and settings, and coordinates
        COORDINATOR = "coordinator", _("Coordinator")
        REVIEWER = "reviewer", _("Reviewer")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="staff", verbose_name=_("association")
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user", "role"], name="staff_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.association.slug})"
