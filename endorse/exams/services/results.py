"""Scoring part 2 blind and releasing the result."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import StaffRole
from endorse.associations.selectors import association_today
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.endorsements.services import endorsement_for_approval
from endorse.exams import rules
from endorse.exams.models import Attempt, Booking, Result, Scoring
from endorse.exams.services.booking import parts_due
from endorse.exams.services.taking import close_if_due
from endorse.reviews import workflow


@transaction.atomic
def scorer_assign(*, attempt: Attempt, scorer: User, tier: int) -> Scoring:
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.part != 2 or locked.submitted_at is None:
        raise ValidationError(_("Only a part 2 that was handed in is scored."), code="not_ready")
    if not StaffRole.objects.filter(
        association_id=locked.association_id, user=scorer, role=StaffRole.Role.REVIEWER
    ).exists():
        raise ValidationError(
            _("Scorers are chosen among the association's reviewers."), code="role"
        )
    if scorer.pk == locked.booking.application.applicant_id:
        raise ValidationError(_("Nobody scores their own exam."), code="own")
    scorings = {s.tier: s for s in Scoring.objects.filter(attempt=locked)}
    if tier in scorings:
        raise ValidationError(_("This scorer's place is taken."), code="taken")
    if any(s.scorer_id == scorer.pk for s in scorings.values()):
        raise ValidationError(_("Each scorer scores a part 2 once."), code="twice")
    if tier == Scoring.Tier.THIRD and not scorers_disagree(scorings):
        raise ValidationError(_("A third scorer is needed only when the first two disagree."),
                              code="agreed")  # fmt: skip
    scoring = Scoring.objects.create(
        association_id=locked.association_id, attempt=locked, scorer=scorer, tier=tier,
        assigned_at=timezone.now(),
    )  # fmt: skip
    notify(scorer.pk, "exam_scoring", association=locked.association.name,
           candidate=locked.booking.candidate,
           url=site_url("exams:scoring", slug=locked.association.slug, pk=scoring.pk))  # fmt: skip
    return scoring


def scorers_disagree(scorings: dict[int, Scoring]) -> bool:
    """The first two scorers have both scored, one pass and one not: a third decides."""
    first, second = scorings.get(1), scorings.get(2)
    return bool(first and second and first.passed is not None and second.passed is not None
                and first.passed != second.passed)  # fmt: skip


@transaction.atomic
def scoring_submit(*, scoring: Scoring, actor: User, passed: bool, comments: str) -> Scoring:
    locked = Scoring.objects.select_for_update().get(pk=scoring.pk)
    if locked.scorer_id != actor.pk:
        raise ValidationError(_("Only the scorer asked can score."), code="not_yours")
    if locked.submitted_at is not None:
        raise ValidationError(_("This score was already sent."), code="sent")
    if not comments.strip():
        raise ValidationError({"comments": _("Write your comments against the rubric.")})
    locked.passed, locked.comments, locked.submitted_at = passed, comments.strip(), timezone.now()
    locked.save(update_fields=["passed", "comments", "submitted_at"])
    return locked


def part_two_passed(attempt: Attempt) -> bool | None:
    """Read from ``attempt.scorings.all()``, so a list page's prefetch serves it."""
    by_tier = {s.tier: s.passed for s in attempt.scorings.all() if s.submitted_at is not None}
    return rules.part_two_outcome(by_tier.get(1), by_tier.get(2), by_tier.get(3))


# Results -------------------------------------------------------------------------------


@transaction.atomic
def result_release(*, booking: Booking, letter: str, actor: User) -> Result:
    """Release the result with its feedback letter; every part passed: endorsed."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if Result.objects.filter(booking=locked).exists():
        raise ValidationError(_("This result was already released."), code="released")
    if not letter.strip():
        raise ValidationError({"letter": _("Write the feedback letter.")})
    outcome: dict[int, bool | None] = {}
    for part in locked.parts:
        attempt = Attempt.objects.filter(booking=locked, part=part).first()
        if attempt is None or close_if_due(attempt).submitted_at is None:
            raise ValidationError(_("Part %(part)s has not been handed in.") % {"part": part},
                                  code="not_taken")  # fmt: skip
        outcome[part] = attempt.passed if part == 1 else part_two_passed(attempt)
        if outcome[part] is None:
            raise ValidationError(_("Part 2 is still being scored."), code="scoring")
    result = Result.objects.create(
        association=locked.association, booking=locked, part1_passed=outcome.get(1),
        part2_passed=outcome.get(2), letter=letter.strip(), released_at=timezone.now(),
        released_by=actor,
    )  # fmt: skip
    application = locked.application
    passed_all = not parts_due(application)
    notify(application.applicant_id, "exam_result", association=locked.association.name,
           passed=passed_all,
           url=site_url("exams:candidate", slug=locked.association.slug))  # fmt: skip
    if passed_all:
        workflow.move(application, "pass_exam", actor=actor)
        endorsement_for_approval(application=application, actor=actor,
                          issued_on=association_today(association=locked.association))  # fmt: skip
    return result
