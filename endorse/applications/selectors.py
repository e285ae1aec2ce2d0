"""Reads about registrations and applications, always scoped by association first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from endorse.accounts.models import User
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
from endorse.applications.portfolio import build_portfolio, engine_rows, signed_kinds
from endorse.applications.sections import BY_SLUG, ENTRY_SECTIONS, Section
from endorse.associations.models import Association
from endorse.eligibility import Evaluation, Explained, Portfolio, RuleSet, explain
from endorse.ratings.models import RatingRequest
from endorse.standards.models import Category
from endorse.standards.selectors import evaluation_options, requirement_catalog


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


@dataclass(frozen=True)
class EntryPart:
    """One entry's part in a requirement, as the engine explained it."""

    section: Section
    row: Any
    reason: str
    amount: int | float | None


@dataclass(frozen=True)
class ReasonGroup:
    """Entries left out of a requirement for one reason."""

    reason: str
    parts: list[EntryPart]


@dataclass(frozen=True)
class ChecklistRow:
    code: str
    met: bool
    message: str
    percent: int | None
    unit: str | None = None
    counted: tuple[EntryPart, ...] = ()
    left_out: tuple[ReasonGroup, ...] = ()

    @property
    def left_out_count(self) -> int:
        return sum(len(group.parts) for group in self.left_out)


@dataclass(frozen=True)
class Checklist:
    category: Category
    evaluation: Evaluation | None
    rows: list[ChecklistRow]
    incomplete: dict[str, int]

    @property
    def ready(self) -> bool:
        return self.evaluation is not None and self.evaluation.ready_to_submit

    @property
    def met_count(self) -> int:
        return sum(row.met for row in self.rows)


def _percent(have: object, need: object, met: bool) -> int | None:
    if met:
        return 100
    if isinstance(have, bool) or isinstance(need, bool):
        return None
    if isinstance(have, int | float) and isinstance(need, int | float) and need > 0:
        return max(0, min(100, int(have * 100 // need)))
    return None


def _row(requirement: Explained, rows: dict[str, list[Any]]) -> ChecklistRow:
    """The engine's notes, each on the database row it is about."""
    counted: list[EntryPart] = []
    left_out: dict[str, list[EntryPart]] = {}
    for note in requirement.entries:
        part = EntryPart(BY_SLUG[note.section], rows[note.section][note.index], note.reason,
                         note.amount)  # fmt: skip
        if note.counts:
            counted.append(part)
        else:
            left_out.setdefault(note.reason, []).append(part)
    return ChecklistRow(
        requirement.code,
        requirement.met,
        requirement.message,
        _percent(requirement.have, requirement.need, requirement.met),
        requirement.unit,
        tuple(counted),
        tuple(ReasonGroup(reason, parts) for reason, parts in left_out.items()),
    )


def application_checklist(
    *,
    data: ApplicationData,
    category: Category,
    on: date,
    lang: str,
    ruleset: RuleSet | None = None,
    every_entry: bool = False,
) -> Checklist:
    """The engine's judgement of the application for ``category`` on ``on``, each
    requirement not met with the entries that count toward it and those that don't (and
    why); with ``every_entry``, the met ones too (a reviewer's page).
    ``ruleset`` is the one in force on ``on`` unless given (a review's pinned set)."""
    association = data.application.association
    if ruleset is None:
        ruleset = requirement_catalog(association=association).in_force(category.code, on)
    if ruleset is None:
        return Checklist(category, None, [], data.incomplete())
    evaluation = explain(
        data.portfolio,
        ruleset,
        on,
        lang=lang,
        options=evaluation_options(association=association),
        unmet_only=not every_entry,
    )
    rows = engine_rows(data.entries)
    checklist_rows = []
    for requirement in evaluation.requirements:
        assert isinstance(requirement, Explained)
        checklist_rows.append(_row(requirement, rows))
    return Checklist(category, evaluation, checklist_rows, data.incomplete())


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
