"""Where an application stands, in plain words for the applicant. Never a reviewer's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from endorse.applications.models import Application, Event

SENTENCES = {
    "submitted": gettext_noop(
        "Submitted on %(day)s; the coordinator checks that nothing is missing."
    ),
    "first_review": gettext_noop("With the first reviewer since %(day)s."),
    "second_review": gettext_noop("With the second reviewer since %(day)s."),
    "decision": gettext_noop("Both reviews were done on %(day)s; the decision comes next."),
    "approved": gettext_noop("Approved on %(day)s."),
    "on_hold": gettext_noop("On hold since %(day)s: changes are requested."),
    "deferred": gettext_noop("Deferred on %(day)s to a later review cycle."),
    "approved_for_exam": gettext_noop("Approved on %(day)s to sit the exam."),
}
RETURNED = "preparing"


@dataclass(frozen=True)
class Step:
    day: date
    text: str
    note: str  # the coordinator's reason or decision message, when there is one


def timeline(application: Application) -> list[Step]:
    steps = []
    for event in Event.objects.filter(application=application).exclude(to_state="accepted"):
        day = application.association.local_date(event.at)
        said = date_format(day, "DATE_FORMAT")  # "April 3, 2025", "3 de abril de 2025"
        if event.to_state == RETURNED and event.from_state == "submitted":
            text = _("Returned to you on %(day)s to complete it.") % {"day": said}
        elif event.to_state == RETURNED:
            text = _("Open again on %(day)s, for a later review cycle.") % {"day": said}
        elif event.to_state in SENTENCES:
            text = _(SENTENCES[event.to_state]) % {"day": said}
        else:
            continue
        steps.append(Step(day, text, event.note))
    return steps
