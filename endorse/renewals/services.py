"""Writes about renewals: the endorsee's entries and submission, the coordinator's
decision, and what the clock does (reminders, lapses)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Agreement, Details
from endorse.associations.models import Association
from endorse.core.moments import day_text
from endorse.core.tasks import notify
from endorse.core.uploads import checked_upload
from endorse.core.urls import site_url
from endorse.eligibility.renewal import (
    add_years,
    audit_selected,
    first_period,
    period_ending_on,
)
from endorse.endorsements.models import Endorsement, EndorsementEvent
from endorse.endorsements.registry import refresh_listing
from endorse.endorsements.services import status_change
from endorse.payments.selectors import charge_is_settled
from endorse.payments.services import charge_open
from endorse.renewals.models import (
    Renewal,
    RenewalEvidence,
    RenewalRsc,
    RenewalSettings,
    RenewalTraining,
)
from endorse.renewals.reminders import (
    WAITING,
    calendars,
    on_each_day,
    renewal_reminders_send,  # noqa: F401 - its home was here
)
from endorse.renewals.selectors import (
    endorsements_due,
    fees_on_sending,
    period_after,
    period_of,
    renewal_checklist,
    renewal_policy,
    renewal_settings,
    shared_period,
)

# The association ----------------------------------------------------------------------


@transaction.atomic
def renewal_settings_save(
    *, association: Association, renewal_model: str, fields: dict[str, Any]
) -> RenewalSettings:
    """The association's renewal calendar and rules. A new model or calendar applies to
    due dates set from now on: those already set keep their period."""
    locked = Association.objects.select_for_update().get(pk=association.pk)
    locked.renewal_model = renewal_model
    locked.save(update_fields=["renewal_model"])
    settings, _created = RenewalSettings.objects.get_or_create(association=locked)
    listed_before = settings.inactive_listed
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    if settings.inactive_listed != listed_before:  # inactive endorsements join or leave it
        for endorsement in Endorsement.objects.filter(
            association=locked, status=Endorsement.Status.INACTIVE
        ).select_related("person", "category"):
            refresh_listing(endorsement)
    association.renewal_model = renewal_model
    return settings


# The endorsee -------------------------------------------------------------------------


@transaction.atomic
def renewal_open(*, association: Association, person: User) -> Renewal:
    """The person's renewal for their next due date, created on first use.

    It covers every active endorsement due that day, so hours are entered once for all
    of them. Membership details start from the person's last application.
    """
    due = endorsements_due(association=association, person=person)
    if not due:
        raise ValidationError(
            _("You hold no active Endorsement® here with a renewal due."), code="nothing_due"
        )
    due_on = due[0].next_due_on
    assert due_on is not None
    period = shared_period(due)
    renewal, created = Renewal.objects.select_for_update().get_or_create(
        association=association,
        person=person,
        due_on=due_on,
        kind=Renewal.Kind.RENEWAL,
        defaults={
            "period_starts": period.starts,
            "period_years": period.years,
            "opened_at": timezone.now(),
        },
    )
    if created:
        _membership_from_application(renewal)
    if renewal.editable:  # an endorsement granted meanwhile for the same date joins it
        renewal.endorsements.set(due)
        if (renewal.period_starts, renewal.period_years) != (period.starts, period.years):
            renewal.period_starts, renewal.period_years = period.starts, period.years
            renewal.save(update_fields=["period_starts", "period_years"])
    return renewal


@transaction.atomic
def reactivation_open(*, association: Association, person: User, on: date) -> Renewal:
    """Back from inactive status: a renewal of the person's inactive endorsements here,
    over one period's length before today, with the reactivation fee."""
    inactive = list(
        Endorsement.objects.select_for_update()
        .filter(association=association, person=person, status=Endorsement.Status.INACTIVE)
        .order_by("inactive_until", "pk")
    )
    if not inactive or inactive[0].inactive_until is None:
        raise ValidationError(
            _("You hold no inactive Endorsement® here to reactivate."), code="not_inactive"
        )
    years = renewal_policy(association=association).years
    renewal, created = Renewal.objects.get_or_create(
        association=association,
        person=person,
        kind=Renewal.Kind.REACTIVATION,
        due_on=inactive[0].inactive_until,
        defaults={
            "period_starts": add_years(on, -years) + timedelta(days=1),
            "period_years": years,
            "opened_at": timezone.now(),
        },
    )
    if created:
        _membership_from_application(renewal)
    if renewal.editable:
        renewal.endorsements.set(inactive)
    return renewal


def _membership_from_application(renewal: Renewal) -> None:
    details = (
        Details.objects.filter(
            application__association_id=renewal.association_id,
            application__applicant_id=renewal.person_id,
        )
        .order_by("-pk")
        .first()
    )
    if details is not None:
        renewal.membership_number = details.membership_number
        renewal.membership_expires_on = details.membership_expires_on
        renewal.save(update_fields=["membership_number", "membership_expires_on"])


def _editable(renewal: Renewal) -> Renewal:
    locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if not locked.editable:
        raise ValidationError(
            _("This renewal is with the coordinator and can't be changed."), code="locked"
        )
    return locked


@transaction.atomic
def renewal_details_save(*, renewal: Renewal, fields: dict[str, Any]) -> Renewal:
    """Membership, whether the person provides RS/C, and the attestation of hours."""
    locked = _editable(renewal)
    if locked.status == Renewal.Status.AUDIT:
        fields = {k: v for k, v in fields.items() if k != "hours_attested"}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def ethics_sign(
    *, renewal: Renewal, agreement: Agreement, signed_name: str, no_sanction: bool
) -> Renewal:
    """Sign the Code of Ethics in force again, and attest (or not) to no sanction."""
    locked = _editable(renewal)
    if agreement.association_id != locked.association_id:
        raise ValidationError(_("This Code of Ethics is not this association's."), code="other")
    if not signed_name.strip():
        raise ValidationError({"signed_name": _("Type your full name to sign.")})
    locked.ethics_agreement = agreement
    locked.ethics_signed_name = signed_name.strip()
    locked.ethics_signed_at = timezone.now()
    locked.no_sanction = no_sanction
    locked.save(
        update_fields=["ethics_agreement", "ethics_signed_name", "ethics_signed_at", "no_sanction"]
    )
    return locked


def _within_period(renewal: Renewal, day: date, field: str) -> None:
    if day > renewal.association.local_date(timezone.now()):
        raise ValidationError({field: _("The date can't be in the future.")})
    if not renewal.period_starts <= day <= renewal.due_on:
        raise ValidationError(
            {
                field: _("Only hours from %(start)s to %(end)s count for this renewal.")
                % {"start": day_text(renewal.period_starts), "end": day_text(renewal.due_on)}
            }
        )


@transaction.atomic
def training_add(*, renewal: Renewal, fields: dict[str, Any]) -> RenewalTraining:
    locked = _editable(renewal)
    _within_period(locked, fields["date"], "date")
    return RenewalTraining.objects.create(
        association_id=locked.association_id, renewal=locked, **fields
    )


@transaction.atomic
def rsc_add(*, renewal: Renewal, fields: dict[str, Any]) -> RenewalRsc:
    locked = _editable(renewal)
    _within_period(locked, fields["date"], "date")
    return RenewalRsc.objects.create(association_id=locked.association_id, renewal=locked, **fields)


@transaction.atomic
def hours_remove(*, renewal: Renewal, kind: str, pk: int) -> bool:
    """Remove one training or RS/C entry of this renewal; whether there was one."""
    locked = _editable(renewal)
    model = RenewalTraining if kind == "training" else RenewalRsc
    deleted, _rows = model.objects.filter(renewal=locked, pk=pk).delete()
    return deleted > 0


@transaction.atomic
def evidence_add(*, renewal: Renewal, upload: Any) -> RenewalEvidence:
    """A certificate or letter for an audit, checked by its content."""
    locked = _editable(renewal)
    if locked.status != Renewal.Status.AUDIT:
        raise ValidationError(_("Evidence is asked for only when a renewal is audited."))
    try:
        kind = checked_upload(upload, max_bytes=settings.ENDORSE_MAX_UPLOAD_BYTES)
    except ValidationError as error:  # said next to the file field
        raise ValidationError({"file": error.error_list}) from error
    return RenewalEvidence.objects.create(
        association_id=locked.association_id,
        renewal=locked,
        file=upload,
        original_name=upload.name[:255],
        content_type=kind,
        size=upload.size,
    )


@transaction.atomic
def evidence_remove(*, renewal: Renewal, pk: int) -> bool:
    locked = _editable(renewal)
    evidence = RenewalEvidence.objects.filter(renewal=locked, pk=pk).first()
    if evidence is None:
        return False
    evidence.file.delete(save=False)
    evidence.delete()
    return True


@transaction.atomic
def renewal_submit(*, renewal: Renewal, on: date) -> Renewal:
    """Send the renewal to the coordinator, within the window and with every requirement
    met. The renewal fee falls due (and the late fee after the due date); a renewal by
    attestation may be picked for an audit."""
    locked = _editable(renewal)
    if locked.status == Renewal.Status.AUDIT:
        raise ValidationError(_("Document your hours for the audit instead."), code="audit")
    period = period_of(locked)
    if on < period.opens:
        raise ValidationError(
            _("Renewals for this period can be sent from %(day)s.")
            % {"day": day_text(period.opens)},
            code="not_open",
        )
    if period.has_lapsed(on) and not (locked.submitted_at and on <= resend_by(locked)):
        raise ValidationError(
            _("The late period ended on %(day)s; apply to reinstate instead.")
            % {"day": day_text(period.late_until)},
            code="lapsed",
        )
    checklist = renewal_checklist(renewal=locked, on=on, lang="en")
    if not checklist.ready:
        raise ValidationError(_("Some requirements are not met yet; see the checklist."))
    first_time = locked.submitted_at is None
    if first_time:
        locked.submitted_at = timezone.now()
        locked.submitted_late = period.is_late(on)
        _fees_open(locked, on)
    # An audited renewal returned for changes is documented again, with its evidence, and
    # has the audit's time again to do it.
    locked.status = Renewal.Status.AUDIT if locked.audited else Renewal.Status.SUBMITTED
    if locked.audited and not first_time:
        days = renewal_settings(association=locked.association).audit_days
        locked.audit_due_on = on + timedelta(days=days)
    locked.return_reason = ""
    if checklist.by_attestation and locked.audit_ordinal is None:
        _audit_decide(locked, on)
    locked.save()
    return locked


def _fees_open(renewal: Renewal, on: date) -> None:
    """Charge the fees due on sending (selectors.fees_on_sending)."""
    for due in fees_on_sending(renewal, on):
        charge = charge_open(association=renewal.association, person=renewal.person,
                             kind=due.kind, category=due.category, on=on)  # fmt: skip
        if charge is not None:
            renewal.charges.add(charge)


def _audit_decide(renewal: Renewal, on: date) -> None:
    """Number the renewal among this period's attestations and pick it, or not.

    The association's row is locked so two submissions can't take the same number.
    """
    Association.objects.select_for_update().get(pk=renewal.association_id)
    # Saved, so its secret seed stays the same from one pick to the next.
    settings, _created = RenewalSettings.objects.get_or_create(association=renewal.association)
    ordinal = Renewal.objects.filter(
        association_id=renewal.association_id,
        due_on=renewal.due_on,
        audit_ordinal__isnull=False,
    ).count()
    renewal.audit_ordinal = ordinal
    key = renewal.due_on.isoformat()
    if audit_selected(settings.audit_seed, key, ordinal, settings.audit_percent):
        renewal.audited = True
        renewal.status = Renewal.Status.AUDIT
        renewal.audit_due_on = on + timedelta(days=settings.audit_days)
        notify(
            renewal.person_id,
            "renewal_audit",
            association=renewal.association.name,
            due=renewal.audit_due_on.isoformat(),
            url=site_url("renewals:renewal", slug=renewal.association.slug),
        )


@transaction.atomic
def audit_document(*, renewal: Renewal, on: date) -> Renewal:
    """The audited endorsee has listed the hours and uploaded evidence: back to the
    coordinator."""
    locked = _editable(renewal)
    if locked.status != Renewal.Status.AUDIT:
        raise ValidationError(_("This renewal is not being audited."), code="not_audited")
    if not renewal_checklist(renewal=locked, on=on, lang="en").ready:
        raise ValidationError(_("The hours listed don't meet the requirements yet."))
    if not locked.evidence.exists():
        raise ValidationError(_("Upload at least one certificate or letter for your hours."))
    locked.status = Renewal.Status.SUBMITTED
    locked.audit_documented_at = timezone.now()
    locked.save(update_fields=["status", "audit_documented_at"])
    return locked


# The coordinator ----------------------------------------------------------------------


def _with_coordinator(renewal: Renewal, *statuses: str) -> Renewal:
    locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if locked.status not in statuses:
        raise ValidationError(_("This renewal is not waiting for a decision."), code="state")
    return locked


@transaction.atomic
def renewal_approve(*, renewal: Renewal, actor: User) -> Renewal:
    """Renew every endorsement the renewal covers until the next period's due date."""
    locked = _with_coordinator(renewal, Renewal.Status.SUBMITTED)
    if not locked.endorsements.exists():  # e.g. it moved to another association meanwhile
        raise ValidationError(_("This renewal covers no Endorsement® here any more."))
    unpaid = [charge for charge in locked.charges.all() if not charge_is_settled(charge)]
    if unpaid:
        raise ValidationError(_("The renewal fees are not paid or waived yet."), code="fee")
    policy = renewal_policy(association=locked.association)
    if locked.kind == Renewal.Kind.REACTIVATION:
        on = locked.association.local_date(timezone.now())
        # As after a first application: none due in the calendar year of the reactivation.
        following = first_period(policy, submitted_on=on, endorsed_on=on)
        was, kind = Endorsement.Status.INACTIVE, EndorsementEvent.Kind.REACTIVATED
    else:
        following = period_after(policy, locked.due_on)
        was, kind = Endorsement.Status.ACTIVE, EndorsementEvent.Kind.RENEWED
    for endorsement in locked.endorsements.filter(status=was):
        status_change(
            endorsement=endorsement,
            to=Endorsement.Status.ACTIVE,
            kind=kind,
            actor=actor,
            due=following,
        )
    locked.status = Renewal.Status.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    notify(
        locked.person_id,
        "renewal_approved",
        association=locked.association.name,
        next_due=following.due.isoformat(),
        url=site_url("me"),
    )
    return locked


@transaction.atomic
def renewal_return(*, renewal: Renewal, reason: str, actor: User) -> Renewal:
    """Send the renewal back with what to change."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the endorsee should change.")})
    locked = _with_coordinator(renewal, Renewal.Status.SUBMITTED, Renewal.Status.AUDIT)
    locked.status = Renewal.Status.RETURNED
    locked.return_reason = reason.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
    notify(
        locked.person_id,
        "renewal_returned",
        association=locked.association.name,
        reason=locked.return_reason,
        url=site_url("renewals:renewal", slug=locked.association.slug),
    )
    return locked


# The clock ----------------------------------------------------------------------------
# Reminders are in ``reminders.py``; ``renewal_reminders_send`` is imported above for the
# callers that look for it here.


def endorsements_lapse(now: datetime) -> int:
    """Lapse the endorsements not renewed by the end of their late period, and the inactive
    ones not reactivated by the end of their inactive period: they leave the registry, and
    the verification page and credential say so. One whose renewal (or reactivation) was
    sent in time and waits for the coordinator does not lapse. Across all associations at
    once: with nothing to lapse, three queries however many associations there are."""
    found = calendars(now)
    if not found:
        return 0
    lapsed = 0
    for endorsement in Endorsement.objects.filter(
        on_each_day(found, "inactive_until"),
        _not_waiting(Renewal.Kind.REACTIVATION),
        status=Endorsement.Status.INACTIVE,
    ):
        lapsed += _lapse(endorsement, None)
    # The due dates passed, each once per association, then only the endorsements of those
    # whose late period is over (not every endorsee still in the late period, each tick).
    passed = (
        Endorsement.objects.filter(
            on_each_day(found, "next_due_on"),
            _not_waiting(Renewal.Kind.RENEWAL),
            status=Endorsement.Status.ACTIVE,
        )
        .values_list("association_id", "next_due_on")
        .distinct()
        .order_by()
    )
    over = [
        Q(association_id=association_id, next_due_on=due_on)
        for association_id, due_on in passed
        if due_on is not None
        and period_ending_on(found[association_id].policy, due_on).has_lapsed(
            found[association_id].today
        )
    ]
    if over:
        for endorsement in Endorsement.objects.filter(
            reduce(or_, over), _not_waiting(Renewal.Kind.RENEWAL), status=Endorsement.Status.ACTIVE
        ):
            lapsed += _lapse(endorsement, endorsement.next_due_on)
    return lapsed


def _not_waiting(kind: str) -> Q:
    """Not one whose renewal (or reactivation) was sent and waits for the coordinator: it
    can't lapse, so it isn't read again each tick. The rarer cases that may still count
    (an audit, a return with time left) are checked one by one by ``_still_pending``."""
    sent = Renewal.objects.filter(
        association_id=OuterRef("association_id"), endorsements=OuterRef("pk"), kind=kind,
        status=Renewal.Status.SUBMITTED, submitted_at__isnull=False,
    )  # fmt: skip
    if kind == Renewal.Kind.RENEWAL:
        sent = sent.filter(due_on=OuterRef("next_due_on"))
    return ~Q(Exists(sent))


def resend_by(renewal: Renewal) -> date:
    """The last day a renewal sent in time and returned for changes may be sent again: the
    end of its late period, or the audit's number of days after the return if later."""
    period = period_of(renewal)
    if renewal.status != Renewal.Status.RETURNED or renewal.decided_at is None:
        return period.late_until
    days = renewal_settings(association=renewal.association).audit_days
    returned_on = renewal.association.local_date(renewal.decided_at)
    return max(period.late_until, returned_on + timedelta(days=days))


def _still_pending(endorsement: Endorsement, due_on: date | None) -> bool:
    """Whether a renewal (or reactivation) of it was sent and still counts: waiting for the
    coordinator, audited with its deadline not passed, or returned with time left to send
    it again."""
    today = endorsement.association.local_date(timezone.now())
    sent = Renewal.objects.filter(
        association_id=endorsement.association_id,
        endorsements=endorsement,
        submitted_at__isnull=False,
    ).select_related("association")
    if due_on is None:
        sent = sent.filter(kind=Renewal.Kind.REACTIVATION)
    else:
        sent = sent.filter(kind=Renewal.Kind.RENEWAL, due_on=due_on)
    for renewal in sent.filter(status__in=(*WAITING, Renewal.Status.RETURNED)):
        if renewal.status == Renewal.Status.SUBMITTED:
            return True
        if renewal.status == Renewal.Status.AUDIT:
            if renewal.audit_due_on is None or renewal.audit_due_on >= today:
                return True
        elif resend_by(renewal) >= today:
            return True
    return False


@transaction.atomic
def _lapse(endorsement: Endorsement, due_on: date | None) -> bool:
    """``due_on``: the renewal date missed; None for the end of an inactive period."""
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    expected = Endorsement.Status.ACTIVE if due_on else Endorsement.Status.INACTIVE
    if locked.status != expected or locked.next_due_on != due_on:
        return False  # renewed, reactivated, or lapsed by another clock, meanwhile
    if _still_pending(locked, due_on):
        return False
    status_change(
        endorsement=locked,
        to=Endorsement.Status.LAPSED,
        kind=EndorsementEvent.Kind.LAPSED,
        actor=None,
    )
    notify(
        locked.person_id,
        "endorsement_lapsed",
        association=locked.association.name,
        category_code=locked.category.code,
        number=locked.number,
        url=site_url("me"),
    )
    return True
