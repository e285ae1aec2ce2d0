"""The requirements as the engine judged the submitted application, for its reviewers:
each rule of the pinned set with the entries that count toward it and those that don't."""

from __future__ import annotations

from django.utils.translation import get_language

from endorse.applications.models import Application
from endorse.applications.selectors import ApplicationData, ChecklistRow, application_checklist
from endorse.associations.selectors import association_today
from endorse.reviews.selectors import pinned_ruleset


def judged_requirements(
    application: Application, data: ApplicationData, labels: dict[str, str]
) -> list[tuple[str, ChecklistRow]]:
    """``(the rule as the association page names it, the engine's row)``, in the set's order,
    judged on the day the application was submitted (entries dated later don't count).
    ``labels`` are the rules' names the review form already has (``requirement_lines``)."""
    ruleset = pinned_ruleset(application)
    if ruleset is None:
        return []
    association = application.association
    on = (
        association.local_date(application.submitted_at)
        if application.submitted_at
        else association_today(association=association)
    )
    checklist = application_checklist(
        data=data, category=application.category, on=on, lang=get_language() or "en",
        ruleset=ruleset, every_entry=True,
    )  # fmt: skip
    return [(labels[row.code], row) for row in checklist.rows if row.code in labels]
