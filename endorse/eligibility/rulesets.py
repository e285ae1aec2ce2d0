"""Requirement sets: what a category needs, from a date. Data, not code.

A requirement set (a *version*) names a category, the range of dates it is
in force (``effective_from`` inclusive, ``effective_to`` exclusive or open),
closed windows when no application may be submitted, whether an exam is
required, and its rules with their parameters. The bundled Alliance baseline
lives in ``data/``; associations override it in the admin, which validates
with :func:`parse_version` too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from importlib.resources import files
from typing import Annotated, Any, Final, Literal, Protocol, TypeVar

import msgspec

from endorse.eligibility.categories import BY_CODE, ENDORSEMENT_CODES

Days = Annotated[int, msgspec.Meta(gt=0)]
Hours = Annotated[float, msgspec.Meta(gt=0)]
Months = Annotated[int, msgspec.Meta(gt=0)]
EndorsementCode = Literal[ENDORSEMENT_CODES]  # type: ignore[valid-type]


class _Params(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class EducationParams(_Params, frozen=True, kw_only=True):
    level: Literal["associate", "bachelor", "master", "doctorate"]
    or_license: bool = False


class EducationOrWorkParams(_Params, frozen=True, kw_only=True):
    days: Days = 730


class Internship(_Params, frozen=True, kw_only=True):
    max_days: Days = 365
    supervisor_endorsements: tuple[EndorsementCode, ...]


class WorkParams(_Params, frozen=True, kw_only=True):
    days: Days = 730
    services: tuple[
        Literal["promotion", "prevention", "treatment", "parent_infant_psychotherapy", "other"],
        ...,
    ]
    paid: bool = True
    supervised: bool = False
    after_degree: Literal["master"] | None = None
    licensed_or_eligible: bool = False
    internship: Internship | None = None


class FamiliesParams(_Params, frozen=True, kw_only=True):
    count: Annotated[int, msgspec.Meta(gt=0)] = 10


class TrainingParams(_Params, frozen=True, kw_only=True):
    hours: Hours


class RscHoursParams(_Params, frozen=True, kw_only=True):
    hours: Hours
    window_months: Months = 24
    providers: tuple[EndorsementCode, ...]


class RscPeriodParams(_Params, frozen=True, kw_only=True):
    months: Months = 12


class LeadershipParams(_Params, frozen=True, kw_only=True):
    kind: Literal["clinical", "policy", "research_faculty"]
    days: Days = 1095


class DaysParams(_Params, frozen=True, kw_only=True):
    days: Days = 1095


class ReferencesParams(_Params, frozen=True, kw_only=True):
    count: Annotated[int, msgspec.Meta(gt=0)] = 3
    rsc_provider: bool = False


class NoParams(_Params, frozen=True, kw_only=True):
    pass


# In the order results are reported, whatever order a file or database gives.
PARAMS: Final[dict[str, type[_Params]]] = {
    "education": EducationParams,
    "education_or_work": EducationOrWorkParams,
    "work": WorkParams,
    "families": FamiliesParams,
    "leadership": LeadershipParams,
    "rsc_provided": DaysParams,
    "training_total": TrainingParams,
    "training_dei": TrainingParams,
    "training_pip": TrainingParams,
    "training_rsc_provision": TrainingParams,
    "rsc_hours": RscHoursParams,
    "rsc_period": RscPeriodParams,
    "rsc_about_providing": TrainingParams,
    "references": ReferencesParams,
    "attestations": NoParams,
    "membership": NoParams,
}
RULE_ORDER: Final = {code: index for index, code in enumerate(PARAMS)}
# Rules that read another rule's parameters.
DEPENDS_ON: Final = {
    "families": "work",
    "rsc_period": "rsc_hours",
    "rsc_about_providing": "rsc_hours",
}


class ClosedWindow(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """No submissions from ``start`` (inclusive) until ``end`` (exclusive)."""

    start: date
    end: date
    reason: dict[str, str] = {}

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def reason_in(self, lang: str) -> str:
        return self.reason.get(lang) or self.reason.get("en", "")


class RuleSet(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    category: str
    effective_from: date
    effective_to: date | None
    requires_exam: bool
    closed: tuple[ClosedWindow, ...]
    rules: tuple[tuple[str, Any], ...]

    @property
    def version(self) -> str:
        return f"{self.source}/{self.category}/{self.effective_from.isoformat()}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def params(self, code: str) -> Any:
        for rule_code, params in self.rules:
            if rule_code == code:
                return params
        return None


class RuleSetError(ValueError):
    """An invalid requirement set, with the path of the faulty field."""


class _VersionSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    categories: tuple[str, ...]
    effective_from: date
    effective_to: date | None = None
    requires_exam: bool = False
    closed: tuple[ClosedWindow, ...] = ()
    rules: dict[str, dict[str, Any]]


def parse_version(source: str, data: Mapping[str, Any]) -> list[RuleSet]:
    """Validate one version (for one or several categories); raise RuleSetError."""
    try:
        spec = msgspec.convert(data, _VersionSpec, strict=False)
    except msgspec.ValidationError as error:
        raise RuleSetError(str(error)) from None
    _check_dates(spec)
    rules = tuple(
        (code, _parse_params(code, spec.rules[code]))
        for code in sorted(spec.rules, key=lambda code: RULE_ORDER.get(code, -1))
    )
    for code, needed in DEPENDS_ON.items():
        if code in spec.rules and needed not in spec.rules:
            raise RuleSetError(f"rules.{code}: needs the {needed} rule in the same set")
    for category in spec.categories:
        if category not in BY_CODE:
            raise RuleSetError(f"categories: unknown category {category!r}")
    return [
        RuleSet(
            source=source,
            category=category,
            effective_from=spec.effective_from,
            effective_to=spec.effective_to,
            requires_exam=spec.requires_exam,
            closed=spec.closed,
            rules=rules,
        )
        for category in spec.categories
    ]


def _check_dates(spec: _VersionSpec) -> None:
    if spec.effective_to is not None and spec.effective_to <= spec.effective_from:
        raise RuleSetError("effective_to: must be after effective_from")
    for index, window in enumerate(spec.closed):
        if window.end <= window.start:
            raise RuleSetError(f"closed[{index}].end: must be after its start")
        if window.start < spec.effective_from or (
            spec.effective_to is not None and window.end > spec.effective_to
        ):
            raise RuleSetError(f"closed[{index}]: must lie within the version's dates")


def _parse_params(code: str, params: Mapping[str, Any]) -> Any:
    return parse_params(PARAMS, code, params, what="rule")


def parse_params(
    table: Mapping[str, type[Any]], code: str, params: Mapping[str, Any], *, what: str
) -> Any:
    """The parameters of rule ``code``, checked by the type ``table`` gives it."""
    kind = table.get(code)
    if kind is None:
        raise RuleSetError(f"rules: unknown {what} {code!r}")
    try:
        return msgspec.convert(params, kind, strict=False)
    except msgspec.ValidationError as error:
        raise RuleSetError(f"rules.{code}: {error}") from None


class Catalog:
    """All versions of a source, by category; finds the one in force on a date."""

    def __init__(self, versions: Iterable[RuleSet]) -> None:
        self._by_category = histories(
            versions, key=lambda version: version.category, label=lambda category: category
        )

    def categories(self) -> list[str]:
        """Categories with versions, in the catalogue's order (parsing refuses others)."""
        return [code for code in BY_CODE if code in self._by_category]

    def versions(self, category: str) -> list[RuleSet]:
        return list(self._by_category.get(category, ()))

    def in_force(self, category: str, day: date) -> RuleSet | None:
        for version in self._by_category.get(category, ()):
            if version.in_force_on(day):
                return version
        return None

    def rsc_provider_codes(self, day: date) -> frozenset[str]:
        """The endorsements that make someone a qualified RS/C provider on ``day``: those any
        category's requirements in force accept for its RS/C hours."""
        codes: set[str] = set()
        for category in self._by_category:
            version = self.in_force(category, day)
            params = version.params("rsc_hours") if version else None
            if params is not None:
                codes.update(params.providers)
        return frozenset(codes)


class HeldEndorsement(msgspec.Struct, frozen=True, kw_only=True):
    """One endorsement a would-be RS/C provider holds, and its status since when."""

    code: str
    status: Literal["active", "lapsed", "inactive", "emeritus", "revoked"]
    since: date


def qualified_rsc_provider(held: Iterable[HeldEndorsement], catalog: Catalog, day: date) -> bool:
    """Whether someone holding ``held`` is a qualified RS/C provider on ``day``: an
    endorsement the requirements in force accept for RS/C hours, active on that day.
    Emeritus status (retired from practice) ends it from the day it was granted."""
    codes = catalog.rsc_provider_codes(day)
    return any(
        e.code in codes and (e.status == "active" or (e.status == "emeritus" and day < e.since))
        for e in held
    )


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...

    @property
    def effective_to(self) -> date | None: ...


Version = TypeVar("Version", bound=Dated)
Key = TypeVar("Key", bound=Hashable)


def histories(
    versions: Iterable[Version], *, key: Callable[[Version], Key], label: Callable[[Key], str]
) -> dict[Key, list[Version]]:
    """Versions by ``key``, each history in date order; overlapping versions are refused."""
    found: dict[Key, list[Version]] = {}
    for version in sorted(versions, key=lambda v: v.effective_from):
        history = found.setdefault(key(version), [])
        if history and ranges_overlap(
            (history[-1].effective_from, history[-1].effective_to),
            (version.effective_from, version.effective_to),
        ):
            raise RuleSetError(
                f"{label(key(version))}: version from {version.effective_from} overlaps "
                f"the version from {history[-1].effective_from}"
            )
        history.append(version)
    return found


DateRange = tuple[date, date | None]


def ranges_overlap(first: DateRange, second: DateRange) -> bool:
    """Whether two ``[from, to)`` ranges (``to`` None = open-ended) share a day."""
    (first_from, first_to), (second_from, second_to) = first, second
    return (first_to is None or second_from < first_to) and (
        second_to is None or first_from < second_to
    )


BASELINE_SOURCE: Final = "alliance-baseline"


def baseline_data() -> dict[str, Any]:
    text = files("endorse.eligibility").joinpath("data/alliance-baseline.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_baseline() -> Catalog:
    data = baseline_data()
    versions: list[RuleSet] = []
    for spec in data["versions"]:
        versions.extend(parse_version(data["source"], spec))
    return Catalog(versions)
