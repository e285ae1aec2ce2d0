"""The applicant's checklist: the engine's judgement, each unmet rule pointing to what to fix.

Each requirement comes with the entries the engine looked at (``explain``), each on its
database row; an entry left out for a reason that names a field (``paid``, ``format``…)
carries that field, so the page can link straight to it. Rules that no entry explains
point to the section where entries are added. Entries not filled in yet are listed by
section.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from django.utils.formats import date_format
from django.utils.translation import gettext

from endorse.applications.portfolio import engine_rows
from endorse.applications.sections import BY_SLUG, Section, sections_for
from endorse.eligibility import EntryNote, Evaluation, Explained, RuleSet, explain
from endorse.standards.models import Category
from endorse.standards.selectors import evaluation_options, requirement_catalog

if TYPE_CHECKING:
    from endorse.applications.selectors import ApplicationData

# Where the applicant adds what a rule counts (a rule without entries, or with too few).
RULE_SECTIONS: Final = {
    "education": "education",
    "education_or_work": "work",
    "work": "work",
    "families": "work",
    "training_total": "training",
    "training_dei": "training",
    "training_pip": "training",
    "training_rsc_provision": "training",
    "rsc_hours": "rsc",
    "rsc_period": "rsc",
    "rsc_about_providing": "rsc",
    "leadership": "leadership",
    "rsc_provided": "rsc_provided",
    "references": "references",
    "attestations": "status",
    "membership": "details",
}
# The engine names a training's ``topics``; the form has one box per topic.
TOPIC_BOXES: Final = {"training_dei": "dei", "training_pip": "pip",
                      "training_rsc_provision": "rsc_provision"}  # fmt: skip


@dataclass(frozen=True)
class EntryPart:
    """One entry's part in a requirement, as the engine explained it. ``field`` is the
    form field the reason is about (its id is ``id_<section>-<pk>-<field>``), if any."""

    section: Section
    row: Any
    reason: str
    amount: int | float | None
    field: str | None = None

    @property
    def anchor(self) -> str:
        """Where on the section page the entry (or its field) is."""
        prefix = f"{self.section.slug}-{self.row.pk}"
        return f"id_{prefix}-{self.field}" if self.field else f"entry-{prefix}"


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
    # Where to add what the rule counts; None for a rule about no section.
    section: Section | None = None

    @property
    def left_out_count(self) -> int:
        return sum(len(group.parts) for group in self.left_out)


@dataclass(frozen=True)
class Unfinished:
    """A section's entries that are not complete yet, each with a name to be found by."""

    section: Section
    rows: list[tuple[str, Any]]


@dataclass(frozen=True)
class Checklist:
    category: Category
    evaluation: Evaluation | None
    rows: list[ChecklistRow]
    incomplete: dict[str, int]
    unfinished: tuple[Unfinished, ...] = ()
    # The requirements judged by (none in force: None); the work form reads its terms.
    ruleset: RuleSet | None = None

    @property
    def ready(self) -> bool:
        return self.evaluation is not None and self.evaluation.ready_to_submit

    @property
    def met_count(self) -> int:
        return sum(row.met for row in self.rows)

    @property
    def unmet_rows(self) -> list[ChecklistRow]:
        return [row for row in self.rows if not row.met]


def _percent(have: object, need: object, met: bool) -> int | None:
    """How much of a figure is done, for a progress bar; None where a bar would not say
    what the sentence says: no figure, or a full bar beside a rule not met (the days are
    there but a license is not)."""
    if met:
        return 100
    if isinstance(have, bool) or isinstance(need, bool):
        return None
    if isinstance(have, int | float) and isinstance(need, int | float) and need > 0:
        done = max(0, int(have * 100 // need))
        return done if done < 100 else None
    return None


def _field(note: EntryNote, section: Section, code: str) -> str | None:
    """The form field a note's reason is about, if the section's form has it."""
    field = TOPIC_BOXES.get(code) if note.field == "topics" else note.field
    assert section.form is not None
    return field if field in section.form._meta.fields else None  # type: ignore[operator]


def _row(requirement: Explained, rows: dict[str, list[Any]], offered: set[str]) -> ChecklistRow:
    """The engine's notes, each on the database row it is about."""
    counted: list[EntryPart] = []
    left_out: dict[str, list[EntryPart]] = {}
    for note in requirement.entries:
        section = BY_SLUG[note.section]
        part = EntryPart(section, rows[note.section][note.index], note.reason, note.amount,
                         _field(note, section, requirement.code))  # fmt: skip
        if note.counts:
            counted.append(part)
        else:
            left_out.setdefault(note.reason, []).append(part)
    slug = RULE_SECTIONS.get(requirement.code)
    return ChecklistRow(
        requirement.code,
        requirement.met,
        requirement.message,
        _percent(requirement.have, requirement.need, requirement.met),
        requirement.unit,
        tuple(counted),
        tuple(ReasonGroup(reason, parts) for reason, parts in left_out.items()),
        BY_SLUG[slug] if slug in offered else None,
    )


def _agreeing(rows: list[ChecklistRow]) -> list[ChecklistRow]:
    """No spread bar while no period holds the RS/C hours: the sentence then says so, and
    the engine's figure (the widest spread of too few hours) counts for nothing. No window
    holds them exactly when the hours rule is not met (both read the same windows)."""
    hours = next((row for row in rows if row.code == "rsc_hours"), None)
    if hours is None or hours.met:
        return rows
    return [replace(row, percent=None) if row.code == "rsc_period" else row for row in rows]


# What names an entry, in order of preference; a draft's typed text counts too.
NAMING_FIELDS: Final = ("title", "name", "employer", "institution", "provider", "recipients")
DATING_FIELDS: Final = ("date", "start", "completed_on")


def _typed(row: Any, slug: str, field: str) -> str:
    """A text field as saved, else as typed in the entry's draft (keyed by the form's
    prefix, ``<section>-<pk>-``)."""
    saved = getattr(row, field, "")
    typed = (row.draft or {}).get(f"{slug}-{row.pk}-{field}", "")
    return str(saved or (typed if isinstance(typed, str) else "")).strip()


def entry_label(slug: str, row: Any, number: int) -> str:
    """An entry not complete yet, as the applicant would recognise it: what they typed as
    its name (saved or still a draft), with its date if saved; else its position."""
    name = next((text for field in NAMING_FIELDS if (text := _typed(row, slug, field))), "")
    day = next((getattr(row, f) for f in DATING_FIELDS if getattr(row, f, None)), None)
    when = date_format(day, "DATE_FORMAT") if day else ""
    if name:
        return f"{name} ({when})" if when else name
    return when or gettext("entry %(number)d") % {"number": number}


def unfinished_entries(entries: dict[str, list[Any]]) -> tuple[Unfinished, ...]:
    found = []
    for slug, rows in entries.items():
        waiting = [
            (entry_label(slug, row, number), row)
            for number, row in enumerate(rows, 1)
            if not row.complete
        ]
        if waiting:
            found.append(Unfinished(BY_SLUG[slug], waiting))
    return tuple(found)


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
    unfinished = unfinished_entries(data.entries)
    if ruleset is None:
        return Checklist(category, None, [], data.incomplete(), unfinished)
    evaluation = explain(
        data.portfolio,
        ruleset,
        on,
        lang=lang,
        options=evaluation_options(association=association),
        unmet_only=not every_entry,
    )
    rows = engine_rows(data.entries)
    offered = {section.slug for section in sections_for(category.family)}
    checklist_rows = []
    for requirement in evaluation.requirements:
        assert isinstance(requirement, Explained)
        checklist_rows.append(_row(requirement, rows, offered))
    return Checklist(category, evaluation, _agreeing(checklist_rows), data.incomplete(), unfinished)
