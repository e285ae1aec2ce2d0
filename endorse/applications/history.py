"""A registration's history as the coordinator reads it: who did what, when, and for a
correction, each field before and after, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from endorse.applications.corrections import CORRECTED
from endorse.applications.models import Event, Registration

LABELS: dict[str, Promise] = {
    "category": gettext_lazy("Category"),
    "work_summary": gettext_lazy("Work"),
    "education_summary": gettext_lazy("Education"),
    "rsc_summary": gettext_lazy("RS/C"),
    "membership_number": gettext_lazy("membership number"),
    "membership_expires_on": gettext_lazy("membership expires on"),
}
SUMMARIES = frozenset({"work_summary", "education_summary", "rsc_summary"})


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    long: bool  # a summary: shown as two paragraphs rather than "before → after"


@dataclass(frozen=True)
class Line:
    at: datetime
    actor: str
    text: str
    note: str
    changes: list[Change]


def registration_history(*, registration: Registration) -> list[Line]:
    """The registration's own events, oldest first (the application's are on its page)."""
    events = (
        Event.objects.filter(registration=registration)
        .filter(Q(application__isnull=True) | Q(to_state="accepted"))
        .select_related("actor")
    )
    lines = []
    for event in events:
        text = _said(event)
        if text:
            actor = event.actor.get_full_name() if event.actor else ""
            lines.append(Line(event.at, actor, text, event.note, _changes(event)))
    return lines


def _said(event: Event) -> str:
    if event.to_state == "submitted":
        return _("Sent again.") if event.from_state == "returned" else _("Sent.")
    return {
        "returned": _("Returned to the applicant."),
        "accepted": _("Accepted: the application is open."),
        CORRECTED: _("Corrected."),
    }.get(event.to_state, "")


def _changes(event: Event) -> list[Change]:
    return [
        Change(capfirst(str(LABELS.get(name, name))), _shown(name, before), _shown(name, after),
               name in SUMMARIES)
        for name, (before, after) in event.changes.items()
    ]  # fmt: skip


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "–"
    if name == "membership_expires_on":
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    return str(value)
