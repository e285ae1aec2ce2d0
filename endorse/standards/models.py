"""Categories and the versioned requirement sets that say what each one needs.

Requirement sets are data: the bundled Alliance baseline is loaded from the
engine's files (``endorse sync_baseline``) with ``association`` empty, and an
association overrides a category by adding its own versions in the admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association


class Category(models.Model):
    class AgeBand(models.TextChoices):
        INFANT = "infant", _("Infant (prenatal to 36 months)")
        EARLY_CHILDHOOD = "early_childhood", _("Early childhood (3 to 6 years)")

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200)
    age_band = models.CharField(_("age band"), max_length=16, choices=AgeBand.choices)
    family = models.CharField(_("family"), max_length=32)
    scope = models.CharField(_("scope"), max_length=32)
    designation = models.CharField(_("designation"), max_length=32, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("sort_order", "code")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        return self.name_es if get_language() == "es" else self.name_en


class Offering(models.Model):
    """A category an association offers (its page lists these)."""

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="offerings",
        verbose_name=_("association"),
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))

    class Meta:
        verbose_name = _("category offered")
        verbose_name_plural = _("categories offered")
        constraints = [
            models.UniqueConstraint(fields=["association", "category"], name="offering_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association.slug}: {self.category.code}"


class RequirementSet(models.Model):
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirement_sets",
        verbose_name=_("association"),
        help_text=_("Empty for the bundled baseline, which every association uses by default."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="requirement_sets",
        verbose_name=_("category"),
    )
    source = models.SlugField(_("source"), max_length=64)
    effective_from = models.DateField(_("in force from"), help_text=_("Inclusive."))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Exclusive: the first day it no longer applies. Empty means open-ended."),
    )
    requires_exam = models.BooleanField(_("exam required"), default=False)
    rules = models.JSONField(
        _("rules"), help_text=_("Each rule's code and parameters, as in docs/eligibility.md.")
    )

    class Meta:
        verbose_name = _("requirement set")
        verbose_name_plural = _("requirement sets")
        ordering = ("association__slug", "category__sort_order", "effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "category", "effective_from"],
                condition=models.Q(association__isnull=False),
                name="requirement_set_unique_start",
            ),
            models.UniqueConstraint(
                fields=["category", "effective_from"],
                condition=models.Q(association__isnull=True),
                name="baseline_set_unique_start",
            ),
        ]

    def __str__(self) -> str:
        owner = self.association.slug if self.association else _("baseline")
        return _("%(owner)s %(category)s from %(day)s") % {
            "owner": owner,
            "category": self.category.code,
            "day": self.effective_from.isoformat(),
        }


class ClosedWindow(models.Model):
    requirement_set = models.ForeignKey(
        RequirementSet, on_delete=models.CASCADE, related_name="closed_windows"
    )
    start = models.DateField(_("closed from"), help_text=_("Inclusive."))
    end = models.DateField(_("reopens on"), help_text=_("Exclusive: the first open day."))
    reason_en = models.TextField(_("reason (English)"))
    reason_es = models.TextField(_("reason (Spanish)"), blank=True)

    class Meta:
        verbose_name = _("closed window")
        verbose_name_plural = _("closed windows")
        ordering = ("start",)

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"
