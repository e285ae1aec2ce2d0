"""Writes of the exam: sittings, bookings, taking a part, scoring, releasing results.

Every write is one transaction and locks the row whose count or state it depends on
(the sitting for its places, the attempt for its answers), so two requests at once
can't overbook a sitting or save an answer after the part closed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Event
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_today
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.endorsements.services import endorsement_for_approval
from endorse.exams import rules
from endorse.exams.models import (
    Answer,
    Attempt,
    Booking,
    ExamPolicy,
    Item,
    Result,
    Scoring,
    Sitting,
)
from endorse.payments.models import FeeKind
from endorse.payments.selectors import charge_is_settled
from endorse.payments.services import charge_open
from endorse.reviews import workflow

A = Application.Status


def policy_of(association: Association) -> ExamPolicy:
    policy, _created = ExamPolicy.objects.get_or_create(association=association)
    return policy


# Sittings ------------------------------------------------------------------------------


@transaction.atomic
def sitting_open(
    *, association: Association, opens_at: datetime, closes_at: datetime, capacity: int,
    note: str = "",
) -> Sitting:  # fmt: skip
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("A sitting must close after it opens.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("A sitting needs at least one place.")})
    return Sitting.objects.create(
        association=association, opens_at=opens_at, closes_at=closes_at, capacity=capacity,
        note=note.strip(),
    )  # fmt: skip


def places_left(sitting: Sitting) -> int:
    taken = sitting.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(0, sitting.capacity - taken)


# What a candidate still has to do --------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """When the application was approved to sit the exam, and the last day a sitting may
    open for it (both the association's days)."""

    on: date
    valid_until: date


def approval_of(application: Application) -> Approval | None:
    event = (
        Event.objects.filter(application=application, to_state=A.APPROVED_FOR_EXAM)
        .order_by("-at")
        .first()
    )
    if event is None:
        return None
    day = application.association.local_date(event.at)
    days = policy_of(application.association).approval_valid_days
    return Approval(day, day + timedelta(days=days))


def parts_passed(application: Application) -> set[int]:
    passed: set[int] = set()
    for result in Result.objects.filter(booking__application=application):
        if result.part1_passed:
            passed.add(1)
        if result.part2_passed:
            passed.add(2)
    return passed


def parts_due(application: Application) -> list[int]:
    return [part for part in (1, 2) if part not in parts_passed(application)]


def retake_days(application: Application) -> dict[int, date]:
    """For each part failed at a released result, the first day it may be taken again."""
    last_failed: dict[int, datetime] = {}
    for result in Result.objects.filter(booking__application=application):
        for part, passed in ((1, result.part1_passed), (2, result.part2_passed)):
            if passed is False:
                last_failed[part] = max(
                    result.released_at, last_failed.get(part, result.released_at)
                )
    wait = timedelta(days=policy_of(application.association).retake_wait_days)
    local = application.association.local_date
    return {part: local(moment) + wait for part, moment in last_failed.items()}


# Booking -------------------------------------------------------------------------------


@transaction.atomic
def booking_create(
    *, application: Application, sitting: Sitting, actor: User, accommodation_request: str = ""
) -> Booking:
    """The applicant books a place: approved to sit the exam, within the approval's
    validity, after any retake wait, while places last; the exam fee falls due."""
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can book their exam."), code="not_yours")
    if application.status != A.APPROVED_FOR_EXAM:
        raise ValidationError(_("Only an application approved to sit the exam can book it."),
                              code="not_approved")  # fmt: skip
    locked = Sitting.objects.select_for_update().get(
        pk=sitting.pk, association=application.association
    )
    now = timezone.now()
    opens = application.association.local_date(locked.opens_at)
    if locked.closes_at <= now:
        raise ValidationError(_("This sitting has closed."), code="closed")
    approval = approval_of(application)
    if approval is not None and opens > approval.valid_until:
        raise ValidationError(
            _("Your approval to sit the exam is valid until %(day)s; choose a sitting before then.")
            % {"day": approval.valid_until.isoformat()}, code="expired",
        )  # fmt: skip
    due = parts_due(application)
    retakes = retake_days(application)
    for part in due:
        allowed = retakes.get(part)
        if allowed is not None and opens < allowed:
            raise ValidationError(
                _("Part %(part)s can be taken again from %(day)s.")
                % {"part": part, "day": allowed.isoformat()}, code="too_soon",
            )  # fmt: skip
    if Booking.objects.awaiting_result().filter(application=application).exists():
        raise ValidationError(_("You already have a sitting booked."), code="booked")
    if places_left(locked) == 0:
        raise ValidationError(_("This sitting is full; choose another."), code="full")
    today = association_today(association=application.association)
    fee = charge_open(association=application.association, person=actor, kind=FeeKind.EXAM,
                      category=application.category, on=today)  # fmt: skip
    request = accommodation_request.strip()
    return Booking.objects.create(
        association=application.association, application=application, sitting=locked,
        parts=due, booked_at=now, fee=fee, accommodation_request=request,
        accommodation=Booking.Accommodation.REQUESTED if request else Booking.Accommodation.NONE,
    )  # fmt: skip


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: User) -> Booking:
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can cancel their booking."), code="not_yours")
    if locked.attempts.exists():
        raise ValidationError(_("The exam has started; it can't be cancelled now."), code="started")
    locked.status = Booking.Status.CANCELLED
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def accommodation_decide(*, booking: Booking, granted: bool, extra_minutes: int) -> Booking:
    """The coordinator grants (with extra minutes per part) or refuses the accommodation."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.attempts.exists():
        raise ValidationError(_("The exam has started; its time can't change now."), code="started")
    if granted and extra_minutes < 1:
        raise ValidationError({"extra_minutes": _("Grant at least one extra minute.")})
    locked.accommodation = (
        Booking.Accommodation.GRANTED if granted else Booking.Accommodation.REFUSED
    )
    locked.extra_minutes = extra_minutes if granted else 0
    locked.save(update_fields=["accommodation", "extra_minutes"])
    notify(locked.application.applicant_id, "exam_accommodation",
           association=locked.association.name, granted=granted,
           extra_minutes=locked.extra_minutes,
           url=site_url("exams:candidate", slug=locked.association.slug))  # fmt: skip
    return locked


# Taking a part -------------------------------------------------------------------------


def _minutes(policy: ExamPolicy, part: int) -> int:
    return policy.part1_minutes if part == 1 else policy.part2_minutes


@transaction.atomic
def attempt_start(
    *, booking: Booking, part: int, actor: User, rng: random.Random | None = None
) -> Attempt:
    """Start ``part`` (or find it already started: a closed browser comes back to it)."""
    # of=self: the fee is an outer join, which PostgreSQL will not lock.
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("sitting", "fee")
        .get(pk=booking.pk)
    )
    existing = Attempt.objects.filter(booking=locked, part=part).first()
    if existing is not None:
        return close_if_due(existing)
    _may_start(locked, part, actor)
    policy = policy_of(locked.association)
    family = locked.application.category.family
    bank = Item.objects.filter(association=locked.association, family=family, retired_at=None)
    draw = rng or random.SystemRandom()
    try:
        if part == 1:
            by_area: dict[str, list[int]] = {}
            for pk, area in bank.filter(kind=Item.Kind.MULTIPLE_CHOICE).values_list("pk", "area"):
                by_area.setdefault(area, []).append(pk)
            items = rules.draw_part_one(by_area, policy.blueprint, policy.part1_items, draw)
        else:
            vignettes = list(bank.filter(kind=Item.Kind.VIGNETTE).values_list("pk", flat=True))
            items = rules.draw_part_two(vignettes, policy.part2_offered, draw)
    except rules.NotEnoughItems as error:
        raise ValidationError(
            _("The exam can't start: the association's item bank is incomplete. "
              "Tell the coordinator."),
            code="bank",
        ) from error  # fmt: skip
    now = timezone.now()
    attempt = Attempt.objects.create(
        association=locked.association, booking=locked, part=part, started_at=now,
        deadline_at=rules.deadline(now, _minutes(policy, part), locked.extra_minutes),
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(attempt=attempt, item_id=item, position=n) for n, item in enumerate(items, start=1)
    )
    return attempt


def _may_start(booking: Booking, part: int, actor: User) -> None:
    now = timezone.now()
    if booking.application.applicant_id != actor.pk:
        raise ValidationError(_("Only the candidate can take their exam."), code="not_yours")
    if booking.status != Booking.Status.BOOKED or part not in booking.parts:
        raise ValidationError(_("This part is not booked."), code="not_booked")
    if not booking.sitting.opens_at <= now < booking.sitting.closes_at:
        raise ValidationError(_("The sitting is not open now."), code="not_open")
    if not charge_is_settled(booking.fee):
        raise ValidationError(_("The exam fee is still due."), code="fee")
    if booking.accommodation == Booking.Accommodation.REQUESTED:
        raise ValidationError(
            _("Your accommodation request waits for the coordinator's answer."),
            code="accommodation",
        )
    earlier = [p for p in booking.parts if p < part]
    if (
        earlier
        and not Attempt.objects.filter(
            booking=booking, part__in=earlier, submitted_at__isnull=False
        ).exists()
    ):
        raise ValidationError(_("Finish part 1 first."), code="order")


def overdue_parts_close(now: datetime) -> int:
    """Hand in, as they stand, the parts whose deadline passed while nobody was on the page
    (so they reach the scorers without waiting for the candidate to come back). Each is
    closed under its row lock; a part another clock closed first is left alone."""
    closed = 0
    for pk in Attempt.objects.filter(submitted_at=None, deadline_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().get(pk=pk)
            if attempt.submitted_at is None:
                close_if_due(attempt)
                closed += 1
    return closed


def close_if_due(attempt: Attempt) -> Attempt:
    """Past its deadline and not yet submitted: submitted now, as it stands."""
    if attempt.submitted_at is None and timezone.now() >= attempt.deadline_at:
        return _submit(attempt, timed_out=True)
    return attempt


def answer_save(
    *, attempt: Attempt, position: int, actor: User, choice: int | None = None,
    text: str | None = None, chosen: bool | None = None,
) -> Answer:  # fmt: skip
    """Save one answer while the part is open. Past the deadline the part is handed in
    as it stands (kept, whatever happens next) and the answer is refused."""
    with transaction.atomic():
        closed = close_if_due(Attempt.objects.select_for_update().get(pk=attempt.pk))
    with transaction.atomic():
        return _answer_save(closed, position, actor, choice, text, chosen)


def _answer_save(
    attempt: Attempt, position: int, actor: User, choice: int | None, text: str | None,
    chosen: bool | None,
) -> Answer:  # fmt: skip
    locked = _own_attempt(attempt, actor, _("Only the candidate can answer."))
    answer = Answer.objects.select_related("item").get(attempt=locked, position=position)
    if locked.submitted_at is not None:
        # A save sent again as the page closes (its last keystrokes already saved) loses
        # nothing: only an answer that differs from the one kept is refused.
        if _same_as_kept(answer, choice, text, chosen):
            return answer
        raise ValidationError(_("This part is closed; the answer was not saved."), code="closed")
    if locked.part == 1:
        if choice is None or not 0 <= choice < len(answer.item.options):
            raise ValidationError(_("Choose one of the options."), code="choice")
        answer.choice = choice
    else:
        if chosen is not None:
            answer.chosen = chosen
        if text is not None:
            answer.text = text
        answered = Answer.objects.filter(attempt=locked, chosen=True).exclude(pk=answer.pk).count()
        limit = policy_of(locked.association).part2_answered
        if answer.chosen and answered >= limit:
            raise ValidationError(
                _("Answer %(count)s vignettes; clear another one to answer this one.")
                % {"count": limit},
                code="too_many",
            )  # fmt: skip
    answer.saved_at = timezone.now()
    answer.save(update_fields=["choice", "chosen", "text", "saved_at"])
    return answer


def _own_attempt(attempt: Attempt, actor: User, refusal: str) -> Attempt:
    """The attempt, locked, if ``actor`` is its candidate; ``refusal`` otherwise."""
    locked = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("booking__application")
        .get(pk=attempt.pk)
    )
    if locked.booking.application.applicant_id != actor.pk:
        raise ValidationError(refusal, code="not_yours")
    return locked


def _same_as_kept(
    answer: Answer, choice: int | None, text: str | None, chosen: bool | None
) -> bool:
    return (
        (choice is None or choice == answer.choice)
        and (text is None or text == answer.text)
        and (chosen is None or chosen == answer.chosen)
    )


@transaction.atomic
def attempt_submit(*, attempt: Attempt, actor: User) -> Attempt:
    locked = _own_attempt(attempt, actor, _("Only the candidate can hand in their exam."))
    locked = close_if_due(locked)
    if locked.submitted_at is not None:
        return locked
    return _submit(locked, timed_out=False)


def _submit(attempt: Attempt, *, timed_out: bool) -> Attempt:
    attempt.submitted_at = min(timezone.now(), attempt.deadline_at)
    attempt.timed_out = timed_out
    fields = ["submitted_at", "timed_out"]
    if attempt.part == 1:
        marked = rules.mark_part_one(
            [(a.choice, a.item.key or 0) for a in attempt.answers.select_related("item")],
            policy_of(attempt.association).pass_percent,
        )
        attempt.correct, attempt.passed = marked.correct, marked.passed
        fields += ["correct", "passed"]
    attempt.save(update_fields=fields)
    return attempt


# Scoring part 2 -------------------------------------------------------------------------


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


# The item bank --------------------------------------------------------------------------


@transaction.atomic
def item_add(*, association: Association, fields: dict[str, object]) -> Item:
    """Add a multiple-choice item (stem, options, key) or a vignette (case, questions,
    rubric) to the bank of one category family."""
    item = Item(association=association, **fields)
    if item.kind == Item.Kind.MULTIPLE_CHOICE:
        options = [str(o).strip() for o in item.options if str(o).strip()]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
        if item.key is None or not 0 <= item.key < len(options):
            raise ValidationError({"key": _("Say which option is correct.")})
        item.options = options
    elif not item.rubric.strip():
        raise ValidationError({"rubric": _("A vignette needs its scoring rubric.")})
    item.save()
    return item


@transaction.atomic
def item_retire(*, item: Item) -> Item:
    """Retired items are drawn no more; parts already drawn keep them."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.retired_at is None:
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at"])
    return locked


@transaction.atomic
def policy_set(*, association: Association, fields: dict[str, object]) -> ExamPolicy:
    """Change the association's exam settings; parts already started keep their clock."""
    policy = ExamPolicy.objects.select_for_update().get(pk=policy_of(association).pk)
    for name, value in fields.items():
        setattr(policy, name, value)
    if not 1 <= policy.pass_percent <= 100:
        raise ValidationError({"pass_percent": _("A pass mark is between 1 and 100%.")})
    if policy.part2_answered > policy.part2_offered:
        raise ValidationError(
            {"part2_answered": _("Candidates can't answer more vignettes than are offered.")}
        )
    if sum(policy.blueprint.values()) > policy.part1_items:
        raise ValidationError(
            {"blueprint": _("The blueprint asks for more items than part 1 has.")}
        )
    policy.save()
    return policy
