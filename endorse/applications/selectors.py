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
from endorse.core.paging import Pager
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


# The coordinator's queue, in the order work reaches them. Finished groups, and the
# applications still in the applicant's hands (preparing), start folded.
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
FOLDED = frozenset({Application.Status.APPROVED, Application.Status.APPROVED_FOR_EXAM,
                    Application.Status.PREPARING})  # fmt: skip
QUEUE_PAGE = 25  # rows of a group of work on one page, the longest waiting first
FOLDED_SHOWN = 20  # rows of a folded group on one page, the latest first
# The longest waiting first: by review cycle, then submission.
WAITING_ORDER = (F("review_cycle").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True),
                 F("updated_at").asc(), F("pk").asc())  # fmt: skip
LATEST_ORDER = (F("updated_at").desc(), F("pk").desc())


@dataclass(frozen=True)
class QueueGroup:
    status: str
    label: str
    applications: list[Application]
    folded: bool
    total: int
    pager: Pager  # which page of the state's rows ``applications`` holds


def coordinator_queue(
    *, association: Association, state: str = "", page: int = 1
) -> list[QueueGroup]:
    """The association's applications by state, each state counted (one grouped query)
    and one page of it (one query a state, of at most nine): work waiting the longest
    first (by review cycle, then submission), folded states the latest first. The group
    ``state`` shows its page ``page``, the others their first."""
    rows = Application.objects.filter(association=association)
    totals: dict[str, int] = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    groups = []
    for status in QUEUE_ORDER:
        if not totals.get(status):
            continue
        folded = status in FOLDED
        pager = Pager.of(param="state", key=status, total=totals[status],
                         size=FOLDED_SHOWN if folded else QUEUE_PAGE,
                         asked=page if status == state else 1)  # fmt: skip
        found = (
            rows.filter(status=status)
            .select_related("applicant", "category", "processing_fee")
            .order_by(*(LATEST_ORDER if folded else WAITING_ORDER))[pager.offset : pager.end]
        )
        label = str(status.label)
        groups.append(QueueGroup(status, label, list(found), folded, pager.total, pager))
    return groups


def work_terms_of(application: Application) -> dict[str, Any]:
    """What the work form needs to speak the category's terms: the category and its
    requirements in force today (``entry_form(..., **work_terms_of(application))``)."""
    association = application.association
    rules = requirement_catalog(association=association).in_force(
        application.category.code, association.local_date(timezone.now())
    )
    return {"category": application.category, "rules": rules}
