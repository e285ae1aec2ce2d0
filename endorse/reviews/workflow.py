"""The review's state machine: which moves exist, who makes them, and what must hold first.

Every move goes through ``move()``, which checks the move exists from the current
state, runs its guard, changes the state and writes an ``Event`` (actor, time,
from, to, note), all under a row lock on the application. State identifiers are
data, never translated; their labels are ``Application.Status``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Event

S = Application.Status


@dataclass(frozen=True)
class Move:
    name: str
    source: str
    target: str


MOVES = (
    Move("submit", S.PREPARING, S.SUBMITTED),  # the applicant's, once ready and paid
    Move("complete", S.SUBMITTED, S.FIRST_REVIEW),  # the coordinator's completeness check
    Move("return", S.SUBMITTED, S.PREPARING),  # incomplete: back to the applicant
    Move("first_review_done", S.FIRST_REVIEW, S.SECOND_REVIEW),
    Move("second_review_done", S.SECOND_REVIEW, S.DECISION),
    Move("approve", S.DECISION, S.APPROVED),
    Move("hold", S.DECISION, S.ON_HOLD),
    Move("defer", S.DECISION, S.DEFERRED),
    Move("approve_for_exam", S.DECISION, S.APPROVED_FOR_EXAM),
    Move("resubmit", S.ON_HOLD, S.FIRST_REVIEW),  # same reviewers, next round
    Move("reopen", S.DEFERRED, S.PREPARING),  # revise for a later cycle
    Move("pass_exam", S.APPROVED_FOR_EXAM, S.APPROVED),  # the released result: every part passed
)
BY_NAME = {move.name: move for move in MOVES}

Guard = Callable[[Application], None]


def lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _require(application: Application, name: str) -> Move:
    """The move, if it starts from the application's state; refused otherwise."""
    step = BY_NAME[name]
    if application.status != step.source:
        raise ValidationError(
            _("This can't be done now: the application is “%(state)s”.")
            % {"state": application.get_status_display()},
            code="wrong_state",
        )
    return step


@transaction.atomic
def move(
    application: Application,
    name: str,
    *,
    actor: User,
    note: str = "",
    guard: Guard | None = None,
) -> Application:
    """Make the move on a locked, fresh copy; refuse it if it doesn't start here."""
    locked = lock(application)
    step = _require(locked, name)
    if guard is not None:
        guard(locked)
    locked.status = step.target
    locked.save(update_fields=["status", "updated_at"])
    Event.objects.create(
        association_id=locked.association_id,
        registration_id=locked.registration_id,
        application=locked,
        actor=actor,
        at=timezone.now(),
        from_state=step.source,
        to_state=step.target,
        note=note,
    )
    application.status = locked.status
    return locked
