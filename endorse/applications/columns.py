"""The columns of "Add many rows": a section's form fields, in the form's order.

A column is read the way a person writes it in a spreadsheet, then handed to the section's
form as if typed into it: the form decides what is valid (dates in the page language's
short form or ISO, numbers as the page language writes them). Here we only translate what
a form can't: a header in English or Spanish, yes/no words, and a choice's label for its
key. Nothing else is interpreted, so the rules stay in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from endorse.applications.models import Rsc, Work
from endorse.applications.sections import Section
from endorse.core.templatetags.endorse_tags import day, figure
from endorse.core.text import fold

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
_WORD = re.compile(r"\w+")
YES = {"yes", "y", "si", "true", "verdadero", "1", "x"}
NO = {"no", "n", "false", "falso", "0"}


def key(text: str) -> str:
    """What is compared: "Sí" is "si", "Parent–infant (0-3)" is "parent infant 0 3"."""
    return " ".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Column:
    name: str
    field: forms.Field
    required: bool
    # Other labels a header may use: the work form's plain words when the column speaks a
    # category's ("work with infants and families" for "work"), as an older template has.
    aliases: tuple[Any, ...] = ()

    @property
    def label(self) -> str:
        return str(capfirst(self.field.label))

    @cached_property
    def labels(self) -> frozenset[str]:
        """The keys a header cell may match: the label in each language and the field name."""
        found = {key(self.name)}
        for lang in LANGUAGES:
            with translation.override(lang):
                found.update(key(str(label)) for label in (self.field.label, *self.aliases))
        return frozenset(found)

    @property
    def yes_no(self) -> bool:
        return isinstance(self.field, forms.BooleanField)

    @cached_property
    def choices(self) -> Mapping[str, str]:
        """A choice's key, from its key or its label in either language (case and accents
        aside); empty for a column that isn't a choice."""
        if not isinstance(self.field, forms.ChoiceField):
            return {}
        found: dict[str, str] = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                for value, label in _pairs(self.field):
                    for text in (str(value), str(label)):
                        if key(text):
                            found.setdefault(key(text), str(value))
        return found

    def form_value(self, typed: str) -> str | None:
        """What the form is given for ``typed`` (``None``: nothing, an unticked box).
        Raises ``ValueError`` for a yes/no cell that says neither."""
        typed = typed.strip()
        if self.yes_no:
            word = key(typed)
            if not word:
                return "on" if self.field.initial else None
            if word in YES or word in NO:
                return "on" if word in YES else None
            raise ValueError(typed)
        return self.choices.get(key(typed), typed) if typed else ""

    def shown(self, value: object) -> str:
        """A value the form cleaned, as the page shows it: dates in words (so that 03/05
        can't be misread), numbers and choices as the page language writes them."""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, (Decimal, int)):
            return figure(value)
        if hasattr(value, "isoformat"):
            return day(value)  # type: ignore[arg-type]
        return str(self._choice_labels.get(value, value))

    @cached_property
    def _choice_labels(self) -> Mapping[object, object]:
        """Each choice's label (lazy: shown in the language active when shown)."""
        return dict(_pairs(self.field))

    def hint(self) -> str:
        """What to write in this column, in the page's language."""
        if self.yes_no:
            empty = _("Yes") if self.field.initial else _("No")
            return _("yes or no (empty: %(empty)s)") % {"empty": empty.lower()}
        if isinstance(self.field, forms.DateField):
            return _("a date, as %(iso)s or %(short)s") % {
                "iso": "2024-03-05",
                "short": pgettext("a short date in the page's language", "03/05/2024"),
            }
        if isinstance(self.field, forms.ChoiceField):
            labels = [str(label) for value, label in _pairs(self.field) if value]
            return _("one of: %(choices)s") % {"choices": "; ".join(labels)}
        if isinstance(self.field, (forms.DecimalField, forms.IntegerField)):
            return _("a number")
        return _("text")


def _pairs(field: forms.Field) -> list[tuple[Any, Any]]:
    """A choice field's (key, label) pairs; none for any other field."""
    if not isinstance(field, forms.ChoiceField):
        return []
    return list(cast("Iterable[tuple[Any, Any]]", field.choices))


def columns_of(section: Section, terms: Mapping[str, Any] | None = None) -> tuple[Column, ...]:
    """The section's columns, labelled as its form is for ``terms`` (the work form's
    ``category`` and ``rules``: "Add many rows" speaks the words of the compact log)."""
    form = section.form_for(**(terms or {}))
    plain = section.form_for().fields if terms else form.fields
    return tuple(
        Column(name, field, field.required, (plain[name].label,) if name in plain else ())
        for name, field in form.fields.items()
    )


YES_WORD = pgettext_lazy("a yes/no spreadsheet cell", "yes")
NO_WORD = pgettext_lazy("a yes/no spreadsheet cell", "no")

# One example row per section, in our own words (a template's second row).
EXAMPLES: dict[str, dict[str, Any]] = {
    "training": {
        "title": pgettext_lazy("example training", "Reflective practice with families of infants"),
        "date": "2024-03-05",
        "hours": "6",
        "dei": NO_WORD,
        "pip": YES_WORD,
        "rsc_provision": NO_WORD,
    },
    "rsc": {
        "date": "2024-03-05",
        "hours": "1",
        "format": Rsc.Format.INDIVIDUAL.label,
        "provider": "Marta Ruiz",
        "provider_endorsement": "IMHM-C",
        "about_providing_rsc": NO_WORD,
    },
    "work": {
        "title": pgettext_lazy("example job", "Home visitor"),
        "employer": pgettext_lazy("example employer", "Little Steps Family Center"),
        "start": "2021-09-01",
        "end": "",
        "fte": "1",
        "service": Work.Service.PREVENTION.label,
        "age_band": Work.AgeBand.INFANT.label,
        "families_served": "12",
        "paid": YES_WORD,
        "supervised": NO_WORD,
        "internship": NO_WORD,
        "supervisor_endorsement": "",
    },
}


def template_rows(section: Section, terms: Mapping[str, Any] | None = None) -> list[list[str]]:
    """The downloadable template in the active language: the headers and one example."""
    columns = columns_of(section, terms)
    example = EXAMPLES[section.slug]
    return [[c.label for c in columns], [str(example[c.name]) for c in columns]]
