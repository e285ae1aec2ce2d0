"""Writes of the compact log beyond typing: copy a row, delete it with an undo, restore it.

The undo carries the deleted entry in a signed token rather than keeping deleted rows
around: nothing else (the engine, the reviewers' snapshots, exports) has to learn to skip
them, and the restored entry gets its old id and place back, so a reviewer's "changed
since" marks and the log's order don't move.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorse.applications.log import LAYOUTS
from endorse.applications.models import Application, Entry
from endorse.applications.services import (
    entry_delete,
    refuse_unless_editable,
    section_of_model,
    unlocked_entry,
)

UNDO_SALT = "endorse.applications.log.undo"
UNDO_SECONDS = 3600
_OWN = {"id", "association", "application"}


def _typed_fields(model: type[Entry]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in _OWN]


@transaction.atomic
def entry_copy(*, application: Application, entry: Entry) -> Entry:
    """A new entry like ``entry``, at the end of the log; for a session or a training, a
    week later (the same provider, next week)."""
    section = section_of_model(type(entry))
    refuse_unless_editable(application, section)
    values = {f.attname: getattr(entry, f.attname) for f in _typed_fields(type(entry))}
    for name in ("created_at", "saved_at", "draft"):
        values.pop(name, None)
    shift = LAYOUTS[section].copy_shift
    if shift is not None and isinstance(values.get(shift[0]), date):
        values[shift[0]] += shift[1]
    copy = type(entry)._default_manager.create(
        association_id=application.association_id, application=application,
        saved_at=timezone.now(), **values,
    )  # fmt: skip
    application.save(update_fields=["updated_at"])
    return copy


@transaction.atomic
def entry_delete_undoable(*, application: Application, entry: Entry) -> str:
    """Delete the entry; the token restores it within the hour."""
    fresh = unlocked_entry(entry)
    kept = {f.attname: f.value_to_string(fresh) for f in _typed_fields(type(fresh))}
    kept["draft"] = fresh.draft
    pk = fresh.pk  # deleting sets it to None
    entry_delete(application=application, entry=fresh)
    return signing.dumps(
        {"application": application.pk, "section": section_of_model(type(fresh)), "pk": pk,
         "fields": kept},
        salt=UNDO_SALT, compress=True,
    )  # fmt: skip


@transaction.atomic
def entry_restore(*, application: Application, model: type[Entry], token: str) -> Entry:
    """The deleted entry back, with its id and place; a second undo finds it there."""
    try:
        kept = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature as error:
        raise ValidationError(
            _("This entry can no longer be restored (an undo lasts an hour)."), code="expired"
        ) from error
    section = section_of_model(model)
    if kept.get("application") != application.pk or kept.get("section") != section:
        raise ValidationError(_("This entry can no longer be restored."), code="other")
    refuse_unless_editable(application, section)
    existing = model._default_manager.filter(application=application, pk=kept["pk"]).first()
    if existing is not None:
        return existing
    values: dict[str, Any] = {}
    for f in _typed_fields(model):
        if f.attname == "draft":
            values["draft"] = kept["fields"].get("draft")
        elif f.attname in kept["fields"]:
            raw = kept["fields"][f.attname]
            values[f.attname] = None if raw in ("", None) and f.null else f.to_python(raw)
    created_at = values.pop("created_at")
    restored = model(association_id=application.association_id, application=application, **values)
    restored.pk = kept["pk"]
    restored.save(force_insert=True)
    model._default_manager.filter(pk=restored.pk).update(created_at=created_at)
    restored.created_at = created_at
    application.save(update_fields=["updated_at"])
    return restored
