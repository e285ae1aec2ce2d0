"""A requirement set as a person reads it, never its internal id.

Applications keep the id of the set they were judged by (``pinned_version``,
``<source>/<category>/<in force from>``); pages, emails and PDFs name it by its owner and
the day it took effect: "the Alliance's requirements in force from January 1, 2025".
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from endorse.associations.models import Association
from endorse.eligibility.rulesets import BASELINE_SOURCE


def requirement_set_name(version: str) -> str:
    """``version`` in the active language; an id it can't read, as it is."""
    source, _category, day_text = [*version.split("/"), "", ""][:3]
    try:
        day = date_format(date.fromisoformat(day_text), "DATE_FORMAT")
    except ValueError:
        return version
    if source == BASELINE_SOURCE:
        return _("the Alliance's requirements in force from %(day)s") % {"day": day}
    owner = Association.objects.filter(slug=source).values_list("name", flat=True).first()
    return _("the requirements of %(association)s in force from %(day)s") % {
        "association": owner or source,
        "day": day,
    }
