"""Reads of endorsements."""

from __future__ import annotations

from django.db.models import Prefetch

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.endorsements.models import Endorsement, EndorsementEvent

# An endorsement's timeline, with who made each change.
TIMELINE = Prefetch("events", queryset=EndorsementEvent.objects.select_related("actor"))


def endorsement_of(application: Application) -> Endorsement | None:
    """The endorsement an approved application created, if any."""
    return (
        Endorsement.objects.filter(
            association_id=application.association_id, application=application
        )
        .select_related("category")
        .prefetch_related(TIMELINE)
        .first()
    )


def endorsement_by_code(code: str) -> Endorsement | None:
    """The endorsement a verification address names (the code alone; never the number)."""
    return (
        Endorsement.objects.filter(verify_code=code)
        .select_related("person", "category", "association")
        .first()
    )


def endorsements_held(*, person: User) -> list[Endorsement]:
    """Everything a person was ever endorsed for, newest first."""
    return list(
        Endorsement.objects.filter(person=person)
        .select_related("category", "association")
        .order_by("-issued_on", "-pk")
    )


def endorsement_held(*, person: User, pk: int) -> Endorsement | None:
    """One of the person's own endorsements; None for anyone else's."""
    return (
        Endorsement.objects.filter(person=person, pk=pk)
        .select_related("person", "category", "association")
        .prefetch_related(TIMELINE)
        .first()
    )
