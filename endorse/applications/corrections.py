"""The coordinator's corrections of a registration waiting for a decision. Each one is kept
as an event naming who changed which field, from what to what."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.applications.models import Event, Registration
from endorse.core.text import without_nul
from endorse.standards.models import Category, Offering

# What a coordinator may correct; the fee already charged stays as it is.
CORRECTABLE = Registration.TYPED_FIELDS
# The event's mark on the timeline (not a state: the registration keeps its own).
CORRECTED = "corrected"


def _plain(value: Any) -> Any:
    """A value as the event keeps it: JSON, and stable whatever the reader's language."""
    if isinstance(value, Category):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def registration_correct(
    *, registration: Registration, actor: User, fields: dict[str, Any]
) -> dict[str, list[Any]]:
    """Correct what the applicant typed (a renewed membership, a typo, the category meant)
    before the registration is accepted; after that, the application holds these details.
    Returns what changed (nothing changed: no event)."""
    assert set(fields) <= set(CORRECTABLE), set(fields) - set(CORRECTABLE)
    locked = (
        Registration.objects.select_for_update().select_related("category").get(pk=registration.pk)
    )
    if locked.status == Registration.Status.ACCEPTED:
        raise ValidationError(
            _("This registration is accepted: the application now holds these details."),
            code="accepted",
        )
    changes = _apply(locked, fields)
    if not changes:
        return {}
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=list(changes))
    Event.objects.create(
        association_id=locked.association_id,
        registration=locked,
        actor=actor,
        at=timezone.now(),
        from_state=locked.status,
        to_state=CORRECTED,
        changes=changes,
    )
    registration.refresh_from_db()
    return changes


def _apply(locked: Registration, fields: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = without_nul(value).strip()
        before = getattr(locked, name)
        if _plain(before) == _plain(value):
            continue
        if name == "category" and not _offered(locked, value):
            raise ValidationError(
                {"category": _("This association does not offer this category.")},
                code="not_offered",
            )
        changes[name] = [_plain(before), _plain(value)]
        setattr(locked, name, value)
    return changes


def _offered(registration: Registration, category: Category) -> bool:
    return Offering.objects.filter(
        association_id=registration.association_id, category=category
    ).exists()
