"""Existing endorsements: their first renewal date under their association's model, and a
"granted" event opening their timeline."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.db import migrations

from endorse.eligibility.renewal import RenewalPolicy, first_period


def fill(apps: Any, schema_editor: Any) -> None:
    Endorsement = apps.get_model("endorsements", "Endorsement")
    EndorsementEvent = apps.get_model("endorsements", "EndorsementEvent")
    for endorsement in Endorsement.objects.select_related("association", "application"):
        application = endorsement.application
        submitted = application.submitted_at.date() if application.submitted_at else None
        if endorsement.status == "active":
            policy = RenewalPolicy(model=endorsement.association.renewal_model)
            endorsement.next_due_on = first_period(
                policy,
                submitted_on=submitted or endorsement.issued_on,
                endorsed_on=endorsement.issued_on,
            ).due
            endorsement.save(update_fields=["next_due_on"])
        EndorsementEvent.objects.create(
            endorsement=endorsement,
            association=endorsement.association,
            kind="granted",
            at=datetime.combine(endorsement.issued_on, time(12), tzinfo=UTC),
            from_status="",
            to_status="active",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("endorsements", "0006_lifecycle"),
        ("applications", "0001_initial"),
    ]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
