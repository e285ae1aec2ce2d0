"""Granting an Endorsement."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement


@transaction.atomic
def endorsement_grant(*, application: Application, issued_on: date) -> Endorsement:
    """Number ``<SLUG>-<year>-<nnnn>``, counted per association and year.

    The association's row is locked while the number is chosen, so two approvals at
    once can't take the same number (the unique constraint would refuse it anyway).
    """
    association = Association.objects.select_for_update().get(pk=application.association_id)
    prefix = f"{association.slug.upper()}-{issued_on.year}-"
    taken = Endorsement.objects.filter(association=association, number__startswith=prefix).count()
    return Endorsement.objects.create(
        association=association,
        person_id=application.applicant_id,
        category_id=application.category_id,
        application=application,
        number=f"{prefix}{taken + 1:04d}",
        issued_on=issued_on,
    )
