"""Taking a part: starting it, its answers, its clock, handing it in."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.exams import rules
from endorse.exams.models import Answer, Attempt, Booking, ExamPolicy, Item
from endorse.exams.services.policy import policy_of
from endorse.payments.selectors import charge_is_settled


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


@dataclass(frozen=True)
class HandIn:
    attempt: Attempt
    by_this_request: bool  # False: it was handed in already (a double click, another tab)


@transaction.atomic
def attempt_submit(*, attempt: Attempt, actor: User) -> HandIn:
    """Hand the part in. Idempotent: a part already handed in is left exactly as it was
    (decided under the attempt's row lock, so two clicks at once hand it in once)."""
    locked = _own_attempt(attempt, actor, _("Only the candidate can hand in their exam."))
    if locked.submitted_at is not None:
        return HandIn(locked, by_this_request=False)
    closed = close_if_due(locked)  # past the deadline: as it stood then
    if closed.submitted_at is None:
        closed = _submit(closed, timed_out=False)
    return HandIn(closed, by_this_request=True)


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
