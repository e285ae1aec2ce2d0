"""An Endorsement granted: the record certificates, the registry and renewals build on."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.core.choices import QuickLabels
from endorse.core.urls import site_url
from endorse.standards.models import Category


def new_verify_code() -> str:
    """128 random bits, URL-safe: nothing about the endorsement can be guessed from it."""
    return secrets.token_urlsafe(16)


class Endorsement(QuickLabels, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        INACTIVE = "inactive", _("Inactive")
        EMERITUS = "emeritus", _("Emeritus")
        REVOKED = "revoked", _("Revoked")

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="endorsements"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="endorsement"
    )
    number = models.CharField(_("number"), max_length=32)
    issued_on = models.DateField(_("issued on"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # The code in the public verification address /verify/<code>/.
    verify_code = models.CharField(max_length=32, unique=True, default=new_verify_code)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), max_length=2000, blank=True)
    # The due date of the next renewal; empty when none is due (Emeritus, inactive, ended).
    next_due_on = models.DateField(_("next renewal due"), null=True, blank=True)
    # That period's first day and length in years (1: yearly, 3: a three-year cycle): kept
    # with the due date, so a change of model or association applies from the next period.
    next_period_starts = models.DateField(null=True, blank=True)
    next_period_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # Inactive: the last day of the inactive period (reactivate by then, or it lapses).
    inactive_until = models.DateField(_("inactive until"), null=True, blank=True)
    # This endorsement's bit in its association's revocation status list (credentials.py).
    status_index = models.PositiveIntegerField(null=True, blank=True)

    # The registry listing, which the endorsee controls (see endorse.endorsements.registry).
    listed = models.BooleanField(_("listed in the registry"), default=True)
    locality = models.CharField(_("city or county"), max_length=100, blank=True)
    locality_shown = models.BooleanField(_("show my city or county"), default=True)
    # The person's name folded (fold()), kept in step with it: the registry's sort order.
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    # The shown locality folded, "" when hidden: what the locality filter matches.
    locality_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        indexes = [
            models.Index(fields=["status", "listed", "name_key"], name="registry_order"),
            # varchar_pattern_ops lets PostgreSQL use it for LIKE 'x%' (SQLite ignores it).
            models.Index(
                fields=["locality_key"], name="registry_locality", opclasses=["varchar_pattern_ops"]
            ),
            # Renewals: an association's due dates in a range (its overview), and everyone's
            # (the clock's reminders and lapses, across associations).
            models.Index(fields=["association", "status", "next_due_on"], name="renewals_due"),
            models.Index(fields=["status", "next_due_on"], name="renewals_due_everywhere"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "number"], name="endorsement_number_unique_per_association"
            ),
            models.UniqueConstraint(
                fields=["association", "status_index"], name="status_index_unique_per_association"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def verify_address(self) -> str:
        """The absolute address of its public verification page, for certificates and emails."""
        return site_url("endorsements:verify", code=self.verify_code)

    @property
    def valid(self) -> bool:
        """Whether it stands today: active, or Emeritus (retired from practice, not lapsed)."""
        return self.status in REGISTRY_STATUSES


class EndorsementEvent(QuickLabels, models.Model):
    """A change in an endorsement's life, with who made it and why: its timeline."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("Endorsed")
        RENEWED = "renewed", _("Renewed")
        LAPSED = "lapsed", _("Lapsed")
        REINSTATED = "reinstated", _("Reinstated")
        INACTIVE = "inactive", _("Made inactive")
        REACTIVATED = "reactivated", _("Reactivated")
        EMERITUS = "emeritus", _("Emeritus status granted")
        REVOKED = "revoked", _("Revoked")
        TRANSFERRED = "transferred", _("Moved to another association")

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="events")
    # The association the endorsement belonged to when it happened.
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    # Empty when the clock did it (a lapse at the end of the late period).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} {self.endorsement_id} at {self.at:%Y-%m-%d}"


class StatusRequest(models.Model):
    """An endorsee asks for inactive or Emeritus status, or to move to another association;
    the coordinator of ``association`` (for a move: the receiving one) decides."""

    class Kind(models.TextChoices):
        INACTIVE = "inactive", _("Inactive status")
        EMERITUS = "emeritus", _("Emeritus status")
        TRANSFER = "transfer", _("Move to another association")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the coordinator")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    endorsement = models.ForeignKey(
        Endorsement, on_delete=models.CASCADE, related_name="status_requests"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    until = models.DateField(_("inactive until"), null=True, blank=True)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note to the endorsee"), max_length=2000, blank=True)

    class Meta:
        ordering = ("requested_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} request for {self.endorsement_id} ({self.status})"


class RetiredStatusIndex(models.Model):
    """A bit of an association's status lists that an endorsement which moved away used:
    never given again, so an old credential can't come to describe someone else."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    index = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["association", "index"], name="retired_index_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association_id}#{self.index}"


# Who the registry lists: active endorsements and Emeritus ones (marked as such).
REGISTRY_STATUSES = (Endorsement.Status.ACTIVE, Endorsement.Status.EMERITUS)


class RegistryWord(models.Model):
    """One folded word of a listed name, with what a search filters and sorts by.

    A name search reads only this table (an index range per word typed: "pen" finds
    "Ana Peña" through the word "pena") and then fetches the one page of endorsements it
    shows, so it costs the same on SQLite and PostgreSQL whatever the planner would make
    of a join over every endorsement. Rows are rewritten by registry.refresh_listing
    whenever the name, the place, the listing or the status changes.
    """

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="words")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=100)
    # Copies of the endorsement's, for filtering and ordering without reading it.
    category_code = models.CharField(max_length=16)
    name_key = models.CharField(max_length=200)
    locality_key = models.CharField(max_length=100, blank=True)
    # Whether the registry lists the endorsement (valid status and not archived).
    listed = models.BooleanField()

    class Meta:
        indexes = [
            # varchar_pattern_ops: PostgreSQL uses it for LIKE 'pen%' (SQLite ignores it).
            # It holds all a name search reads (the listing and the name to sort by), so a
            # search of a common start of a name never visits the table.
            models.Index(
                fields=["word", "listed", "name_key", "endorsement"],
                name="registry_word_listed",
                opclasses=["varchar_pattern_ops", "bool_ops", "text_ops", "int8_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.word


class IssuerKey(models.Model):
    """An association's Ed25519 key for signing credentials.

    The private key is kept encrypted with a key derived from SECRET_KEY (credentials.py),
    so a copy of the database alone can't sign. The public key is published at a stable
    address for as long as credentials it signed exist, even after it is retired.
    """

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    public_key = models.BinaryField(max_length=32)
    private_key_encrypted = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("credential signing key")
        verbose_name_plural = _("credential signing keys")

    def __str__(self) -> str:
        return f"key {self.pk} of association {self.association_id}"


class RscOffer(models.Model):
    """An endorsee's offer to provide reflective supervision/consultation (RS/C), shown in
    the association's "Find a reflective supervisor or consultant" list while they hold an
    endorsement that qualifies them (endorse.endorsements.rsc)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsc_offers"
    )
    individual = models.BooleanField(_("individual RS/C"), default=True)
    group = models.BooleanField(_("group RS/C"), default=False)
    remote = models.BooleanField(_("remotely (video or phone)"), default=True)
    in_person = models.BooleanField(_("in person"), default=False)
    languages = models.CharField(
        _("languages"), max_length=200, help_text=_("For example: English, Spanish")
    )
    contact = models.CharField(
        _("how to reach you"),
        max_length=200,
        help_text=_("An email address, a phone number or a website: shown to everyone."),
    )
    note = models.TextField(
        _("about your RS/C"),
        max_length=600,
        blank=True,
        help_text=_("Optional: your approach, the settings you know, your availability."),
    )
    languages_key = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("RS/C offer")
        verbose_name_plural = _("RS/C offers")
        constraints = [
            models.UniqueConstraint(fields=["association", "person"], name="one_rsc_offer")
        ]

    def __str__(self) -> str:
        return f"RS/C offer of {self.person_id} at {self.association_id}"
