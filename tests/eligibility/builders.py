"""Small builders so each test states only what matters to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.eligibility import Evaluation, Options, Requirement, evaluate, load_baseline
from endorse.eligibility.portfolio import (
    Attestations,
    Education,
    Leadership,
    Membership,
    Person,
    Portfolio,
    Reference,
    Rsc,
    RscProvided,
    Training,
    Work,
)

BASELINE = load_baseline()
LISTS = ("education", "work", "training", "rsc", "leadership", "rsc_provided", "references")


def d(text: str) -> date:
    return date.fromisoformat(text)


def portfolio(**fields: Any) -> Portfolio:
    fields.setdefault("format", "endorse.portfolio/1")
    for name in LISTS:
        fields[name] = tuple(fields.get(name, ()))
    return Portfolio(**fields)


def work(start: str, end: str | None, **fields: Any) -> Work:
    fields.setdefault("service", "treatment")
    fields.setdefault("age_band", "infant")
    return Work(start=d(start), end=d(end) if end else None, **fields)


def degree(level: str, on: str = "2010-05-20") -> Education:
    return Education(level=level, completed_on=d(on))  # type: ignore[arg-type]


def training(on: str, hours: float, *topics: str) -> Training:
    return Training(date=d(on), hours=hours, topics=topics)  # type: ignore[arg-type]


def rsc(on: str, hours: float, **fields: Any) -> Rsc:
    fields.setdefault("format", "individual")
    fields.setdefault("provider_endorsement", "IMHM-C")
    return Rsc(date=d(on), hours=hours, **fields)


def leadership(start: str, end: str | None, kind: str = "clinical") -> Leadership:
    return Leadership(start=d(start), end=d(end) if end else None, kind=kind)  # type: ignore[arg-type]


def provided(start: str, end: str | None) -> RscProvided:
    return RscProvided(start=d(start), end=d(end) if end else None)


def reference(role: str = "colleague", status: str = "completed", **fields: Any) -> Reference:
    return Reference(role=role, status=status, **fields)  # type: ignore[arg-type]


def good_references() -> list[Reference]:
    return [
        reference("rsc_provider", rater_endorsed=True),
        reference("supervisor"),
        reference("colleague"),
    ]


def signed() -> dict[str, Any]:
    return {
        "attestations": Attestations(code_of_ethics=True, endorsement_agreement=True),
        "membership": Membership(expires_on=d("2099-12-31")),
    }


def licensed() -> Person:
    return Person(mental_health_license=True)


def judge(
    category: str, on: str, p: Portfolio, *, lang: str = "en", options: Options | None = None
) -> Evaluation:
    ruleset = BASELINE.in_force(category, d(on))
    assert ruleset is not None
    return evaluate(p, ruleset, d(on), lang=lang, options=options)


def requirement(evaluation: Evaluation, code: str) -> Requirement:
    (found,) = [item for item in evaluation.requirements if item.code == code]
    return found
