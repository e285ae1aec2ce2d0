"""Complete applicants are ready to submit; one gap is reported as exactly that gap."""

from __future__ import annotations

import pytest

from endorse.eligibility.portfolio import Person, Portfolio
from tests.eligibility.builders import (
    degree,
    good_references,
    judge,
    leadership,
    portfolio,
    provided,
    requirement,
    rsc,
    signed,
    training,
    work,
)

PIP = "parent_infant_psychotherapy"


def applicant(**extra: object) -> Portfolio:
    fields: dict[str, object] = {
        **signed(),
        "references": good_references(),
        "education": [degree("master", "2015-05-20")],
        "work": [work("2016-01-01", None, service=PIP, supervised=True, families_served=25,
                      age_band="both")],
        "training": [training("2023-03-01", 20, "dei", PIP, "rsc_provision"),
                     training("2023-06-01", 30)],
        # Thirteen monthly sessions: the first and last are twelve months apart.
        "rsc": [rsc(f"{2022 + (m > 0)}-{m or 12:02d}-01", 5, about_providing_rsc=True)
                for m in range(13)],
        "leadership": [leadership("2018-01-01", None, kind) for kind in
                       ("clinical", "policy", "research_faculty")],
        "rsc_provided": [provided("2018-01-01", None)],
        "person": Person(mental_health_license=True),
    }  # fmt: skip
    fields.update(extra)
    return portfolio(**fields)


@pytest.mark.parametrize(
    ("category", "on", "exam"),
    [
        ("IFA", "2025-03-01", False),
        ("ECFS", "2025-03-01", False),
        ("IMHS", "2024-07-01", True),
        ("IMHS", "2025-03-01", False),
        ("IMHM-C", "2025-03-01", True),
        ("ECMHM-P", "2025-03-01", True),
        ("IMHM-RF", "2023-06-01", True),
    ],
)
def test_a_complete_applicant_is_ready(category: str, on: str, exam: bool) -> None:
    evaluation = judge(category, on, applicant())
    assert [r.code for r in evaluation.requirements if not r.met] == []
    assert (evaluation.ready_to_submit, evaluation.requires_exam) == (True, exam)


def test_the_freeze_alone_stops_a_complete_applicant() -> None:
    evaluation = judge("IMHS", "2024-10-01", applicant())
    assert [r.code for r in evaluation.requirements if not r.met] == ["category_open"]
    assert evaluation.ready_to_submit is False


def test_one_missing_signature_is_the_only_gap() -> None:
    p = applicant(attestations=signed()["attestations"].__class__())
    evaluation = judge("IFA", "2025-03-01", p)
    assert [r.code for r in evaluation.requirements if not r.met] == ["attestations"]
    assert requirement(evaluation, "attestations").message == (
        "Still to sign: the Code of Ethics and the Endorsement Agreement."
    )


def test_mentor_clinical_before_2024_needs_only_30_hours() -> None:
    p = applicant(training=[training("2022-03-01", 30)],
                  rsc=[rsc(f"{2021 + (m > 0)}-{m or 12:02d}-01", 5, about_providing_rsc=True)
                       for m in range(13)])  # fmt: skip
    assert judge("IMHM-C", "2023-12-31", p).ready_to_submit
    after = judge("IMHM-C", "2024-01-01", p)
    assert [r.code for r in after.requirements if not r.met] == [
        "training_total", "training_dei", "training_rsc_provision"]  # fmt: skip
