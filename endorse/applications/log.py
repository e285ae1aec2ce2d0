"""The compact log of an hours section: one light row per entry, for a year and more of them.

Trainings, RS/C sessions and jobs are many (weekly RS/C for a year is 50 rows), so their
section page is a log, not a card per entry: each row is its own small form that saves as
it is typed. Rendering Django's widgets for 200 rows × 6 fields costs seconds, so a row is
drawn from plain values here (read once per page from the saved entry, or from its draft
when what was typed last could not be saved) by the ``log_field`` tag, with the same
names, ids and validation as the entry's form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from endorse.applications.forms import ENDORSEMENT_CHOICES
from endorse.applications.sections import Section

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE, NUMBER, TEXT, CHECK, CHOICE, CODE = "date", "number", "text", "check", "choice", "code"


@dataclass(frozen=True)
class LogLayout:
    """Which fields a section's log shows, in order, and what copying a row moves on."""

    fields: tuple[str, ...]
    short: dict[str, StrOrPromise]  # column headings shorter than the field's label
    copy_shift: tuple[str, timedelta] | None  # "copy the row above": this date, so much later
    hours: str | None  # the field totalled at the foot


LAYOUTS: dict[str, LogLayout] = {
    "training": LogLayout(
        ("date", "hours", "title", "dei", "pip", "rsc_provision"),
        {"dei": _("DEI"), "pip": _("PIP"), "rsc_provision": _("RS/C")},
        ("date", timedelta(days=7)),
        "hours",
    ),
    "rsc": LogLayout(
        ("date", "hours", "format", "provider", "provider_endorsement", "about_providing_rsc"),
        {"provider_endorsement": _("Endorsement"), "about_providing_rsc": _("On providing")},
        ("date", timedelta(days=7)),
        "hours",
    ),
    "work": LogLayout(
        ("title", "employer", "start", "end", "fte", "service", "age_band", "families_served",
         "paid", "supervised", "internship", "supervisor_endorsement"),
        {"fte": _("FTE"), "families_served": _("Families")},
        None,
        None,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    heading: str
    kind: str
    required: bool
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class LogRow:
    """One entry as its row shows it: the values to put in the boxes and any refusals."""

    entry: Any
    prefix: str
    values: dict[str, Any]
    errors: dict[str, list[str]]
    number: int = 0
    focus: bool = False  # a row just added: its first box takes the focus

    @property
    def pk(self) -> int:
        return int(self.entry.pk)


def has_log(section: Section) -> bool:
    """An hours section: its entries are a compact log (and can be added many at once)."""
    return section.bulk


def _kind(form_field: forms.Field, name: str) -> str:
    if name in ("provider_endorsement", "supervisor_endorsement"):
        return CODE
    if isinstance(form_field, forms.BooleanField):
        return CHECK
    if isinstance(form_field, forms.DateField):
        return DATE
    if isinstance(form_field, forms.DecimalField | forms.IntegerField):
        return NUMBER
    if isinstance(form_field, forms.ChoiceField):
        return CHOICE
    return TEXT


def columns(section: Section, terms: dict[str, Any] | None = None) -> list[Column]:
    """The log's columns, read from the section's form: labels, help, what is required
    (``terms``: the category and its rules, for a form that words its boxes by them)."""
    layout = LAYOUTS[section.slug]
    form = section.form_for(**(terms or {}))
    shown = []
    for name in layout.fields:
        form_field = form.fields[name]
        kind = _kind(form_field, name)
        choices: tuple[tuple[str, Any], ...] = ()
        if kind == CHOICE:
            assert isinstance(form_field, forms.ChoiceField)
            choices = tuple((str(k), str(v)) for k, v in list(form_field.choices))  # type: ignore[arg-type]
        label = capfirst(str(form_field.label or name))
        attrs = {k: str(v) for k, v in form_field.widget.attrs.items() if k == "inputmode"}
        if kind == NUMBER:
            attrs.setdefault("inputmode", "decimal")
        shown.append(
            Column(name, label, str(layout.short.get(name, label)), kind, form_field.required,
                   str(form_field.help_text), choices, attrs)
        )  # fmt: skip
    return shown


def _shown(value: Any) -> Any:
    """A saved value as its box shows it (numbers are localized by the tag)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def log_rows(section: Section, entries: list[Any]) -> list[LogRow]:
    """Every entry's row; an entry with a draft is checked by its form to show why."""
    assert section.form is not None
    names = LAYOUTS[section.slug].fields
    rows = []
    for number, entry in enumerate(entries, start=1):
        prefix = f"{section.slug}-{entry.pk}"
        if entry.draft is None:
            values = {name: _shown(getattr(entry, name)) for name in names}
            rows.append(LogRow(entry, prefix, values, {}, number))
            continue
        form = section.form(data=entry.draft, instance=entry, prefix=prefix)
        form.is_valid()
        values = {name: _draft_value(entry.draft, f"{prefix}-{name}") for name in names}
        errors = {
            name: [str(m) for m in form.errors[name]] for name in names if name in form.errors
        }
        rows.append(LogRow(entry, prefix, values, errors, number))
    return rows


def row_of(section: Section, entry: Any, number: int = 0, *, focus: bool = False) -> LogRow:
    row = log_rows(section, [entry])[0]
    row.number, row.focus = number, focus
    return row


def _draft_value(draft: dict[str, Any], key: str) -> Any:
    value = draft.get(key, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value


def total_hours(section: Section, entries: list[Any]) -> Decimal | None:
    """The hours typed in the complete entries (what the engine counts is the checklist's)."""
    name = LAYOUTS[section.slug].hours
    if name is None:
        return None
    return sum((getattr(e, name) or Decimal(0) for e in entries if e.complete), Decimal(0))


def endorsement_choices() -> list[tuple[str, Any]]:
    return [(str(code), label) for code, label in ENDORSEMENT_CHOICES if code]


@dataclass
class Log:
    """What a section's log page shows (``rows`` may be empty for a response of one row)."""

    columns: list[Column]
    rows: list[LogRow]
    base: str  # the section's address: a row's is base + pk + "/"
    count: int
    incomplete: int
    total: Decimal | None
    codes: list[tuple[str, Any]]
    title: str
    words: dict[str, str]

    @property
    def helps(self) -> list[Column]:
        """The columns that come with a word of explanation, said once above the rows."""
        return [column for column in self.columns if column.help]

    @property
    def labels(self) -> dict[str, str]:
        return {column.name: column.label for column in self.columns}


def log_of(
    section: Section,
    entries: list[Any],
    *,
    slug: str,
    terms: dict[str, Any] | None = None,
) -> Log:
    """The whole log of a section page, every row drawn from ``entries``."""
    counts = (len(entries), sum(not entry.complete for entry in entries))
    return _log(section, log_rows(section, entries), counts, total_hours(section, entries),
                slug=slug, terms=terms)  # fmt: skip


def log_summary(
    section: Section, application: Any, *, slug: str, terms: dict[str, Any] | None = None
) -> Log:
    """The log without its rows, for a response about one row: the count, the incomplete
    and the total counted in SQL, so that a save costs the same with 10 rows or 500."""
    assert section.model is not None
    hours = LAYOUTS[section.slug].hours
    sums: dict[str, Any] = {"n": Count("pk"), "incomplete": Count("pk", filter=Q(complete=False))}
    if hours is not None:
        sums["total"] = Sum(hours, filter=Q(complete=True))
    got = section.model._default_manager.filter(application=application).aggregate(**sums)
    total = None if hours is None else (got["total"] or Decimal(0))
    return _log(section, [], (got["n"], got["incomplete"]), total, slug=slug, terms=terms)


def _log(
    section: Section,
    rows: list[LogRow],
    counts: tuple[int, int],
    total: Decimal | None,
    *,
    slug: str,
    terms: dict[str, Any] | None,
) -> Log:
    takes = terms and getattr(section.form, "takes_category", False)
    return Log(
        columns=columns(section, terms if takes else None),
        rows=rows,
        base=reverse("applications:section", kwargs={"slug": slug, "section": section.slug}),
        count=counts[0],
        incomplete=counts[1],
        total=total,
        codes=endorsement_choices(),
        title=str(section.title),
        words=words(shifts=LAYOUTS[section.slug].copy_shift is not None),
    )


def row_number(entry: Any) -> int:
    """Where ``entry`` stands in its section's log (ordered as the page orders it)."""
    earlier = Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lte=entry.pk)
    rows = type(entry)._default_manager.filter(application_id=entry.application_id)
    return int(rows.filter(earlier).count())


def words(*, shifts: bool) -> dict[str, str]:
    """The log's fixed words, translated once per page rather than once per row."""
    return {
        "copy": gettext("Copy, a week later") if shifts else pgettext("copy a row", "Copy"),
        "delete": gettext("Delete"),
        "incomplete": gettext("Incomplete: it doesn't count yet"),
        "new": gettext("New: fill it in"),
    }
