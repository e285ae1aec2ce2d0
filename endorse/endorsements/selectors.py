"""Reads of endorsements."""

from __future__ import annotations

from endorse.applications.models import Application
from endorse.endorsements.models import Endorsement


def endorsement_of(application: Application) -> Endorsement | None:
    """The endorsement an approved application created, if any."""
    return (
        Endorsement.objects.filter(
            association_id=application.association_id, application=application
        )
        .select_related("category")
        .first()
    )
