"""The sections of an application, in order. Slugs are identifiers, never translated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from endorse.applications import forms
from endorse.applications.models import (
    Details,
    Education,
    Entry,
    Leadership,
    Reference,
    Rsc,
    RscProvided,
    Training,
    Work,
)

MENTOR_FAMILY = "mental_health_mentor"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    intro: str | Promise
    model: type[Entry] | None = None
    form: type[forms.EntryForm] | None = None
    add_label: str | Promise = ""
    mentor_only: bool = False
    # An hours section (trainings, RS/C, jobs): its entries are a compact log
    # (``applications.log``) and rows can be pasted from a spreadsheet ("Add many rows").
    bulk: bool = False

    @property
    def repeatable(self) -> bool:
        return self.model is not None and self.model is not Details

    @property
    def speaks_category(self) -> bool:
        """Its form words its boxes by the category's rules (the work form)."""
        return bool(getattr(self.form, "takes_category", False))

    def form_for(self, *, category: Any = None, rules: Any = None, **kwargs: Any) -> Any:
        """The section's form; the work form also gets the ``category`` and its ``rules``,
        to speak the rules' words (the log, the cards and "Add many rows" alike)."""
        assert self.form is not None
        if category is not None and self.speaks_category:
            kwargs.update(category=category, rules=rules)
        return self.form(**kwargs)


SECTIONS: tuple[Section, ...] = (
    Section(
        "details",
        _("Details"),
        _("How to reach you, the languages you work in, your county and any license."),
        Details,
        forms.DetailsForm,
    ),
    Section(
        "education",
        _("Education"),
        _("Your degrees. Upload a transcript for each, or ask your college to mail one."),
        Education,
        forms.EducationForm,
        _("Add a degree"),
    ),
    Section(
        "work",
        _("Work"),
        _("Paid and volunteer work with infants, young children and their families."),
        Work,
        forms.WorkForm,
        _("Add a job"),
        bulk=True,
    ),
    Section(
        "training",
        _("In-service training"),
        _("Trainings, courses and conferences, with their hours."),
        Training,
        forms.TrainingForm,
        _("Add a training"),
        bulk=True,
    ),
    Section(
        "rsc",
        _("RS/C"),
        _("Reflective supervision/consultation you received, by session or by month."),
        Rsc,
        forms.RscForm,
        _("Add RS/C"),
        bulk=True,
    ),
    Section(
        "leadership",
        _("Leadership"),
        _("Clinical, policy, research or faculty leadership roles."),
        Leadership,
        forms.LeadershipForm,
        _("Add a leadership role"),
        mentor_only=True,
    ),
    Section(
        "rsc_provided",
        _("RS/C provided"),
        _("Reflective supervision/consultation you have provided to others."),
        RscProvided,
        forms.RscProvidedForm,
        _("Add RS/C you provided"),
        mentor_only=True,
    ),
    Section(
        "references",
        _("References"),
        _(
            "Three people who know your work: their name, email and how they know you. "
            "Then send each a rating request: they get a link to a form by email, no account "
            "needed. To change a rater, withdraw the request first."
        ),
        Reference,
        forms.ReferenceForm,
        _("Add a reference"),
    ),
    Section(
        "status",
        _("Status"),
        _("Read and sign the Code of Ethics and the Endorsement Agreement."),
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
ENTRY_SECTIONS = tuple(section for section in SECTIONS if section.repeatable)


def sections_for(family: str) -> tuple[Section, ...]:
    """Leadership and RS/C provided are asked of Mentor categories only."""
    return tuple(s for s in SECTIONS if not s.mentor_only or family == MENTOR_FAMILY)
