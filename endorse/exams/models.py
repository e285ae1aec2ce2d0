"""The online exam: the association's item bank, sittings, bookings, the parts taken,
their answers, blind scoring and the released result.

Part 1 is multiple choice, timed, and marks itself; part 2 is vignettes answered in
writing, scored against a rubric by two scorers who see only a candidate number, with a
third when they disagree. The server's clock is the only clock (Attempt.deadline_at).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.payments.models import Charge

USER = settings.AUTH_USER_MODEL


class ExamPolicy(models.Model):
    """An association's exam settings (the defaults are the historical format)."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="exam_policy"
    )
    part1_items = models.PositiveSmallIntegerField(_("part 1: items"), default=60)
    part1_minutes = models.PositiveSmallIntegerField(_("part 1: minutes"), default=90)
    pass_percent = models.PositiveSmallIntegerField(_("part 1: pass mark (%)"), default=80)
    part2_offered = models.PositiveSmallIntegerField(_("part 2: vignettes offered"), default=3)
    part2_answered = models.PositiveSmallIntegerField(_("part 2: vignettes to answer"), default=2)
    part2_minutes = models.PositiveSmallIntegerField(_("part 2: minutes"), default=90)
    retake_wait_days = models.PositiveSmallIntegerField(
        _("days before a failed part may be retaken"), default=365
    )
    approval_valid_days = models.PositiveSmallIntegerField(
        _("days an approval to sit the exam stays valid"), default=365
    )
    # Part 1's blueprint: {area: number of items}; the rest is drawn from every area.
    blueprint: models.JSONField[Any, Any] = models.JSONField(
        _("blueprint"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("exam policy")
        verbose_name_plural = _("exam policies")

    def __str__(self) -> str:
        return f"exam policy of {self.association_id}"


def candidate_number() -> str:
    """What scorers see instead of a name: random, so it says nothing about anyone."""
    return "C-" + secrets.token_hex(4).upper()


class Item(models.Model):
    """One question of the bank: a multiple-choice item or a vignette with its rubric.
    Retired, never deleted once used (answers protect it)."""

    class Kind(models.TextChoices):
        MULTIPLE_CHOICE = "mcq", _("Multiple choice")
        VIGNETTE = "vignette", _("Vignette")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    family = models.CharField(_("category family"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    area = models.CharField(_("area of expertise"), max_length=100)
    stem = models.TextField(_("question or case"), max_length=6000)
    options: models.JSONField[Any, Any] = models.JSONField(_("options"), default=list, blank=True)
    key = models.PositiveSmallIntegerField(_("correct option"), null=True, blank=True)
    questions = models.TextField(_("questions on the case"), max_length=3000, blank=True)
    rubric = models.TextField(_("scoring rubric"), max_length=6000, blank=True)
    # The same item in Spanish, shown on Spanish pages when it is there (whole: the case
    # and its questions, or the stem and every option, in the same order as in English).
    stem_es = models.TextField(_("question or case in Spanish"), max_length=6000, blank=True)
    options_es: models.JSONField[Any, Any] = models.JSONField(
        _("options in Spanish"), default=list, blank=True
    )
    questions_es = models.TextField(
        _("questions on the case in Spanish"), max_length=3000, blank=True
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exam item")
        verbose_name_plural = _("exam items")
        ordering = ("family", "kind", "area", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.area})"

    @property
    def has_spanish(self) -> bool:
        if not self.stem_es.strip():
            return False
        if self.kind == self.Kind.MULTIPLE_CHOICE:
            return len(self.options_es) == len(self.options)
        return bool(self.questions_es.strip()) or not self.questions.strip()

    def text_in(self, language: str) -> ItemText:
        """What a candidate reads on a page in ``language``: Spanish when the page is and
        the item has it, else English (named in ``lang`` for screen readers)."""
        spanish = language.split("-")[0] == "es"
        if spanish and self.has_spanish:
            return ItemText(self.stem_es, self.questions_es, list(self.options_es), lang="")
        return ItemText(self.stem, self.questions, list(self.options), "en" if spanish else "")


@dataclass(frozen=True)
class ItemText:
    stem: str
    questions: str
    options: list[str]
    lang: str  # the text's language where it differs from the page's ("" where it doesn't)


class Sitting(models.Model):
    """A window in which booked candidates take the exam online."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    note = models.CharField(_("note for candidates"), max_length=300, blank=True)

    class Meta:
        ordering = ("opens_at", "pk")

    def __str__(self) -> str:
        return f"sitting {self.pk} from {self.opens_at:%Y-%m-%d %H:%M}"


class BookingQuerySet(models.QuerySet["Booking"]):
    def awaiting_result(self) -> BookingQuerySet:
        """Booked places whose result is not released yet: the candidate's current exam."""
        return self.filter(status=Booking.Status.BOOKED, result__isnull=True)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    class Accommodation(models.TextChoices):
        NONE = "none", _("None asked")
        REQUESTED = "requested", _("Asked; waiting for the coordinator")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Not granted")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="exam_bookings"
    )
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="bookings")
    parts: models.JSONField[Any, Any] = models.JSONField(default=list)  # [1, 2], or the retaken one
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField()
    fee = models.ForeignKey(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accommodation = models.CharField(
        max_length=16, choices=Accommodation.choices, default=Accommodation.NONE
    )
    accommodation_request = models.TextField(
        _("accommodations you need"), max_length=2000, blank=True
    )
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes per part"), default=0)
    candidate = models.CharField(max_length=12, unique=True, default=candidate_number)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ("booked_at", "pk")

    def __str__(self) -> str:
        return f"booking {self.pk} ({self.candidate})"


class Attempt(models.Model):
    """One part taken: its items, its clock, and (part 1) its mark."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attempts")
    part = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)  # submitted by the clock, as it stood
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "part"], name="one_attempt_per_part")
        ]

    def __str__(self) -> str:
        return f"part {self.part} of {self.booking_id}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    choice = models.PositiveSmallIntegerField(null=True, blank=True)  # part 1
    chosen = models.BooleanField(default=False)  # part 2: one of the vignettes answered
    text = models.TextField(max_length=20000, blank=True)  # part 2
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("position",)
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_answer_per_place")
        ]

    def __str__(self) -> str:
        return f"answer {self.position} of attempt {self.attempt_id}"


class Scoring(models.Model):
    """A scorer's independent judgement of a part 2, against the rubric."""

    class Tier(models.IntegerChoices):
        FIRST = 1, _("First scorer")
        SECOND = 2, _("Second scorer")
        THIRD = 3, _("Third scorer")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="scorings")
    scorer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="exam_scorings")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    assigned_at = models.DateTimeField()
    passed = models.BooleanField(_("meets the rubric"), null=True, blank=True)
    comments = models.TextField(_("comments for the feedback letter"), max_length=6000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("tier",)
        constraints = [
            models.UniqueConstraint(fields=["attempt", "tier"], name="one_scorer_per_tier"),
            models.UniqueConstraint(fields=["attempt", "scorer"], name="scorer_scores_once"),
        ]

    def __str__(self) -> str:
        return f"scoring {self.tier} of attempt {self.attempt_id}"


class Result(models.Model):
    """What the coordinator released to the candidate for a booking."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="result")
    part1_passed = models.BooleanField(null=True)  # None: not taken at this booking
    part2_passed = models.BooleanField(null=True)
    letter = models.TextField(_("feedback letter"), max_length=12000)
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"result of {self.booking_id}"
