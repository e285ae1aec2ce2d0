"""The Alliance's categories: codes, names, age band and scope.

Categories are data: the Django side copies this catalogue into its
``Category`` table, and associations may add more there. The engine only
needs the code, the age band and the Mentor designation.
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec

AgeBand = Literal["infant", "early_childhood"]
Family = Literal[
    "family_associate", "family_specialist", "mental_health_specialist", "mental_health_mentor"
]
Designation = Literal["clinical", "policy", "research_faculty"]


class Category(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name_en: str
    name_es: str
    age_band: AgeBand
    family: Family
    scope: str
    designation: Designation | None = None

    def name(self, lang: str) -> str:
        return self.name_es if lang == "es" else self.name_en


def _pair(
    suffix: str, family: Family, scope: str, en: str, es: str, designation: Designation | None
) -> tuple[Category, Category]:
    infant = Category(
        code=f"I{suffix}",
        name_en=f"Infant {en}",
        name_es=es.format(band="Infantil"),
        age_band="infant",
        family=family,
        scope=scope,
        designation=designation,
    )
    early = Category(
        code=f"EC{suffix}",
        name_en=f"Early Childhood {en}",
        name_es=es.format(band="de la Primera Infancia"),
        age_band="early_childhood",
        family=family,
        scope=scope,
        designation=designation,
    )
    return infant, early


CATEGORIES: Final[tuple[Category, ...]] = (
    *_pair("FA", "family_associate", "promotion", "Family Associate",
           "Asociado/a Familiar {band}", None),
    *_pair("FS", "family_specialist", "prevention", "Family Specialist",
           "Especialista Familiar {band}", None),
    *_pair("MHS", "mental_health_specialist", "treatment", "Mental Health Specialist",
           "Especialista en Salud Mental {band}", None),
    *_pair("MHM-C", "mental_health_mentor", "leadership", "Mental Health Mentor – Clinical",
           "Mentor/a en Salud Mental {band} – Clínico", "clinical"),
    *_pair("MHM-P", "mental_health_mentor", "leadership", "Mental Health Mentor – Policy",
           "Mentor/a en Salud Mental {band} – Políticas", "policy"),
    *_pair("MHM-RF", "mental_health_mentor", "leadership",
           "Mental Health Mentor – Research/Faculty",
           "Mentor/a en Salud Mental {band} – Investigación/Docencia", "research_faculty"),
)  # fmt: skip

BY_CODE: Final[dict[str, Category]] = {c.code: c for c in CATEGORIES}

# Endorsements a rater, RS/C provider or internship supervisor may hold: the
# twelve categories plus the Family Reflective Supervisor categories that
# associations added in 2022/23.
ENDORSEMENT_CODES: Final[tuple[str, ...]] = (*BY_CODE, "IFRS", "ECFRS")
