"""Registrations, applications and everything an applicant enters.

Entries keep what was typed even when it is not valid yet (``draft``), so that
autosave never loses a keystroke; only ``complete`` entries reach the engine.
State identifiers (``status`` values) are never translated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association
from endorse.core.choices import QuickLabels
from endorse.core.uploads import stored_name
from endorse.payments.models import Charge
from endorse.standards.models import Category, RequirementSet

USER = settings.AUTH_USER_MODEL


class Registration(QuickLabels, models.Model):
    # What the applicant types (and the coordinator may correct before accepting).
    TYPED_FIELDS = (
        "category",
        "work_summary",
        "education_summary",
        "rsc_summary",
        "membership_number",
        "membership_expires_on",
    )

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the coordinator")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to you")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="registrations"
    )
    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="registrations")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, verbose_name=_("category you intend to apply for")
    )
    work_summary = models.TextField(
        _("your work with infants, young children and families"), max_length=4000
    )
    education_summary = models.TextField(_("your education"), max_length=4000)
    rsc_summary = models.TextField(
        _("your reflective supervision/consultation (RS/C)"), max_length=4000
    )
    membership_number = models.CharField(_("membership number"), max_length=64)
    membership_expires_on = models.DateField(_("membership expires on"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    return_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fee = models.ForeignKey(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["association", "applicant"], name="one_registration_per_association"
            )
        ]
        indexes = [models.Index(fields=["association", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.applicant} ({self.association.slug}, {self.status})"


class Application(QuickLabels, models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        SUBMITTED = "submitted", _("Submitted: completeness check")
        FIRST_REVIEW = "first_review", _("With the first reviewer")
        SECOND_REVIEW = "second_review", _("With the second reviewer")
        DECISION = "decision", _("Awaiting the decision")
        APPROVED = "approved", _("Approved")
        ON_HOLD = "on_hold", _("On hold: changes requested")
        DEFERRED = "deferred", _("Deferred to a later review cycle")
        APPROVED_FOR_EXAM = "approved_for_exam", _("Approved to sit the exam")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="applications")

    class Kind(models.TextChoices):
        INITIAL = "initial", _("First application")
        ADDED_CATEGORY = "added_category", _("Added category")
        REINSTATEMENT = "reinstatement", _("Reinstatement")

    # One registration per person and association; each later application (another
    # category, a reinstatement) hangs from the same registration.
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INITIAL)
    # A reinstatement's lapsed endorsement, which approval makes active again.
    reinstates = models.ForeignKey(
        "endorsements.Endorsement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reinstatements",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PREPARING)
    # Each submission after "on hold" or "deferred" is a new round of review.
    review_round = models.PositiveSmallIntegerField(default=1)
    # On hold: the sections the decision reopened; nothing else can change meanwhile.
    reopened_sections: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The deadline of the review cycle the last submission joined (None: no cycles).
    review_cycle = models.DateField(null=True, blank=True)
    # The applicant's choice at submission: waive the right to read the ratings (None: not
    # submitted yet). Asked again at each new submission, kept when resubmitted on hold.
    ratings_waived = models.BooleanField(null=True, blank=True)
    pinned_requirement_set = models.ForeignKey(
        RequirementSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pinned_version = models.CharField(max_length=120, blank=True)
    processing_fee = models.ForeignKey(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("-opened_at",)
        constraints = [
            # One application at a time per person and association.
            models.UniqueConstraint(
                fields=["association", "applicant"],
                condition=~models.Q(status="approved"),
                name="one_open_application_per_association",
            )
        ]
        indexes = [
            models.Index(fields=["association", "status", "opened_at"]),
            # The coordinator's folded groups: the latest of a state first, a page at a time.
            models.Index(fields=["association", "status", "updated_at"], name="queue_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.category.code} ({self.association.slug})"

    @property
    def in_preparation(self) -> bool:
        return self.status == self.Status.PREPARING

    def section_editable(self, slug: str) -> bool:
        """All of it in preparation; on hold, only the sections the decision reopened."""
        if self.status == self.Status.ON_HOLD:
            return slug in self.reopened_sections
        return self.in_preparation

    @property
    def takes_ratings(self) -> bool:
        """Raters' links work, and requests can be sent, while references can change."""
        return self.section_editable("references")


class Event(QuickLabels, models.Model):
    """Something that happened to a registration or application, and who did it."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32)
    note = models.TextField(blank=True)
    # A correction's fields, each {name: [before, after]} as plain JSON values (dates in ISO
    # form, a category by its code): the timeline names them in the reader's language.
    changes: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.from_state or '–'} → {self.to_state} at {self.at:%Y-%m-%d %H:%M}"


class Entry(QuickLabels, models.Model):
    """What every repeatable entry shares: its owner, its draft and its state."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    complete = models.BooleanField(default=False)
    draft: models.JSONField[Any, Any] = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk} of application {self.application_id}"

    @property
    def locked(self) -> bool:
        """Whether the applicant may no longer change this entry (it was acted on)."""
        return False


class Details(Entry):
    """The one-per-application facts about the applicant (not repeatable)."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=1000, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    languages = models.CharField(
        _("languages you work in"),
        max_length=200,
        blank=True,
        help_text=_("For example: English, Spanish"),
    )
    mental_health_license = models.BooleanField(_("I hold a mental health license"), default=False)
    license_description = models.CharField(
        _("license type, number and state"), max_length=200, blank=True
    )
    license_eligible = models.BooleanField(
        _("I am eligible for a mental health license"), default=False
    )
    membership_number = models.CharField(_("membership number"), max_length=64, blank=True)
    membership_expires_on = models.DateField(_("membership expires on"), null=True, blank=True)

    class Meta(Entry.Meta):
        constraints = [models.UniqueConstraint(fields=["application"], name="one_details")]


class Education(Entry):
    class Level(models.TextChoices):
        CDA = "cda", _("Child Development Associate (CDA)")
        ASSOCIATE = "associate", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    level = models.CharField(_("degree"), max_length=16, choices=Level.choices, blank=True)
    field = models.CharField(_("field of study"), max_length=200, blank=True)
    institution = models.CharField(_("college or university"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)


class Work(Entry):
    class Service(models.TextChoices):
        PROMOTION = "promotion", _("Promotion")
        PREVENTION = "prevention", _("Prevention / early intervention")
        TREATMENT = "treatment", _("Treatment")
        PIP = "parent_infant_psychotherapy", _("Parent–infant/child psychotherapy")
        OTHER = "other", _("Other")

    class AgeBand(models.TextChoices):
        INFANT = "infant", _("Infants and toddlers (0–3)")
        EARLY_CHILDHOOD = "early_childhood", _("Young children (3–6)")
        BOTH = "both", _("Both")

    title = models.CharField(_("job title"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    start = models.DateField(_("start date"), null=True, blank=True)
    end = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if you still work there.")
    )
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("1 for full time, 0.5 for half time."),
    )
    paid = models.BooleanField(_("paid work"), default=True)
    supervised = models.BooleanField(_("supervised practicum or internship hours"), default=False)
    internship = models.BooleanField(_("internship"), default=False)
    service = models.CharField(
        _("kind of service"), max_length=32, choices=Service.choices, blank=True
    )
    age_band = models.CharField(
        _("ages served"), max_length=16, choices=AgeBand.choices, blank=True
    )
    families_served = models.PositiveIntegerField(_("families served"), null=True, blank=True)
    supervisor_endorsement = models.CharField(
        _("your supervisor's endorsement, if any"), max_length=16, blank=True
    )


class Training(Entry):
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True)
    dei = models.BooleanField(_("on diversity, equity and inclusion"), default=False)
    pip = models.BooleanField(_("on parent–infant/child psychotherapy"), default=False)
    rsc_provision = models.BooleanField(_("on providing RS/C"), default=False)


class Rsc(Entry):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        PEER = "peer", _("Peer")

    date = models.DateField(_("date"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, blank=True)
    provider = models.CharField(_("provider's name"), max_length=200, blank=True)
    provider_endorsement = models.CharField(_("provider's endorsement"), max_length=16, blank=True)
    about_providing_rsc = models.BooleanField(_("about providing RS/C to others"), default=False)


class Leadership(Entry):
    class Kind(models.TextChoices):
        CLINICAL = "clinical", _("Clinical")
        POLICY = "policy", _("Policy")
        RESEARCH_FACULTY = "research_faculty", _("Research or faculty")

    kind = models.CharField(
        _("kind of leadership"), max_length=32, choices=Kind.choices, blank=True
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    start = models.DateField(_("start date"), null=True, blank=True)
    end = models.DateField(_("end date"), null=True, blank=True)


class RscProvided(Entry):
    recipients = models.CharField(_("to whom"), max_length=200, blank=True)
    start = models.DateField(_("start date"), null=True, blank=True)
    end = models.DateField(_("end date"), null=True, blank=True)


class Reference(Entry):
    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        RSC_PROVIDER = "rsc_provider", _("RS/C provider")
        COLLEAGUE = "colleague", _("Colleague")
        SUPERVISEE = "supervisee", _("Supervisee")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NOT_REQUESTED = "not_requested", _("Not sent yet")
        SENT = "sent", _("Sent to the rater")
        OPENED = "opened", _("Opened by the rater")
        COMPLETED = "completed", _("Rating received")
        DECLINED = "declined", _("Declined by the rater")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_REQUESTED)
    # Set by the coordinator when a rating arrives outside the site (paper, email).
    rater_endorsed = models.BooleanField(_("the rater is endorsed"), default=False)
    vetted = models.BooleanField(_("the coordinator vetted the rater"), default=False)
    received_on = models.DateField(_("rating received on"), null=True, blank=True)
    vetted_note = models.TextField(_("note on the vetting call"), max_length=2000, blank=True)

    @property
    def locked(self) -> bool:
        """Name, email and role stay as sent: to change the rater, withdraw the request first."""
        return self.status != self.Status.NOT_REQUESTED

    @property
    def awaiting_rater(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.OPENED)

    @property
    def link_works(self) -> bool:
        """An open request's link works while the rater has yet to answer and the application
        takes ratings (in preparation, or on hold with the references reopened)."""
        return self.awaiting_rater and self.application.takes_ratings


def transcript_path(instance: Transcript, filename: str) -> str:
    """A random name with the extension of the checked content (``content_type``, set before
    saving): the uploaded name is kept in a column, never in the path."""
    return stored_name(f"transcripts/{instance.association_id}", instance.content_type)


class Transcript(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    education = models.ForeignKey(Education, on_delete=models.CASCADE, related_name="transcripts")
    file = models.FileField(upload_to=transcript_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    official = models.BooleanField(_("official"), default=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "pk")


class Agreement(models.Model):
    """A versioned text an applicant signs (Code of Ethics, Endorsement Agreement)."""

    class Kind(models.TextChoices):
        CODE_OF_ETHICS = "code_of_ethics", _("Code of Ethics")
        ENDORSEMENT_AGREEMENT = "endorsement_agreement", _("Endorsement Agreement")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=32)
    effective_from = models.DateField(_("in force from"))
    body_en = models.TextField(_("text in English"))
    body_es = models.TextField(_("text in Spanish"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ("association", "kind", "-effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "version"], name="agreement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version} ({self.association.slug})"

    def body(self, lang: str) -> str:
        return self.body_es if lang == "es" and self.body_es else self.body_en


class Signature(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="signatures"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    signed_name = models.CharField(_("your full name"), max_length=200)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ("signed_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["application", "agreement"], name="one_signature")
        ]


class SectionNote(models.Model):
    """Per section: the applicant's note to the coordinator and the coordinator's comment."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(max_length=32)
    applicant_note = models.TextField(_("note for the coordinator"), max_length=4000, blank=True)
    applicant_saved_at = models.DateTimeField(null=True, blank=True)
    coordinator_comment = models.TextField(_("coordinator's comment"), max_length=4000, blank=True)
    coordinator_saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "section"], name="one_note_per_section")
        ]


class SubmittedEntries(models.Model):
    """The entries as they stood when the application was (re)submitted for a round of review:
    ``{section: {pk: {"fingerprint": ..., "fields": {...}}}}``. A later round's reviewers see
    what was added, changed or removed since; the fields let a removed entry be summarised."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submitted_entries"
    )
    round = models.PositiveSmallIntegerField()
    taken_at = models.DateTimeField()
    entries: models.JSONField[Any, Any] = models.JSONField(default=dict)

    class Meta:
        ordering = ("round",)
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="one_entries_snapshot_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"Entries of application {self.application_id} in round {self.round}"


class RowsAdded(models.Model):
    """One "Add many rows" that went through, by its one-time token: sending the same
    preview again (a double click, the back button) finds it and adds nothing."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=32)
    token = models.CharField(max_length=64)
    added = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["association", "token"], name="rows_added_once")
        ]

    def __str__(self) -> str:
        return f"{self.added} {self.section} rows added to application {self.application_id}"
