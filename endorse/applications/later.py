"""Applications after the first at an association: another category for an endorsee,
and reinstating a lapsed endorsement.

The new application starts from copies of the entries of the person's latest
application there (details, education with its transcripts, work, training, RS/C,
leadership, RS/C provided), so nothing is typed twice; references and signatures are
not copied: raters rate for a category, and agreements are signed for each application.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import (
    Application,
    Details,
    Education,
    Entry,
    Leadership,
    Registration,
    Rsc,
    RscProvided,
    Training,
    Transcript,
    Work,
)
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement
from endorse.payments.models import FeeKind
from endorse.payments.services import charge_open
from endorse.standards.models import Category

COPIED: tuple[type[Entry], ...] = (Details, Education, Work, Training, Rsc, Leadership, RscProvided)


def _registration(association: Association, person: User) -> Registration:
    registration = (
        Registration.objects.select_for_update()
        .filter(association=association, applicant=person, status=Registration.Status.ACCEPTED)
        .first()
    )
    if registration is None:
        raise ValidationError(_("You are not registered with this association."), code="no_reg")
    return registration


def _no_open_application(association: Association, person: User) -> None:
    if (
        Application.objects.filter(association=association, applicant=person)
        .exclude(status=Application.Status.APPROVED)
        .exists()
    ):
        raise ValidationError(
            _("You already have an application in progress here; one at a time."),
            code="open_application",
        )


@transaction.atomic
def application_add_category(
    *, association: Association, person: User, category: Category, today: date
) -> Application:
    """Start an application for another category, reusing the entries already given."""
    registration = _registration(association, person)
    _no_open_application(association, person)
    held = Endorsement.objects.filter(association=association, person=person)
    if not held.filter(status=Endorsement.Status.ACTIVE).exists():
        raise ValidationError(
            _("Adding a category needs an active Endorsement® here."), code="not_endorsed"
        )
    if held.filter(category=category).exclude(status=Endorsement.Status.REVOKED).exists():
        raise ValidationError(_("You already hold this category."), code="held")
    if not association.offerings.filter(category=category).exists():
        raise ValidationError(_("This association doesn't offer this category."), code="offer")
    return _open_from_latest(
        registration, category, today, kind=Application.Kind.ADDED_CATEGORY, fee=FeeKind.PROCESSING
    )


@transaction.atomic
def application_reinstate(
    *, association: Association, person: User, endorsement: Endorsement, today: date
) -> Application:
    """Apply to reinstate a lapsed endorsement: the entries so far are copied (add what is
    new since the lapse), three new references are asked for, the reinstatement fee falls
    due, and the review is as for an application, without a second exam."""
    registration = _registration(association, person)
    _no_open_application(association, person)
    if (
        endorsement.person_id != person.pk
        or endorsement.association_id != association.pk
        or endorsement.status != Endorsement.Status.LAPSED
    ):
        raise ValidationError(
            _("Only a lapsed Endorsement® of yours can be reinstated."), code="not_lapsed"
        )
    return _open_from_latest(
        registration,
        endorsement.category,
        today,
        kind=Application.Kind.REINSTATEMENT,
        fee=FeeKind.REINSTATEMENT,
        reinstates=endorsement,
    )


def _open_from_latest(
    registration: Registration,
    category: Category,
    today: date,
    *,
    kind: str,
    fee: str,
    reinstates: Endorsement | None = None,
) -> Application:
    """A new application under the same registration, its fee due, with copies of the
    entries of the person's latest application there."""
    association, person = registration.association, registration.applicant
    source = (
        Application.objects.filter(association=association, applicant=person)
        .order_by("-opened_at", "-pk")
        .first()
    )
    application = Application.objects.create(
        association=association,
        applicant=person,
        registration=registration,
        category=category,
        kind=kind,
        reinstates=reinstates,
        opened_at=timezone.now(),
        processing_fee=charge_open(
            association=association, person=person, kind=fee, category=category, on=today
        ),
    )
    if source is not None:
        entries_copy(source=source, target=application)
    return application


def entries_copy(*, source: Application, target: Application) -> int:
    """Copy the entries of ``source`` to ``target``; how many were copied.

    Transcripts are copied as rows that point at the same stored file (the file is
    deleted only with the last row pointing at it).
    """
    copied = 0
    for model in COPIED:
        for row in model._default_manager.filter(application=source).order_by("created_at", "pk"):
            transcripts = (
                list(Transcript.objects.filter(education_id=row.pk)) if model is Education else []
            )
            row.pk = None
            row.application = target
            row.save()
            copied += 1
            for transcript in transcripts:
                transcript.pk = None
                transcript.education = row  # type: ignore[assignment]
                transcript.save()
    return copied
