"""Why each entry counts or not, rule by rule: ``reasons(ctx, params) -> [EntryNote]``.

Each module mirrors the check of the same name in ``checks/`` and reads the
same helpers, so a reason can't drift from the figure it explains (a property
test holds them together: the entries marked as counting give the same figure).
Rules about no entry (attestations, membership, an open category) have none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from endorse.eligibility.context import Context
from endorse.eligibility.reasons import education, experience, rsc, training, work
from endorse.eligibility.reasons.notes import EntryNote

Reasons = Callable[[Context, Any], Iterable[EntryNote]]

REASONS: Final[dict[str, Reasons]] = {
    "education": education.education,
    "education_or_work": education.education_or_work,
    "work": work.work,
    "families": work.families,
    "training_total": training.training_total,
    "training_dei": training.training_dei,
    "training_pip": training.training_pip,
    "training_rsc_provision": training.training_rsc_provision,
    "rsc_hours": rsc.rsc_hours,
    "rsc_period": rsc.rsc_period,
    "rsc_about_providing": rsc.rsc_about_providing,
    "leadership": experience.leadership,
    "rsc_provided": experience.rsc_provided,
    "references": experience.references,
}

__all__ = ["REASONS", "EntryNote"]
