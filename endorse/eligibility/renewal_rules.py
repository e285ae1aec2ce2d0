"""Renewal requirement sets: what renewing a category needs, as versioned data.

Renewal sets are versioned data like the application's requirement sets: each names
a renewal model (``yearly`` or ``three_year``), categories, the dates it is in force
and its rules. The version that applies to a period is the one in force on the
period's due date, so a change of rules never alters a period half-way. The bundled
baseline is ``data/renewal-baseline.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from importlib.resources import files
from typing import Annotated, Any, Final

import msgspec

from endorse.eligibility.categories import BY_CODE
from endorse.eligibility.renewal import Model, Period
from endorse.eligibility.rulesets import (
    EndorsementCode,
    Hours,
    NoParams,
    RuleSetError,
    TrainingParams,
    histories,
    parse_params,
)

Years = Annotated[int, msgspec.Meta(gt=0)]


class _Params(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Senior(_Params, frozen=True, kw_only=True):
    """Fewer hours for someone endorsed in the category for ``after_years`` or more."""

    after_years: Years = 3
    hours: Hours
    # Peer consultation with others endorsed in the same category counts too.
    peer_same_category: bool = True


class RenewalRscParams(_Params, frozen=True, kw_only=True):
    hours: Hours
    providers: tuple[EndorsementCode, ...]
    senior: Senior | None = None


# In the order results are reported.
PARAMS: Final[dict[str, type[Any]]] = {
    "training_total": TrainingParams,
    "training_dei": TrainingParams,
    "training_rsc_provision": TrainingParams,
    "rsc_hours": RenewalRscParams,
    "membership": NoParams,
    "ethics": NoParams,
}
RULE_ORDER: Final = {code: index for index, code in enumerate(PARAMS)}


class RenewalSet(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    model: Model
    category: str
    effective_from: date
    effective_to: date | None
    # Hours are attested, and documented only when the renewal is audited.
    by_attestation: bool
    rules: tuple[tuple[str, Any], ...]

    @property
    def version(self) -> str:
        return f"{self.source}/renewal-{self.model}/{self.category}/{self.effective_from}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class _Spec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    model: Model
    categories: tuple[str, ...]
    effective_from: date
    effective_to: date | None = None
    by_attestation: bool = False
    rules: dict[str, dict[str, Any]]


def parse_renewal_version(source: str, data: Mapping[str, Any]) -> list[RenewalSet]:
    """Validate one renewal version (for one or several categories); raise RuleSetError."""
    try:
        spec = msgspec.convert(data, _Spec, strict=False)
    except msgspec.ValidationError as error:
        raise RuleSetError(str(error)) from None
    if spec.effective_to is not None and spec.effective_to <= spec.effective_from:
        raise RuleSetError("effective_to: must be after effective_from")
    for category in spec.categories:
        if category not in BY_CODE:
            raise RuleSetError(f"categories: unknown category {category!r}")
    rules = tuple(
        (code, _params(code, spec.rules[code])) for code in sorted(spec.rules, key=_rule_order)
    )
    return [
        RenewalSet(
            source=source,
            model=spec.model,
            category=category,
            effective_from=spec.effective_from,
            effective_to=spec.effective_to,
            by_attestation=spec.by_attestation,
            rules=rules,
        )
        for category in spec.categories
    ]


def _rule_order(code: str) -> int:
    return RULE_ORDER.get(code, -1)


def _params(code: str, params: Mapping[str, Any]) -> Any:
    return parse_params(PARAMS, code, params, what="renewal rule")


class RenewalCatalog:
    """All renewal versions of a source, by model and category."""

    def __init__(self, versions: Iterable[RenewalSet]) -> None:
        self._by_key: dict[tuple[str, str], list[RenewalSet]] = histories(
            versions,
            key=lambda version: (str(version.model), version.category),
            label=" ".join,
        )

    def by_key(self) -> dict[tuple[str, str], list[RenewalSet]]:
        """Every version, by (model, category)."""
        return {key: list(versions) for key, versions in self._by_key.items()}

    def versions(self, model: str, category: str) -> list[RenewalSet]:
        return list(self._by_key.get((model, category), ()))

    def for_period(self, model: str, category: str, period: Period) -> RenewalSet | None:
        """The version in force on the period's due date."""
        for version in self._by_key.get((model, category), ()):
            if version.in_force_on(period.due):
                return version
        return None


def renewal_baseline_data() -> dict[str, Any]:
    path = files("endorse.eligibility").joinpath("data/renewal-baseline.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def load_renewal_baseline() -> RenewalCatalog:
    data = renewal_baseline_data()
    versions: list[RenewalSet] = []
    for spec in data["versions"]:
        versions.extend(parse_renewal_version(data["source"], spec))
    return RenewalCatalog(versions)


class RenewalFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What the renewal knows beyond the portfolio."""

    period: Period
    # When the person was first endorsed in this category (seniority, pro-rating).
    endorsed_on: date
    # The person provides RS/C to others (then training on providing it is needed).
    provides_rsc: bool = False
    # Chosen for audit: hours must be documented even where they are attested.
    audited: bool = False
    # The person attests the hours (three-year cycle).
    hours_attested: bool = False
