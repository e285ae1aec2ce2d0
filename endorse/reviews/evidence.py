"""What a reviewer reads beside the form: the applicant's entries section by section, the
earlier rounds of review, and what the applicant changed since the last submission.

Reads only, from rows already loaded by ``application_data`` where it can, so the review page
costs the same few queries however many entries the portfolio holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Field as ModelField
from django.db.models import Model
from django.utils.functional import Promise

from endorse.applications.models import Application, SectionNote, SubmittedEntries
from endorse.applications.sections import BY_SLUG, MENTOR_FAMILY
from endorse.applications.selectors import ApplicationData
from endorse.applications.snapshots import KEPT, TRACKED, entry_record
from endorse.reviews.models import Assignment, Decision, Review

ADDED, CHANGED = "added", "changed"


@dataclass(frozen=True)
class EvidenceSection:
    slug: str
    title: str | Promise
    rows: list[Any]
    note: SectionNote | None


@dataclass(frozen=True)
class RemovedEntry:
    """An entry of the last submission that is gone now, rebuilt (unsaved) from the
    snapshot so the usual one-line summary can describe it."""

    slug: str
    title: str | Promise
    row: Model


@dataclass(frozen=True)
class Changes:
    since_round: int
    marks: dict[str, dict[int, str]]  # section → entry pk → ADDED / CHANGED
    removed: list[RemovedEntry]
    details_changed: list[str | Promise] = field(default_factory=list)  # the fields' labels

    @property
    def any(self) -> bool:
        return bool(self.removed) or any(self.marks.values())


@dataclass(frozen=True)
class EarlierRound:
    number: int
    reviews: list[Review] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def evidence_sections(data: ApplicationData) -> list[EvidenceSection]:
    """The sections a reviewer weighs, in the application's order; the Mentor-only ones when
    the category asks for them or the applicant filled them anyway."""
    family = data.application.category.family
    shown = []
    for slug in TRACKED:
        section = BY_SLUG[slug]
        rows = data.entries.get(slug, [])
        if section.mentor_only and family != MENTOR_FAMILY and not rows:
            continue
        shown.append(EvidenceSection(slug, section.title, rows, data.notes.get(slug)))
    return shown


def earlier_rounds(*, application: Application, before: int) -> list[EarlierRound]:
    """The reviews sent and the decisions taken in the rounds before ``before``, oldest
    first (two queries; none in a first round)."""
    if before <= 1:
        return []
    rounds = {number: EarlierRound(number) for number in range(1, before)}
    reviews = (
        Review.objects.filter(
            association_id=application.association_id,
            assignment__application=application,
            assignment__round__lt=before,
            assignment__status=Assignment.Status.ACCEPTED,
            submitted_at__isnull=False,
        )
        .select_related("assignment")
        .order_by("assignment__round", "assignment__tier")
    )
    for review in reviews:
        rounds[review.assignment.round].reviews.append(review)
    decisions = Decision.objects.filter(
        association_id=application.association_id, application=application, round__lt=before
    )
    for decision in decisions:
        rounds[decision.round].decisions.append(decision)
    return [found for found in rounds.values() if found.reviews or found.decisions]


def entry_changes(*, data: ApplicationData, round_number: int) -> Changes | None:
    """What changed since the last submission before ``round_number`` (None in a first round,
    or when no snapshot of an earlier round was kept)."""
    application = data.application
    previous = (
        SubmittedEntries.objects.filter(
            association_id=application.association_id,
            application=application,
            round__lt=round_number,
        )
        .order_by("-round")
        .first()
        if round_number > 1
        else None
    )
    if previous is None:
        return None
    marks: dict[str, dict[int, str]] = {}
    removed: list[RemovedEntry] = []
    details_changed: list[str | Promise] = []
    for slug in KEPT:
        if slug not in previous.entries:
            continue  # kept before this section was: nothing to compare with
        before: dict[str, Any] = previous.entries[slug]
        now = {str(row.pk): row for row in _rows_now(data, slug)}
        records = {pk: entry_record(slug, row) for pk, row in now.items()}
        marks[slug] = {
            row.pk: ADDED if pk not in before else CHANGED
            for pk, row in now.items()
            if pk not in before or before[pk]["fingerprint"] != records[pk]["fingerprint"]
        }
        removed += [
            RemovedEntry(slug, BY_SLUG[slug].title, _rebuilt(slug, record["fields"]))
            for pk, record in before.items()
            if pk not in now
        ]
        if slug == "details":
            details_changed = [
                _label(slug, name)
                for pk, record in records.items()
                if pk in before
                for name, value in record["fields"].items()
                if before[pk]["fields"].get(name) != value
            ]
    return Changes(previous.round, marks, removed, details_changed)


def _rows_now(data: ApplicationData, slug: str) -> list[Any]:
    if slug == "details":
        return [data.details] if data.details is not None else []
    return data.entries.get(slug, [])


def _label(slug: str, name: str) -> str | Promise:
    model, _names = KEPT[slug]
    column = model._meta.get_field(name)
    assert isinstance(column, ModelField)
    return column.verbose_name


def _rebuilt(slug: str, fields: dict[str, Any]) -> Model:
    model, names = KEPT[slug]
    values = {}
    for name in names:
        column = model._meta.get_field(name)
        assert isinstance(column, ModelField)  # the tracked names are plain columns
        values[name] = column.to_python(fields.get(name))
    return model(**values)
