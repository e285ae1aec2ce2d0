"""Reads about registrations and applications, always scoped by association first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from endorse.accounts.models import User

# The checklist lives in its own module; its names stay importable from here.
from endorse.applications.checklist import (
    Checklist,
    ChecklistRow,
    EntryPart,
    ReasonGroup,
    application_checklist,
)
from endorse.applications.models import (
    Agreement,
    Application,
    Details,
    Education,
    Reference,
    Registration,
    SectionNote,
    Signature,
    Transcript,
)
from endorse.applications.portfolio import build_portfolio, signed_kinds
from endorse.applications.sections import ENTRY_SECTIONS
from endorse.associations.models import Association
from endorse.eligibility import Portfolio
from endorse.ratings.models import RatingRequest
from endorse.standards.models import Category
from endorse.standards.selectors import requirement_catalog

__all__ = ["Checklist", "ChecklistRow", "EntryPart", "ReasonGroup", "application_checklist"]


def offered_categories(*, association: Association) -> QuerySet[Category]:
    return Category.objects.filter(offering__association=association).order_by("sort_order")


def _registrations(association: Association) -> QuerySet[Registration]:
    return Registration.objects.filter(association=association).select_related(
        "category", "fee", "applicant"
    )


def _applications(association: Association) -> QuerySet[Application]:
    return Application.objects.filter(association=association).select_related(
        "category", "association", "processing_fee", "applicant", "registration"
    )


def registration_for(*, association: Association, user: User) -> Registration | None:
    if not user.is_authenticated:
        return None
    return _registrations(association).filter(applicant=user).first()


def application_for(*, association: Association, user: User) -> Application | None:
    if not user.is_authenticated:
        return None
    return _applications(association).filter(applicant=user).first()


def application_get(*, association: Association, pk: int) -> Application:
    return get_object_or_404(_applications(association), pk=pk)


def registration_get(*, association: Association, pk: int) -> Registration:
    return get_object_or_404(_registrations(association), pk=pk)


def agreements_in_force(*, association: Association, on: date) -> dict[str, Agreement]:
    """The latest version of each kind in force on ``on``."""
    chosen: dict[str, Agreement] = {}
    rows = Agreement.objects.filter(association=association, effective_from__lte=on).order_by(
        "kind", "-effective_from", "-pk"
    )
    for agreement in rows:
        chosen.setdefault(agreement.kind, agreement)
    return chosen


@dataclass
class ApplicationData:
    """Everything on an application, read with a fixed number of queries."""

    application: Application
    details: Details | None
    entries: dict[str, list[Any]]
    signatures: list[Signature]
    agreements: dict[str, Agreement]
    notes: dict[str, SectionNote] = field(default_factory=dict)

    @property
    def portfolio(self) -> Portfolio:
        return build_portfolio(
            details=self.details,
            entries=self.entries,
            signed_kinds=signed_kinds(self.signatures, self.agreements),
        )

    def incomplete(self) -> dict[str, int]:
        counts = {
            name: sum(not row.complete for row in rows) for name, rows in self.entries.items()
        }
        return {name: count for name, count in counts.items() if count}

    def signature_for(self, agreement: Agreement) -> Signature | None:
        return next((s for s in self.signatures if s.agreement_id == agreement.pk), None)


def application_data(*, application: Application, today: date) -> ApplicationData:
    entries: dict[str, list[Any]] = {}
    for section in ENTRY_SECTIONS:
        assert section.model is not None
        rows: QuerySet[Any] = section.model._default_manager.filter(application=application)
        if section.model is Education:
            rows = rows.prefetch_related(
                Prefetch("transcripts", queryset=Transcript.objects.order_by("uploaded_at"))
            )
        if section.model is Reference:
            rows = rows.select_related("rating").prefetch_related(
                Prefetch(
                    "requests",
                    queryset=RatingRequest.objects.filter(closed_at=None),
                    to_attr="open_requests",
                )
            )
        entries[section.slug] = list(rows.order_by("created_at", "pk"))
    return ApplicationData(
        application=application,
        details=Details.objects.filter(application=application).first(),
        entries=entries,
        signatures=list(
            Signature.objects.filter(application=application).select_related("agreement")
        ),
        agreements=agreements_in_force(association=application.association, on=today),
        notes={n.section: n for n in SectionNote.objects.filter(application=application)},
    )


def earliest_submission(*, application: Application) -> date:
    association = application.association
    opened = association.local_date(application.opened_at)
    return opened + timedelta(days=association.minimum_preparation_days)


def pending_registrations(*, association: Association) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(association=association)
        .exclude(status=Registration.Status.ACCEPTED)
        .select_related("applicant", "category", "fee")
        .order_by("status", "submitted_at")
    )


# The coordinator's queue, in the order work reaches them; finished groups start folded.
QUEUE_ORDER = (
    Application.Status.SUBMITTED,
    Application.Status.FIRST_REVIEW,
    Application.Status.SECOND_REVIEW,
    Application.Status.DECISION,
    Application.Status.ON_HOLD,
    Application.Status.PREPARING,
    Application.Status.DEFERRED,
    Application.Status.APPROVED_FOR_EXAM,
    Application.Status.APPROVED,
)
FOLDED = frozenset({Application.Status.APPROVED, Application.Status.APPROVED_FOR_EXAM})


FOLDED_SHOWN = 20  # finished applications pile up over the years: the latest ones only


@dataclass(frozen=True)
class QueueGroup:
    status: str
    label: str
    applications: list[Application]
    folded: bool
    total: int


def coordinator_queue(*, association: Association) -> list[QueueGroup]:
    """The association's applications by state. Work in progress in full, the longest
    waiting first (by review cycle, then submission); of the finished states, the latest
    few and how many there are. The same few queries, whatever the numbers."""
    rows = Application.objects.filter(association=association).select_related(
        "applicant", "category", "processing_fee"
    )
    by_status: dict[str, list[Application]] = {}
    waiting = rows.exclude(status__in=FOLDED).order_by(
        F("review_cycle").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True),
        "updated_at", "pk",
    )  # fmt: skip
    for row in waiting:
        by_status.setdefault(row.status, []).append(row)
    totals = {status: len(found) for status, found in by_status.items()}
    totals.update(
        rows.filter(status__in=FOLDED).order_by().values_list("status").annotate(n=Count("pk"))
    )
    for status in FOLDED:
        if totals.get(status):
            by_status[status] = list(rows.filter(status=status).order_by("-updated_at", "-pk")[
                :FOLDED_SHOWN])  # fmt: skip
    return [
        QueueGroup(status, str(status.label), by_status[status], status in FOLDED, totals[status])
        for status in QUEUE_ORDER
        if status in by_status
    ]


def work_terms_of(application: Application) -> dict[str, Any]:
    """What the work form needs to speak the category's terms: the category and its
    requirements in force today (``entry_form(..., **work_terms_of(application))``)."""
    association = application.association
    rules = requirement_catalog(association=association).in_force(
        application.category.code, association.local_date(timezone.now())
    )
    return {"category": application.category, "rules": rules}
