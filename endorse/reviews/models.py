"""The two-tier review: reviewers, their assignments, their reviews, and the decision.

An application goes ``submitted → first_review → second_review → decision`` and ends
``approved``, ``on_hold``, ``deferred`` or ``approved_for_exam`` (``workflow.py``).
Assignments and reviews belong to a *round*: a resubmission after "on hold" is a
new round with the same reviewers; a deferred application starts over later.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.core.choices import QuickLabels

USER = settings.AUTH_USER_MODEL


REVIEW_LANGUAGES = (("en", _("English")), ("es", _("Spanish")))


def review_languages_default() -> list[str]:
    return [code for code, _label in REVIEW_LANGUAGES]


class ReviewerProfile(models.Model):
    """What a reviewer may review at one association (same category or higher than theirs)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="reviewer_profiles")
    categories: models.JSONField[Any, Any] = models.JSONField(
        _("categories they may review"), default=list, blank=True
    )
    # Both by default, so that a reviewer added before languages were asked is still offered.
    languages: models.JSONField[Any, Any] = models.JSONField(
        _("languages you review in"), default=review_languages_default, blank=True
    )
    capacity = models.PositiveSmallIntegerField(
        _("the most open reviews at once"), default=3, validators=[MinValueValidator(1)]
    )
    away_until = models.DateField(_("away until"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        constraints = [
            models.UniqueConstraint(fields=["association", "user"], name="one_profile_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.association_id}"

    @property
    def language_names(self) -> list[str]:
        """The languages they review in, named in the reader's language."""
        return [str(label) for code, label in REVIEW_LANGUAGES if code in (self.languages or [])]


class Assignment(QuickLabels, models.Model):
    class Tier(models.IntegerChoices):
        FIRST = 1, _("First reviewer")
        SECOND = 2, _("Second reviewer")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the reviewer's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CONFLICT = "conflict", _("Conflict of interest declared")
        WITHDRAWN = "withdrawn", _("Withdrawn: no longer a reviewer here")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="assignments")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    round = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    conflict_note = models.TextField(_("conflict of interest"), max_length=2000, blank=True)
    late_reminded_at = models.DateTimeField(null=True, blank=True)  # the one "it's late" email
    # The conflicts found when the reviewer was asked ([{"code", "detail"}], conflicts.py),
    # and the coordinator's reason to ask them all the same.
    conflicts: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    conflict_override = models.TextField(
        _("why this reviewer can still review"), max_length=2000, blank=True
    )
    no_conflict_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("round", "tier", "assigned_at", "pk")
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"Tier {self.tier} review of application {self.application_id} by {self.reviewer_id}"

    @property
    def outstanding(self) -> bool:
        """Asked or accepted in the application's current round, and no review sent yet
        (uses the loaded ``application`` and ``review``). ``outstanding_assignments()`` in
        the selectors is the same test as a query."""
        if self.status not in (self.Status.PROPOSED, self.Status.ACCEPTED):
            return False
        if self.round != self.application.review_round:
            return False
        review = getattr(self, "review", None)
        return review is None or review.submitted_at is None


class Verdict(models.TextChoices):
    # "Met" alone is also the advisor's heading ("what you already meet"): a context apart.
    MET = "met", pgettext_lazy("review verdict", "Met")
    NOT_MET = "not_met", pgettext_lazy("review verdict", "Not met")
    UNCLEAR = "unclear", pgettext_lazy("review verdict", "Unclear")


class Review(models.Model):
    """One reviewer's judgement: each requirement and each area, met / not met / unclear."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    # {"requirements": {code: {"verdict", "comment"}}, "areas": {area: {...}}}
    answers: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(_("recommended decision"), max_length=24, blank=True)
    comments = models.TextField(_("comments for the applicant"), max_length=6000, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.assignment})"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        ON_HOLD = "on_hold", _("On hold: changes requested")
        DEFERRED = "deferred", _("Deferred to a later review cycle")
        APPROVED_FOR_EXAM = "approved_for_exam", _("Approved to sit the exam")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    message = models.TextField(_("message to the applicant"), max_length=8000)
    sections = models.JSONField(default=list, blank=True)  # reopened when on hold
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ("decided_at", "pk")

    def __str__(self) -> str:
        return f"{self.outcome} for application {self.application_id}"


class SubmissionDeadline(models.Model):
    """A yearly day (e.g. 15 March) up to which submissions join one review cycle."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="submission_deadlines"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))

    class Meta:
        verbose_name = _("submission deadline")
        verbose_name_plural = _("submission deadlines")
        ordering = ("month", "day")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "month", "day"], name="one_deadline_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    @property
    def sample_day(self) -> date:
        """The deadline in a year, for showing it as "15 March" in the reader's language."""
        return date(2023, self.month, self.day)
