"""Writes about registrations and applications. Every write is one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.forms import EntryForm
from endorse.applications.membership import membership_check
from endorse.applications.models import (
    Agreement,
    Application,
    Details,
    Education,
    Entry,
    Event,
    Registration,
    SectionNote,
    Signature,
    Transcript,
)
from endorse.applications.portfolio import rows_from_portfolio
from endorse.applications.sections import BY_SLUG, ENTRY_SECTIONS
from endorse.applications.selectors import (
    Checklist,
    application_checklist,
    application_data,
    earliest_submission,
)
from endorse.applications.snapshots import entries_snapshot_take
from endorse.associations.models import Association
from endorse.core.moments import day_text
from endorse.core.tasks import notify
from endorse.core.text import without_nul
from endorse.core.uploads import checked_upload
from endorse.core.urls import site_url
from endorse.eligibility import Portfolio
from endorse.payments.models import FeeKind
from endorse.payments.selectors import charge_is_settled
from endorse.payments.services import charge_open
from endorse.ratings.models import RatingRequest
from endorse.ratings.services import close_requests_of
from endorse.reviews import workflow
from endorse.reviews.cycles import cycle_closing
from endorse.reviews.selectors import deadline_marks
from endorse.standards.models import Category, RequirementSet
from endorse.standards.selectors import requirement_catalog


def _event(
    registration: Registration,
    *,
    actor: User | None,
    from_state: str,
    to_state: str,
    note: str = "",
    application: Application | None = None,
) -> None:
    Event.objects.create(
        association_id=registration.association_id,
        registration=registration,
        application=application,
        actor=actor,
        at=timezone.now(),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


@transaction.atomic
def registration_submit(
    *, association: Association, applicant: User, fields: dict[str, Any], today: date
) -> Registration:
    """Send (or send again, after a return) the registration; the fee falls due once."""
    try:
        membership_check(expires_on=fields["membership_expires_on"], today=today)
    except ValidationError as error:
        raise ValidationError({"membership_expires_on": error.error_list}) from None
    registration = (
        Registration.objects.select_for_update()
        .filter(association=association, applicant=applicant)
        .first()
    )
    if registration is not None and registration.status != Registration.Status.RETURNED:
        raise ValidationError(_("Your registration was already sent."), code="already")
    previous = registration.status if registration else ""
    registration = registration or Registration(association=association, applicant=applicant)
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.status = Registration.Status.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.return_reason = ""
    registration.save()
    if registration.fee is None:
        registration.fee = charge_open(
            association=association,
            person=applicant,
            kind=FeeKind.REGISTRATION,
            category=registration.category,
            on=today,
        )
        registration.save(update_fields=["fee"])
    _event(registration, actor=applicant, from_state=previous, to_state=registration.status)
    return registration


def _pending(registration: Registration) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != Registration.Status.SUBMITTED:
        raise ValidationError(_("This registration was already decided."), code="decided")
    return locked


@transaction.atomic
def registration_accept(*, registration: Registration, actor: User, today: date) -> Application:
    """Accept after checking the fee and the membership; this opens the application."""
    locked = _pending(registration)
    if locked.fee is not None and not charge_is_settled(locked.fee):
        raise ValidationError(_("The registration fee is not paid or waived yet."), code="fee")
    if locked.membership_expires_on < today:
        raise ValidationError(_("The membership has expired."), code="membership")
    locked.status = Registration.Status.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    application = Application.objects.create(
        association_id=locked.association_id,
        applicant_id=locked.applicant_id,
        registration=locked,
        category_id=locked.category_id,
        opened_at=timezone.now(),
        processing_fee=charge_open(
            association=locked.association,
            person=locked.applicant,
            kind=FeeKind.PROCESSING,
            category=locked.category,
            on=today,
        ),
    )
    Details.objects.create(
        association_id=locked.association_id,
        application=application,
        membership_number=locked.membership_number,
        membership_expires_on=locked.membership_expires_on,
        complete=True,
    )
    _event(
        locked, actor=actor, from_state="submitted", to_state="accepted", application=application
    )
    slug = locked.association.slug
    notify(
        locked.applicant_id,
        "registration_accepted",
        association=locked.association.name,
        url=site_url("applications:overview", slug=slug),
        days=locked.association.minimum_preparation_days,
    )
    registration.refresh_from_db()
    return application


@transaction.atomic
def registration_return(*, registration: Registration, actor: User, reason: str) -> Registration:
    locked = _pending(registration)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what needs to change.")})
    locked.status = Registration.Status.RETURNED
    locked.return_reason = reason.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
    _event(locked, actor=actor, from_state="submitted", to_state="returned", note=reason.strip())
    notify(
        locked.applicant_id,
        "registration_returned",
        association=locked.association.name,
        reason=locked.return_reason,
        url=site_url("applications:register", slug=locked.association.slug),
    )
    registration.refresh_from_db()
    return locked


def refuse_unless_editable(application: Application, section: str | None = None) -> None:
    """Refuse a change the application's state doesn't allow: on hold, only in the
    reopened sections; ``section=None`` is a change to the whole application."""
    allowed = (
        application.in_preparation if section is None else application.section_editable(section)
    )
    if not allowed:
        raise ValidationError(_("This application was submitted and can no longer change."))


def section_of_model(model: type[Entry]) -> str:
    return next(section.slug for section in BY_SLUG.values() if section.model is model)


def unlocked_entry(entry: Entry) -> Entry:
    """The entry, re-read under a row lock: a request sent a moment ago locks it."""
    return _read_unlocked(type(entry)._default_manager.all(), entry.pk)


def _read_unlocked(rows: QuerySet[Entry], pk: int) -> Entry:
    """Row ``pk`` of ``rows`` under a row lock, unless a rating request locks it;
    ``DoesNotExist`` when there is no such row."""
    fresh = rows.select_for_update().get(pk=pk)
    if fresh.locked:
        raise ValidationError(
            _("A rating request went to this rater: withdraw it to change the rater."),
            code="locked",
        )
    return fresh


@transaction.atomic
def entry_create(*, application: Application, model: type[Entry]) -> Entry:
    refuse_unless_editable(application, section_of_model(model))
    return model._default_manager.create(
        association_id=application.association_id, application=application
    )


def _plain(data: QueryDict) -> dict[str, Any]:
    """What was typed, minus the CSRF token (and any NUL, which the form refuses): the
    draft shown again after a reload."""
    return {
        key: [without_nul(v) for v in values] if len(values) > 1 else without_nul(values[0])
        for key, values in data.lists()
        if key != "csrfmiddlewaretoken"
    }


@transaction.atomic
def entry_autosave(
    *,
    application: Application,
    model: type[Entry],
    pk: int,
    form_class: type[EntryForm],
    data: QueryDict,
    prefix: str,
) -> EntryForm:
    """Save what was typed into entry ``pk`` of ``application``: valid input updates the
    entry; invalid input is kept as a draft. The entry is read once, under its row lock
    (``DoesNotExist`` when the application has no such entry)."""
    refuse_unless_editable(application, section_of_model(model))
    entry = _read_unlocked(model._default_manager.filter(application=application), pk)
    form = form_class(data=data, instance=entry, prefix=prefix)
    if form.is_valid():
        entry = form.save(commit=False)
        entry.complete = True
        entry.draft = None
    else:
        type(entry)._default_manager.filter(pk=entry.pk).update(
            complete=False, draft=_plain(data), saved_at=timezone.now()
        )
        entry.refresh_from_db()
        return form
    entry.saved_at = timezone.now()
    entry.save()
    application.save(update_fields=["updated_at"])
    return form


@transaction.atomic
def entry_delete(*, application: Application, entry: Entry) -> None:
    refuse_unless_editable(application, section_of_model(type(entry)))
    unlocked_entry(entry)
    entry.delete()
    application.save(update_fields=["updated_at"])


@transaction.atomic
def application_set_category(*, application: Application, category: Category) -> None:
    refuse_unless_editable(application)
    if application.kind == Application.Kind.REINSTATEMENT and category != application.category:
        raise ValidationError(
            _("A reinstatement is for the category of the lapsed Endorsement®."), code="fixed"
        )
    from endorse.endorsements.models import Endorsement  # endorsements builds on applications

    held = Endorsement.objects.filter(
        association_id=application.association_id,
        person_id=application.applicant_id,
        category=category,
    ).exclude(status=Endorsement.Status.REVOKED)
    if application.kind == Application.Kind.ADDED_CATEGORY and held.exists():
        raise ValidationError(_("You already hold this category."), code="held")
    application.category = category
    application.save(update_fields=["category", "updated_at"])


@transaction.atomic
def note_save(
    *, application: Application, section: str, text: str, by_coordinator: bool
) -> SectionNote:
    if not by_coordinator:
        refuse_unless_editable(application, section)
    note, _created = SectionNote.objects.get_or_create(
        association_id=application.association_id, application=application, section=section
    )
    if by_coordinator:
        note.coordinator_comment = text.strip()
        note.coordinator_saved_at = timezone.now()
    else:
        note.applicant_note = text
        note.applicant_saved_at = timezone.now()
    note.save()
    return note


@transaction.atomic
def agreement_sign(
    *, application: Application, agreement: Agreement, signed_name: str
) -> Signature:
    refuse_unless_editable(application, "status")
    if agreement.association_id != application.association_id:
        raise ValidationError(_("This text belongs to another association."))
    signature, _created = Signature.objects.update_or_create(
        application=application,
        agreement=agreement,
        defaults={
            "association_id": application.association_id,
            "signed_name": signed_name.strip(),
            "signed_at": timezone.now(),
        },
    )
    return signature


@transaction.atomic
def transcript_add(
    *, education: Education, upload: Any, actor: User, official: bool, max_bytes: int
) -> Transcript:
    if not official:  # the coordinator may still add what arrives by mail after submission
        refuse_unless_editable(education.application, "education")
    content_type = checked_upload(upload, max_bytes=max_bytes)
    return Transcript.objects.create(
        association_id=education.association_id,
        education=education,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        official=official,
        uploaded_by=actor,
    )


@transaction.atomic
def transcript_set_official(*, transcript: Transcript, official: bool) -> None:
    transcript.official = official
    transcript.save(update_fields=["official"])


@transaction.atomic
def transcript_delete(*, application: Application, transcript: Transcript) -> None:
    refuse_unless_editable(application, "education")
    if transcript.official:
        raise ValidationError(_("An official transcript can only be removed by the coordinator."))
    stored, name = transcript.file.storage, transcript.file.name
    transcript.delete()
    # An application for another category may share the stored file (later.entries_copy).
    if name and not Transcript.objects.filter(file=name).exists():
        stored.delete(name)


@transaction.atomic
def portfolio_import(*, application: Application, portfolio: Portfolio, replace: bool) -> int:
    """Add (or, with ``replace``, swap in) the entries of an exported portfolio."""
    refuse_unless_editable(application)
    if replace:
        for section in ENTRY_SECTIONS:
            assert section.model is not None
            if section.slug != "references":
                section.model._default_manager.filter(application=application).delete()
    rows = rows_from_portfolio(portfolio, application)
    now = timezone.now()
    for row in rows:
        row.saved_at = now
        row.save()
    details = Details.objects.filter(application=application).first()
    if details is not None:
        details.mental_health_license = portfolio.person.mental_health_license
        details.license_eligible = portfolio.person.license_eligible
        if portfolio.membership.expires_on:
            details.membership_expires_on = portfolio.membership.expires_on
        # The file's phone fills a blank one; its name and email are the account's business.
        details.phone = details.phone or portfolio.person.phone
        details.save()
    application.save(update_fields=["updated_at"])
    return len(rows)


def submission_blockers(
    *, application: Application, today: date, lang: str, checklist: Checklist | None = None
) -> list[str]:
    """Plain sentences saying why the application can't be submitted yet (none: it can).

    A page that already shows the checklist for the application's category (in
    ``lang``, on ``today``) passes it in rather than judging the portfolio twice.
    """
    with translation.override(lang):
        if checklist is None:
            data = application_data(application=application, today=today)
            checklist = application_checklist(
                data=data, category=application.category, on=today, lang=lang
            )
        return _blockers(application, checklist, today)


def _blockers(application: Application, checklist: Checklist, today: date) -> list[str]:
    blockers = [row.message for row in checklist.rows if not row.met]
    if checklist.evaluation is None:
        blockers.append(_("This category has no requirements in force today."))
    if checklist.incomplete:
        blockers.append(_("Finish or delete the entries marked incomplete."))
    earliest = earliest_submission(application=application)
    if today < earliest:
        blockers.append(
            _("You can submit on or after %(day)s (the minimum preparation time).")
            % {"day": day_text(earliest)}
        )
    if not charge_is_settled(application.processing_fee):
        blockers.append(_("The application processing fee is not paid or waived yet."))
    return blockers


@transaction.atomic
def application_submit(
    *, application: Application, actor: User, today: date, ratings_waived: bool
) -> Application:
    def ready(locked: Application) -> None:
        blockers = submission_blockers(application=locked, today=today, lang="en")
        if blockers:
            raise ValidationError(blockers, code="not_ready")

    locked = workflow.move(application, "submit", actor=actor, guard=ready)
    locked.pinned_requirement_set, locked.pinned_version = _pinned(locked, today)
    locked.submitted_at = timezone.now()
    locked.review_cycle = cycle_closing(deadline_marks(association=locked.association), today)
    # A waiver stays waived: raters may have written trusting it.
    locked.ratings_waived = bool(locked.ratings_waived) or ratings_waived
    locked.save(
        update_fields=[
            "pinned_requirement_set", "pinned_version", "submitted_at", "review_cycle",
            "ratings_waived",
        ]
    )  # fmt: skip
    close_requests_of(locked, reason=RatingRequest.Closed.APPLICATION_SUBMITTED)
    entries_snapshot_take(application=locked)
    notify(
        locked.applicant_id,
        "application_submitted",
        association=application.association.name,
        category_code=application.category.code,
        day=today.isoformat(),
        version=locked.pinned_version,
        url=site_url("applications:overview", slug=application.association.slug),
    )
    application.refresh_from_db()
    return locked


def _pinned(application: Application, today: date) -> tuple[RequirementSet | None, str]:
    """The stored version in force today (the association's own, else the baseline's)."""
    ruleset = requirement_catalog(association=application.association).in_force(
        application.category.code, today
    )
    if ruleset is None:
        return None, ""
    owned = ruleset.source == application.association.slug  # else the baseline's
    row = RequirementSet.objects.filter(
        category=application.category,
        association=application.association if owned else None,
        effective_from=ruleset.effective_from,
    ).first()
    return row, ruleset.version
