"""Reference ratings: the association's rating items, the links sent to raters, the answers.

A rater has no account. The link they get carries a token that is never stored:
it is derived from the server's secret and a random nonce kept on the request
(so a reminder can carry the same link), and only its SHA-256 is stored, to
find the request again. Whoever reads the database alone can't rebuild a link.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Reference
from endorse.associations.models import Association


class Area(models.TextChoices):
    """The eight areas of expertise every association's competency guidelines share."""

    THEORETICAL_FOUNDATIONS = "theoretical_foundations", _("Theoretical foundations")
    LAW_REGULATION_POLICY = "law_regulation_policy", _("Law, regulation and agency policy")
    SYSTEMS_EXPERTISE = "systems_expertise", _("Systems expertise")
    DIRECT_SERVICE_SKILLS = "direct_service_skills", _("Direct service skills")
    WORKING_WITH_OTHERS = "working_with_others", _("Working with others")
    COMMUNICATING = "communicating", _("Communicating")
    THINKING = "thinking", _("Thinking")
    REFLECTING = "reflecting", _("Reflecting")


class RatingItem(models.Model):
    """One statement a rater rates, in the association's own (licensed) words."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(_("area of expertise"), max_length=32, choices=Area.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.TextField(_("text in English"), max_length=1000)
    text_es = models.TextField(_("text in Spanish"), max_length=1000, blank=True)
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("Retired items are no longer asked.")
    )

    class Meta:
        verbose_name = _("rating item")
        verbose_name_plural = _("rating items")
        ordering = ("association", "position", "pk")

    def __str__(self) -> str:
        return self.text_en[:60]

    def text(self, language: str) -> str:
        return self.text_es if language == "es" and self.text_es else self.text_en


class RatingRequest(models.Model):
    """One link sent to one rater; sending again makes a new request and closes this one."""

    class Closed(models.TextChoices):
        SUBMITTED = "submitted", _("The rater sent the rating")
        DECLINED = "declined", _("The rater declined")
        REPLACED = "replaced", _("A new link was sent")
        WITHDRAWN = "withdrawn", _("The applicant withdrew the request")
        APPLICATION_SUBMITTED = "application_submitted", _("The application was submitted")
        RECORDED = "recorded", _("The coordinator recorded a rating received another way")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="requests")
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language of the request"), max_length=8)
    sent_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=24, choices=Closed.choices, blank=True)

    class Meta:
        ordering = ("-sent_at", "-pk")

    def __str__(self) -> str:
        return f"Rating request {self.pk} for reference {self.reference_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Rating(models.Model):
    """What the rater answered: kept as a draft until they send it."""

    class Recommendation(models.TextChoices):
        RECOMMEND = "recommend", _("I recommend the applicant")
        RESERVATIONS = "reservations", _("I recommend the applicant, with reservations")
        NOT_RECOMMEND = "not_recommend", _("I do not recommend the applicant")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    reference = models.OneToOneField(Reference, on_delete=models.CASCADE, related_name="rating")
    # The checked answers once sent; until then what was typed, as typed, in ``draft``.
    answers: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    draft: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"Rating for reference {self.reference_id}"


class RaterEmail(models.Model):
    """An email owed to a rater (the link, a reminder): made in the same transaction as
    what asks for it, and handed to the mail server once across crashes of the worker
    (``core/email_once.py``); the clock queues again one a dead worker left unsent."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(RatingRequest, on_delete=models.CASCADE, related_name="emails")
    template = models.CharField(max_length=32)  # email/<template>_subject.txt and _body.txt
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # handed to the mail server
    email_claim = models.CharField(max_length=32, blank=True, default="")
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at=None),
                name="rater_email_owed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} for request {self.request_id}"
