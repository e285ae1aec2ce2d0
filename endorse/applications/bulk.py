"""Adding many entries of a section at once (rows pasted from a spreadsheet), in one
transaction, once per preview.

Each row is what the section's own form cleaned, as if typed (``pasted.checked``): the rows
with errors never get here. The preview's one-time ``token`` is recorded in the same
transaction under a unique constraint: the same rows sent again add nothing and answer with
the count added the first time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.applications.models import Application, RowsAdded
from endorse.applications.sections import BY_SLUG, Section, sections_for

# Not editable in this state: the same refusal as typing an entry.
from endorse.applications.services import refuse_unless_editable


def rows_token(*, application: Application, section: str, text: str, nonce: str) -> str:
    """The token of one preview: these rows, for this application and section, this time."""
    material = "\n".join((str(application.pk), section, nonce, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def bulk_section(application: Application, slug: str) -> Section | None:
    """The section if rows can be added to it in this application (its category asks it)."""
    section = BY_SLUG.get(slug)
    if section is None or not section.bulk:
        return None
    return section if section in sections_for(application.category.family) else None


def entries_add_many(
    *, application: Application, section: str, rows: Sequence[Mapping[str, Any]], token: str
) -> int:
    """Add one complete entry per row (a form's cleaned data), in order; the number added
    (the first time, for a token already used)."""
    try:
        with transaction.atomic():
            return _add(application, section, rows, token)
    except IntegrityError:
        # The same preview sent twice at once: the other request added the rows.
        used = _used(application, token)
        if used is None:
            raise
        return used


def _used(application: Application, token: str) -> int | None:
    done = RowsAdded.objects.filter(association_id=application.association_id, token=token)
    return done.values_list("added", flat=True).first()


def _add(application: Application, slug: str, rows: Sequence[Mapping[str, Any]], token: str) -> int:
    # Under the application's lock, as a submission takes it: no row slips in after one.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    already = _used(locked, token)
    if already is not None:
        return already
    refuse_unless_editable(locked, slug)
    section = bulk_section(locked, slug)
    if section is None or section.form is None or section.model is None:
        raise ValidationError(_("Rows can't be added to this section."), code="section")
    fields = set(section.form.base_fields)
    if any(set(row) - fields for row in rows):
        raise ValueError("Rows must be the cleaned data of the section's form.")
    now = timezone.now()
    RowsAdded.objects.create(association_id=locked.association_id, application=locked,
                             section=slug, token=token, added=len(rows), at=now)  # fmt: skip
    entries = [
        section.model(**row, association_id=locked.association_id, application=locked,
                      complete=True, saved_at=now)
        for row in rows
    ]  # fmt: skip
    section.model._default_manager.bulk_create(entries)
    locked.save(update_fields=["updated_at"])
    return len(entries)
