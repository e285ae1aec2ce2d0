"""What the entries were at each submission, so a later round can show what changed since.

A snapshot keeps, per entry, a fingerprint of what the applicant typed (and, for a degree,
the names of its transcripts) and those typed values, so that an entry removed since can
still be summarised in the reader's language. Nothing the coordinator or the raters set
is in the fingerprint: only the applicant's changes mark an entry "changed".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from endorse.applications.models import (
    Application,
    Details,
    Education,
    Leadership,
    Reference,
    Rsc,
    RscProvided,
    SubmittedEntries,
    Training,
    Transcript,
    Work,
)

# The sections whose entries a reviewer weighs, and the fields the applicant types there.
TRACKED: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "education": (Education, ("level", "field", "institution", "completed_on")),
    "work": (Work, ("title", "employer", "start", "end", "fte", "paid", "supervised",
                    "internship", "service", "age_band", "families_served",
                    "supervisor_endorsement")),
    "training": (Training, ("title", "date", "hours", "dei", "pip", "rsc_provision")),
    "rsc": (Rsc, ("date", "hours", "format", "provider", "provider_endorsement",
                  "about_providing_rsc")),
    "leadership": (Leadership, ("kind", "role", "start", "end")),
    "rsc_provided": (RscProvided, ("recipients", "start", "end")),
}  # fmt: skip

# Kept as well, though shown apart from the sections above: the applicant's details (one row)
# and the references they named (who, not what the rater answered).
KEPT: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    **TRACKED,
    "details": (Details, ("phone", "address", "county", "languages", "mental_health_license",
                          "license_description", "license_eligible", "membership_number",
                          "membership_expires_on")),
    "references": (Reference, ("name", "email", "role")),
}  # fmt: skip


def _plain(value: Any) -> Any:
    """A JSON value that reads back the same: dates as ISO text, decimals normalised."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def entry_record(section: str, row: Any) -> dict[str, Any]:
    """The fingerprint and typed values of one entry (a degree with its transcripts loaded)."""
    _model, names = KEPT[section]
    fields = {name: _plain(getattr(row, name)) for name in names}
    if section == "education":
        fields["transcripts"] = sorted(t.original_name for t in row.transcripts.all())
    text = json.dumps(fields, sort_keys=True)
    return {"fingerprint": hashlib.sha256(text.encode()).hexdigest()[:16], "fields": fields}


def current_records(application: Application) -> dict[str, dict[str, dict[str, Any]]]:
    """``{section: {pk (text, as JSON keeps it): record}}`` for the entries now, one query a
    section (and one for the transcripts)."""
    records: dict[str, dict[str, dict[str, Any]]] = {}
    for section, (model, _names) in KEPT.items():
        rows = model._default_manager.filter(
            association_id=application.association_id, application=application
        ).order_by("created_at", "pk")
        if model is Education:
            rows = rows.prefetch_related(
                Prefetch("transcripts", queryset=Transcript.objects.order_by("uploaded_at"))
            )
        records[section] = {str(row.pk): entry_record(section, row) for row in rows}
    return records


@transaction.atomic
def entries_snapshot_take(*, application: Application) -> SubmittedEntries:
    """Keep the entries as submitted for the application's current round (taken again, the
    round's snapshot is replaced: the last submission of a round is what its reviewers saw)."""
    snapshot, _created = SubmittedEntries.objects.update_or_create(
        association_id=application.association_id,
        application=application,
        round=application.review_round,
        defaults={"taken_at": timezone.now(), "entries": current_records(application)},
    )
    return snapshot
