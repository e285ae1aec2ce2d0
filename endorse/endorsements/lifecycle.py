"""Statuses an endorsee asks for: inactive (for a while), Emeritus (retiring from
practice), and moving to another association. The coordinator who decides is the
association's (for a move, the receiving association's). Every change is an event on
the endorsement's timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.core.moments import day_text
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.eligibility.renewal import add_years, whole_years
from endorse.endorsements.models import (
    Endorsement,
    EndorsementEvent,
    RetiredStatusIndex,
    StatusRequest,
)
from endorse.endorsements.registry import refresh_listing
from endorse.endorsements.services import next_status_index, status_change
from endorse.renewals.models import Renewal
from endorse.renewals.selectors import renewal_settings

Kind = StatusRequest.Kind


@transaction.atomic
def status_request(
    *,
    endorsement: Endorsement,
    kind: str,
    on: date,
    reason: str = "",
    until: date | None = None,
    to: Association | None = None,
) -> StatusRequest:
    """The endorsee asks; what each kind allows is checked here, before anyone decides."""
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.status != Endorsement.Status.ACTIVE:
        raise ValidationError(_("Only an active Endorsement® can change this way."), code="state")
    deciding = locked.association
    if kind == Kind.INACTIVE:
        _check_inactive(locked, reason, until, on)
    elif kind == Kind.EMERITUS:
        _check_emeritus(locked, on)
    elif kind == Kind.TRANSFER:
        deciding = _check_transfer(locked, to)
    else:
        raise ValidationError(_("Choose what to ask for."), code="kind")
    try:
        with transaction.atomic():
            return StatusRequest.objects.create(
                association=deciding,
                endorsement=locked,
                kind=kind,
                reason=reason.strip(),
                until=until if kind == Kind.INACTIVE else None,
                requested_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(
            _("You already asked for this; the coordinator will answer."), code="pending"
        ) from None


def _check_inactive(endorsement: Endorsement, reason: str, until: date | None, on: date) -> None:
    years = renewal_settings(association=endorsement.association).inactive_max_years
    if not reason.strip():
        raise ValidationError({"reason": _("Say why (illness, leave, a move…).")})
    if until is None or until <= on:
        raise ValidationError({"until": _("Choose a day after today.")})
    if until > add_years(on, years):
        raise ValidationError(
            {
                "until": _("Inactive status lasts at most %(years)s years: until %(day)s.")
                % {"years": years, "day": day_text(add_years(on, years))}
            }
        )


def _check_emeritus(endorsement: Endorsement, on: date) -> None:
    years = renewal_settings(association=endorsement.association).emeritus_min_years
    if whole_years(endorsement.issued_on, on) < years:
        raise ValidationError(
            _("Emeritus status is for those endorsed at least %(years)s years.") % {"years": years},
            code="too_soon",
        )


def _check_transfer(endorsement: Endorsement, to: Association | None) -> Association:
    if to is None or to.pk == endorsement.association_id:
        raise ValidationError({"to": _("Choose another association.")})
    if not to.offerings.filter(category_id=endorsement.category_id).exists():
        raise ValidationError(
            {"to": _("%(association)s doesn't offer this category.") % {"association": to.name}}
        )
    return to


@transaction.atomic
def status_request_withdraw(*, request: StatusRequest) -> StatusRequest:
    locked = _pending(request)
    locked.status = StatusRequest.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked


def _pending(request: StatusRequest) -> StatusRequest:
    locked = StatusRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != StatusRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."), code="answered")
    return locked


@transaction.atomic
def status_request_decide(
    *, request: StatusRequest, grant: bool, actor: User, note: str = ""
) -> StatusRequest:
    """Grant or refuse; a grant changes the endorsement at once."""
    locked = _pending(request)
    endorsement = Endorsement.objects.select_for_update().get(pk=locked.endorsement_id)
    if locked.kind != Kind.TRANSFER and endorsement.association_id != locked.association_id:
        raise ValidationError(_("The Endorsement® has moved to another association."))
    if grant and endorsement.status != Endorsement.Status.ACTIVE:
        raise ValidationError(_("The Endorsement® is no longer active."), code="state")
    if grant and locked.kind == Kind.INACTIVE and locked.until is not None:
        today = endorsement.association.local_date(timezone.now())
        if locked.until <= today:
            raise ValidationError(_("The inactive period asked for has already ended."))
    if not grant and not note.strip():
        raise ValidationError({"note": _("Say why, for the endorsee.")})
    if grant:
        GRANTS[locked.kind](locked, endorsement, actor)
    locked.status = StatusRequest.Status.GRANTED if grant else StatusRequest.Status.REFUSED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    notify(
        endorsement.person_id,
        "status_request_decided",
        association=locked.association.name,
        kind=locked.kind,
        granted=grant,
        note=locked.decision_note,
        url=site_url("me"),
    )
    return locked


def _grant_inactive(request: StatusRequest, endorsement: Endorsement, actor: User) -> None:
    endorsement = status_change(
        endorsement=endorsement,
        to=Endorsement.Status.INACTIVE,
        kind=EndorsementEvent.Kind.INACTIVE,
        actor=actor,
        reason=request.reason,
    )
    endorsement.inactive_until = request.until
    endorsement.save(update_fields=["inactive_until"])
    refresh_listing(endorsement)


def _grant_emeritus(request: StatusRequest, endorsement: Endorsement, actor: User) -> None:
    status_change(
        endorsement=endorsement,
        to=Endorsement.Status.EMERITUS,
        kind=EndorsementEvent.Kind.EMERITUS,
        actor=actor,
        reason=request.reason,
    )


def _grant_transfer(request: StatusRequest, endorsement: Endorsement, actor: User) -> None:
    """Same number, category, dates and history under the receiving association; its bit
    in the old association's status lists is retired, a new one is given."""
    receiving = Association.objects.select_for_update().get(pk=request.association_id)
    leaving = endorsement.association
    if endorsement.status_index is not None:
        RetiredStatusIndex.objects.create(association=leaving, index=endorsement.status_index)
    # A renewal started at the old association no longer covers it: the new one renews it.
    for renewal in Renewal.objects.filter(association=leaving, endorsements=endorsement).exclude(
        status=Renewal.Status.APPROVED
    ):
        renewal.endorsements.remove(endorsement)
    # Requests the old association would answer no longer concern it.
    StatusRequest.objects.filter(
        endorsement=endorsement, status=StatusRequest.Status.PENDING
    ).exclude(pk=request.pk).update(
        status=StatusRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    endorsement.association = receiving
    endorsement.status_index = next_status_index(receiving)
    endorsement.save(update_fields=["association", "status_index"])
    EndorsementEvent.objects.create(
        endorsement=endorsement,
        association=leaving,
        kind=EndorsementEvent.Kind.TRANSFERRED,
        at=timezone.now(),
        actor=actor,
        from_status=endorsement.status,
        to_status=endorsement.status,
        reason=f"{leaving.name} → {receiving.name}",
    )
    refresh_listing(endorsement)


GRANTS: dict[str, Callable[[StatusRequest, Endorsement, User], None]] = {
    Kind.INACTIVE: _grant_inactive,
    Kind.EMERITUS: _grant_emeritus,
    Kind.TRANSFER: _grant_transfer,
}
