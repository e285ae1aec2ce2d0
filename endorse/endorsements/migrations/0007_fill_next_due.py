"""Existing endorsements: their next renewal date under their association's model (the
period current today: they were renewed so far in the previous system), and a "granted"
event opening their timeline."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from endorse.eligibility.renewal import RenewalPolicy, first_period, next_period


def fill(apps: Any, schema_editor: Any) -> None:
    Endorsement = apps.get_model("endorsements", "Endorsement")
    EndorsementEvent = apps.get_model("endorsements", "EndorsementEvent")
    for endorsement in Endorsement.objects.select_related("association", "application"):
        application = endorsement.application
        submitted = application.submitted_at.date() if application.submitted_at else None
        if endorsement.status == "active":
            association = endorsement.association
            policy = RenewalPolicy(model=association.renewal_model)
            period = first_period(
                policy,
                submitted_on=submitted or endorsement.issued_on,
                endorsed_on=endorsement.issued_on,
            )
            # Renewed so far in the previous system (as the demo assumes): the first period
            # whose due date has not passed.
            today = timezone.now().astimezone(ZoneInfo(association.time_zone)).date()
            while period.due < today:
                period = next_period(policy, period)
            endorsement.next_due_on = period.due
            endorsement.next_period_starts = period.starts
            endorsement.next_period_years = period.years
            endorsement.save(
                update_fields=["next_due_on", "next_period_starts", "next_period_years"]
            )
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
