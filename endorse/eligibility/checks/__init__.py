"""One module per family of rules; each rule is ``check(ctx, params) -> Requirement``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from endorse.eligibility.checks import education, experience, rsc, status, training, work
from endorse.eligibility.context import Context, Requirement

Check = Callable[[Context, Any], Requirement]

CHECKS: Final[dict[str, Check]] = {
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
    "references": status.references,
    "attestations": status.attestations,
    "membership": status.membership,
}
