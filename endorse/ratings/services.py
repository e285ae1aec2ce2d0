"""Writes about rating requests and ratings. Every write is one transaction.

A reference moves ``not_requested → sent → opened → completed`` (or ``declined``);
withdrawing a request brings it back to ``not_requested`` so the applicant can
change the rater. Sending again closes the old link and sends a new one; a
draft the rater saved stays with the reference, not with the link. A link
expires the association's ``rating_link_days`` after it was sent: it then
opens nothing, saves nothing and gets no reminder, until a new one is sent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Application, Event, Reference
from endorse.associations.models import RATING_LINK_DAYS_MAX
from endorse.core.tasks import notify
from endorse.core.urls import site_url
from endorse.ratings.delivery import rater_email_queue
from endorse.ratings.expiry import link_expired
from endorse.ratings.models import Rating, RatingRequest
from endorse.ratings.tokens import new_nonce, token_for, token_hash

Status = Reference.Status
OFFERED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


# Locks are always taken in one order, reference then its requests, and never on the
# application row, so that the applicant, the rater and a submission can't deadlock.
MAX_SENDS_PER_DAY = 3


def _lock_reference(pk: int) -> Reference:
    return (
        Reference.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=pk)
    )


def _locked_reference(reference: Reference) -> Reference:
    locked = _lock_reference(reference.pk)
    if not locked.application.takes_ratings:
        raise ValidationError(
            _("Your application was submitted: rating requests can't change now."), code="frozen"
        )
    return locked


def _expired(rating_request: RatingRequest, now: datetime) -> bool:
    days = rating_request.association.rating_link_days
    return link_expired(sent_at=rating_request.sent_at, days=days, now=now)


@transaction.atomic
def request_send(
    *, reference: Reference, language: str, replaces: int | None = None, actor: User | None = None
) -> RatingRequest:
    """Email the rater a new link (closing any earlier one) in the language chosen for them.

    ``replaces`` is the link the sender saw out (its request's id; None: none). If another
    link is out by now, this is a second click or a stale page: nothing is sent again.
    """
    locked = _locked_reference(reference)
    current = locked.requests.filter(closed_at=None).select_related("association").first()
    _check_sendable(locked, language)
    if (current.pk if current else None) != replaces:
        raise ValidationError(
            _("A new link was sent already; nothing more was sent.")
            if current
            else _("This request changed meanwhile; nothing was sent. See where it stands."),
            code="already_sent",
        )
    a_day_ago = timezone.now() - timedelta(days=1)
    if locked.requests.filter(sent_at__gt=a_day_ago).count() >= MAX_SENDS_PER_DAY:
        raise ValidationError(
            _("This rater got %(count)d links today; you can send another tomorrow.")
            % {"count": MAX_SENDS_PER_DAY},
            code="too_many",
        )
    close_requests_of(locked.application, reference=locked, reason=RatingRequest.Closed.REPLACED)
    nonce = new_nonce()
    now = timezone.now()
    rating_request = RatingRequest.objects.create(
        association_id=locked.association_id,
        reference=locked,
        nonce=nonce,
        token_hash=token_hash(token_for(nonce)),
        language=language,
        sent_at=now,
    )
    if current is not None:
        # A new link for one already out (expired or not): the application's history keeps it.
        Event.objects.create(
            association_id=locked.association_id,
            registration_id=locked.application.registration_id,
            application=locked.application,
            actor=actor,
            at=now,
            from_state="link_expired" if _expired(current, now) else f"link_{locked.status}",
            to_state="link_resent",
            note=f"reference {locked.pk}",
        )
    locked.status = Status.SENT  # a new link, not opened yet
    locked.save(update_fields=["status"])
    rater_email_queue(rating_request=rating_request, template="rating_request")
    return rating_request


def _check_sendable(locked: Reference, language: str) -> None:
    if not locked.complete:
        raise ValidationError(
            _("Fill in the rater's name, email and role before sending the request."),
            code="incomplete",
        )
    if locked.status not in (Status.NOT_REQUESTED, Status.SENT, Status.OPENED):
        raise ValidationError(
            _("This rater has already answered: withdraw the request to ask someone else."),
            code="answered",
        )
    if language not in OFFERED_LANGUAGES:
        raise ValidationError(_("Choose a language we offer."), code="language")
    if locked.email.strip().lower() == locked.application.applicant.email.lower():
        raise ValidationError(_("A rater can't be yourself."), code="self")


@transaction.atomic
def request_withdraw(*, reference: Reference) -> None:
    """Take the request back: the link stops, a draft is dropped, the rater can be changed."""
    locked = _locked_reference(reference)
    if locked.status == Status.NOT_REQUESTED:
        raise ValidationError(_("No request was sent to this rater."), code="not_sent")
    if locked.status == Status.COMPLETED:
        raise ValidationError(
            _("This rating was received; it can't be withdrawn."), code="completed"
        )
    close_requests_of(locked.application, reference=locked, reason=RatingRequest.Closed.WITHDRAWN)
    Rating.objects.filter(reference=locked, submitted_at=None).delete()
    locked.status = Status.NOT_REQUESTED
    locked.save(update_fields=["status"])


def close_requests_of(
    application: Application, *, reason: str, reference: Reference | None = None
) -> None:
    """Stop the links still out: all of the application's (on submission) or one rater's."""
    requests = RatingRequest.objects.filter(reference__application=application, closed_at=None)
    if reference is not None:
        requests = requests.filter(reference=reference)
    requests.update(closed_at=timezone.now(), closed_reason=reason)


def _locked_open_request(rating_request: RatingRequest) -> RatingRequest:
    reference = _lock_reference(rating_request.reference_id)
    locked = (
        RatingRequest.objects.select_for_update(of=("self",))
        .select_related("association")
        .get(pk=rating_request.pk)
    )
    locked.reference = reference
    if not (locked.is_open and reference.link_works):
        raise ValidationError(_("This link no longer works."), code="closed")
    if _expired(locked, timezone.now()):  # the page checked too; this holds for a late POST
        raise ValidationError(_("This link has expired."), code="expired")
    return locked


@transaction.atomic
def request_opened(*, rating_request: RatingRequest) -> None:
    locked = _locked_open_request(rating_request)
    if locked.opened_at is None:
        locked.opened_at = timezone.now()
        locked.save(update_fields=["opened_at"])
    Reference.objects.filter(pk=locked.reference_id, status=Status.SENT).update(
        status=Status.OPENED
    )


def _rating(rating_request: RatingRequest) -> Rating:
    rating, _created = Rating.objects.get_or_create(
        reference_id=rating_request.reference_id,
        defaults={"association_id": rating_request.association_id},
    )
    return rating


@transaction.atomic
def rating_save_draft(*, rating_request: RatingRequest, typed: dict[str, str]) -> Rating:
    """Keep what the rater typed so far, as typed; nothing is checked yet."""
    locked = _locked_open_request(rating_request)
    rating = _rating(locked)
    rating.draft = typed
    rating.saved_at = timezone.now()
    rating.save(update_fields=["draft", "saved_at"])
    return rating


@transaction.atomic
def rating_submit(*, rating_request: RatingRequest, answers: dict[str, Any], today: date) -> Rating:
    """The checked answers: the reference counts from now on and the link stops."""
    locked = _locked_open_request(rating_request)
    rating = _rating(locked)
    now = timezone.now()
    rating.answers = answers
    rating.draft = {}
    rating.saved_at = rating.submitted_at = now
    rating.save(update_fields=["answers", "draft", "saved_at", "submitted_at"])
    reference = locked.reference
    reference.status = Status.COMPLETED
    reference.received_on = today
    reference.rater_endorsed = bool(answers.get("rater_endorsed"))
    reference.save(update_fields=["status", "received_on", "rater_endorsed"])
    close_requests_of(
        reference.application, reference=reference, reason=RatingRequest.Closed.SUBMITTED
    )
    _tell_applicant(reference, "rating_received")
    return rating


@transaction.atomic
def rating_decline(*, rating_request: RatingRequest, reason: str) -> None:
    locked = _locked_open_request(rating_request)
    rating = _rating(locked)
    rating.declined_at = timezone.now()
    rating.decline_reason = reason.strip()
    rating.draft = {}
    rating.save(update_fields=["declined_at", "decline_reason", "draft"])
    reference = locked.reference
    reference.status = Status.DECLINED
    reference.save(update_fields=["status"])
    close_requests_of(
        reference.application, reference=reference, reason=RatingRequest.Closed.DECLINED
    )
    _tell_applicant(reference, "rating_declined")


def _tell_applicant(reference: Reference, template: str) -> None:
    application = reference.application
    association = application.association
    notify(
        application.applicant_id,
        template,
        association=association.name,
        rater=reference.name,
        url=site_url("applications:section", slug=association.slug, section="references"),
    )


@transaction.atomic
def reference_record_rating(
    *, reference: Reference, received_on: date, rater_endorsed: bool, vetted: bool
) -> Reference:
    """A rating that reached the coordinator outside the site (on paper, by email); any link
    still out for this rater stops."""
    locked = _lock_reference(reference.pk)
    if not locked.complete:
        raise ValidationError(_("The applicant has not finished entering this reference."))
    if locked.status == Status.COMPLETED:
        raise ValidationError(_("This rating was received already."), code="completed")
    locked.status = Status.COMPLETED
    locked.received_on = received_on
    locked.rater_endorsed = rater_endorsed
    locked.vetted = vetted
    locked.save(update_fields=["status", "received_on", "rater_endorsed", "vetted"])
    close_requests_of(locked.application, reference=locked, reason=RatingRequest.Closed.RECORDED)
    return locked


@transaction.atomic
def reference_vet(
    *, reference: Reference, rater_endorsed: bool, vetted: bool, vetted_note: str
) -> Reference:
    """The coordinator's check of a received rating's rater: the Endorsement the rater
    claimed, confirmed or not (against the registry), or a vetting call with a note."""
    locked = _lock_reference(reference.pk)
    if locked.status != Status.COMPLETED:
        raise ValidationError(_("Only a received rating's rater can be checked."), code="open")
    if vetted and not vetted_note.strip():
        raise ValidationError({"vetted_note": _("Say how the rater was vetted.")}, code="note")
    locked.rater_endorsed = rater_endorsed
    locked.vetted = vetted
    locked.vetted_note = vetted_note.strip()
    locked.save(update_fields=["rater_endorsed", "vetted", "vetted_note"])
    return locked


def reminders_send_due(now: datetime) -> int:
    """Queue a reminder for each link still out whose next reminder day has come.

    Each reminder is claimed by a conditional update of ``reminders_sent``, so two
    clocks or a restarted one never send the same reminder twice. A clock that was
    stopped for long sends one reminder for all the days it missed, not several.
    """
    days = tuple(settings.ENDORSE_RATING_REMINDER_DAYS)
    sent = 0
    candidates = RatingRequest.objects.filter(
        closed_at=None,
        # Older links have expired whatever the setting: they are not read again.
        sent_at__gt=now - timedelta(days=RATING_LINK_DAYS_MAX),
        reminders_sent__lt=len(days),
        reference__status__in=(Status.SENT, Status.OPENED),
        reference__application__status__in=(Application.Status.PREPARING,
                                             Application.Status.ON_HOLD),
    ).select_related("association", "reference__application")  # fmt: skip
    for candidate in candidates:
        if not candidate.reference.link_works:  # on hold, but references not reopened
            continue
        if _expired(candidate, now):  # a reminder would carry a link that opens nothing
            continue
        pk, done = candidate.pk, candidate.reminders_sent
        due = sum(1 for offset in days if candidate.sent_at + timedelta(days=offset) <= now)
        if due <= done:
            continue
        with transaction.atomic():
            claimed = RatingRequest.objects.filter(
                pk=pk, closed_at=None, reminders_sent=done
            ).update(reminders_sent=due)
            if claimed:
                rater_email_queue(rating_request=candidate, template="rating_reminder")
                sent += 1
    return sent
