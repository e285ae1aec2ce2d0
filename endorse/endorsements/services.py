"""Granting an Endorsement, and every later change of its status (with its timeline)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Details
from endorse.associations.models import Association
from endorse.core.tasks import notify
from endorse.core.text import fold
from endorse.core.urls import site_url
from endorse.eligibility.renewal import Period, first_period
from endorse.endorsements.models import (
    Endorsement,
    EndorsementEvent,
    RetiredStatusIndex,
    RscOffer,
)
from endorse.endorsements.registry import refresh_listing
from endorse.endorsements.rsc import qualifies
from endorse.renewals.selectors import renewal_policy


@transaction.atomic
def endorsement_grant(
    *, application: Application, issued_on: date, actor: User | None = None
) -> Endorsement:
    """Number ``<SLUG>-<year>-<nnnn>``, counted per association and year; the first
    renewal falls due by the association's renewal model.

    The association's row is locked while the number is chosen, so two approvals at
    once can't take the same number (the unique constraint would refuse it anyway).
    """
    association = Association.objects.select_for_update().get(pk=application.association_id)
    prefix = f"{association.slug.upper()}-{issued_on.year}-"
    taken = Endorsement.objects.filter(association=association, number__startswith=prefix).count()
    endorsement = Endorsement.objects.create(
        association=association,
        person_id=application.applicant_id,
        category_id=application.category_id,
        application=application,
        number=f"{prefix}{taken + 1:04d}",
        issued_on=issued_on,
        locality=_county_of(application),
        status_index=next_status_index(association),
        locality_shown=_locality_shown_before(application.applicant_id),
    )
    set_due(
        endorsement,
        first_period(
            renewal_policy(association=association),
            submitted_on=_submitted_on(application, issued_on),
            endorsed_on=issued_on,
        ),
    )
    endorsement.save(update_fields=list(DUE_FIELDS))
    event_record(endorsement, EndorsementEvent.Kind.GRANTED, actor=actor, from_status="")
    refresh_listing(endorsement)
    notify(
        endorsement.person_id,
        "endorsement_granted",
        association=association.name,
        category_code=application.category.code,
        number=endorsement.number,
        url=site_url("me"),
        verify_url=endorsement.verify_address,
    )
    return endorsement


def _submitted_on(application: Application, issued_on: date) -> date:
    """The day the application was submitted, in the association's calendar."""
    if application.submitted_at is None:
        return issued_on
    return application.association.local_date(application.submitted_at)


def event_record(
    endorsement: Endorsement,
    kind: str,
    *,
    actor: User | None,
    from_status: str,
    reason: str = "",
) -> EndorsementEvent:
    """One line of the endorsement's timeline: what changed, who did it, why."""
    return EndorsementEvent.objects.create(
        endorsement=endorsement,
        association_id=endorsement.association_id,
        kind=kind,
        at=timezone.now(),
        actor=actor,
        from_status=from_status,
        to_status=endorsement.status,
        reason=reason,
    )


DUE_FIELDS = ("next_due_on", "next_period_starts", "next_period_years")


def set_due(endorsement: Endorsement, due: Period | None) -> None:
    """The next renewal period (unsaved), or none."""
    endorsement.next_due_on = due.due if due else None
    endorsement.next_period_starts = due.starts if due else None
    endorsement.next_period_years = due.years if due else None


@transaction.atomic
def status_change(
    *,
    endorsement: Endorsement,
    to: str,
    kind: str,
    actor: User | None,
    reason: str = "",
    due: Period | None = None,
) -> Endorsement:
    """Move an endorsement to status ``to``: the registry, the verification page, the
    credential's status and the timeline all follow. ``due`` is the next renewal period
    afterwards (none when the new status owes no renewal)."""
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    before = locked.status
    locked.status = to
    set_due(locked, due)
    locked.save(update_fields=["status", *DUE_FIELDS])
    event_record(locked, kind, actor=actor, from_status=before, reason=reason)
    refresh_listing(locked)
    return locked


def next_status_index(association: Association) -> int:
    """The next bit of the association's status lists never given (its row is locked):
    after those of its endorsements and those retired when an endorsement moved away."""
    held = Endorsement.objects.filter(association=association, status_index__isnull=False)
    retired = RetiredStatusIndex.objects.filter(association=association)
    used = [
        held.aggregate(last=Max("status_index"))["last"],
        retired.aggregate(last=Max("index"))["last"],
    ]
    return max((last for last in used if last is not None), default=-1) + 1


@transaction.atomic
def endorsement_for_approval(
    *, application: Application, issued_on: date, actor: User | None = None
) -> Endorsement:
    """What an approved application gives: a new endorsement, or for a reinstatement the
    lapsed one active again."""
    if application.kind == Application.Kind.REINSTATEMENT and application.reinstates_id:
        return endorsement_reinstate(application=application, on=issued_on, actor=actor)
    return endorsement_grant(application=application, issued_on=issued_on, actor=actor)


@transaction.atomic
def endorsement_reinstate(*, application: Application, on: date, actor: User | None) -> Endorsement:
    """The lapsed endorsement is active again, renewed from the reinstatement's date."""
    assert application.reinstates_id is not None
    lapsed = Endorsement.objects.select_for_update().get(pk=application.reinstates_id)
    if lapsed.status != Endorsement.Status.LAPSED:  # e.g. revoked meanwhile
        raise ValidationError(
            _("Only a lapsed Endorsement® can be reinstated; this one is %(status)s.")
            % {"status": lapsed.get_status_display()},
            code="not_lapsed",
        )
    reinstated = status_change(
        endorsement=lapsed,
        to=Endorsement.Status.ACTIVE,
        kind=EndorsementEvent.Kind.REINSTATED,
        actor=actor,
        due=first_period(
            renewal_policy(association=application.association),
            submitted_on=_submitted_on(application, on),
            endorsed_on=on,
        ),
    )
    notify(
        reinstated.person_id,
        "endorsement_reinstated",
        association=application.association.name,
        category_code=reinstated.category.code,
        number=reinstated.number,
        url=site_url("me"),
    )
    return reinstated


def _county_of(application: Application) -> str:
    details = Details.objects.filter(application=application).first()
    return details.county if details else ""


def _locality_shown_before(person_id: int) -> bool:
    """Someone who hid their place on the registry keeps it hidden on a new endorsement."""
    return not Endorsement.objects.filter(person_id=person_id, locality_shown=False).exists()


@transaction.atomic
def registry_listing_set(
    *, person: User, locality: str, locality_shown: bool, listed_ids: set[int]
) -> int:
    """The endorsee's choices for the registry: one place (shown or not) for all their
    endorsements, and which endorsements are listed (the others are archived from it).

    Only the person's own endorsements change, whatever ids are posted. Returns how many
    endorsements are listed afterwards.
    """
    listed = 0
    for endorsement in Endorsement.objects.select_for_update().filter(person=person):
        endorsement.locality = locality.strip()
        endorsement.locality_shown = locality_shown
        endorsement.listed = endorsement.pk in listed_ids
        endorsement.save(update_fields=["locality", "locality_shown", "listed"])
        refresh_listing(endorsement)
        listed += endorsement.listed
    return listed


@transaction.atomic
def registry_names_refresh(*, person: User) -> None:
    """After a change of name: the registry finds and sorts the person by the new one."""
    for endorsement in Endorsement.objects.select_for_update().filter(person=person):
        endorsement.person = person
        refresh_listing(endorsement)


@transaction.atomic
def endorsement_revoke(
    *, endorsement: Endorsement, revoked_on: date, reason: str, actor: User | None = None
) -> Endorsement:
    """Revoke: the verification page, the registry and the credential's status say so."""
    endorsement = status_change(
        endorsement=endorsement,
        to=Endorsement.Status.REVOKED,
        kind=EndorsementEvent.Kind.REVOKED,
        actor=actor,
        reason=reason.strip(),
    )
    endorsement.revoked_on = revoked_on
    endorsement.revoked_reason = reason.strip()
    endorsement.save(update_fields=["revoked_on", "revoked_reason"])
    notify(
        endorsement.person_id,
        "endorsement_revoked",
        association=endorsement.association.name,
        category_code=endorsement.category.code,
        number=endorsement.number,
        reason=endorsement.revoked_reason,
    )
    return endorsement


@transaction.atomic
def rsc_offer_set(
    *, association: Association, person: User, on: date, fields: dict[str, Any]
) -> RscOffer:
    """Offer RS/C (or change the offer); only someone who qualifies today may."""
    if not qualifies(association, person, on):
        raise ValidationError(
            _("Only endorsees whose Endorsement® qualifies them to provide RS/C can offer it."),
            code="not_qualified",
        )
    offer, _created = RscOffer.objects.select_for_update().get_or_create(
        association=association, person=person, defaults=fields
    )
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.languages_key = fold(offer.languages)
    offer.save()
    return offer


@transaction.atomic
def rsc_offer_withdraw(*, association: Association, person: User) -> bool:
    """Stop offering RS/C; whether there was an offer."""
    deleted, _rows = RscOffer.objects.filter(association=association, person=person).delete()
    return deleted > 0
