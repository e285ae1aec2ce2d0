"""Every kind of invalid input names its JSON path; valid input keeps its defaults."""

import json

import pytest

from endorse.eligibility import PortfolioError, parse_portfolio

BASE = {"format": "endorse.portfolio/1"}
WORK = {"start": "2020-01-01", "service": "treatment", "age_band": "infant"}


def problem_of(data: object) -> str:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(PortfolioError) as error:
        parse_portfolio(text)
    return str(error.value)


def test_minimal_portfolio_takes_the_documented_defaults() -> None:
    p = parse_portfolio(json.dumps({**BASE, "work": [WORK]}))
    (entry,) = p.work
    assert (entry.end, entry.fte, entry.paid, entry.supervised, entry.internship,
            entry.families_served) == (None, 1.0, True, False, False, 0)  # fmt: skip
    assert p.training == () and p.membership.expires_on is None
    assert not p.attestations.code_of_ethics


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "$: not valid JSON"),
        ("[]", "$: expected object, got array"),
        ({}, "format: missing"),
        ({"format": "endorse.portfolio/2"}, "format: unknown value 'endorse.portfolio/2'"),
        ({**BASE, "wrok": []}, "wrok: unknown key"),
        ({**BASE, "work": [{**WORK, "employr": "x"}]}, "work[0].employr: unknown key"),
        ({**BASE, "person": {"licensed": True}}, "person.licensed: unknown key"),
        ({**BASE, "work": [{**WORK, "fte": "1"}]}, "work[0].fte: expected float, got str"),
        ({**BASE, "work": [{**WORK, "paid": "yes"}]}, "work[0].paid: expected bool, got str"),
        ({**BASE, "work": {}}, "work: expected array, got object"),
        ({**BASE, "work": [WORK, WORK, {**WORK, "end": "2019-12-31"}]}, "work[2].end: before start"),
        ({**BASE, "work": [{**WORK, "service": "therapy"}]}, "work[0].service: unknown value 'therapy'"),
        ({**BASE, "work": [{**WORK, "fte": 0}]}, "work[0].fte: must be more than 0"),
        ({**BASE, "work": [{**WORK, "fte": 1.5}]}, "work[0].fte: must be at most 1"),
        ({**BASE, "work": [{**WORK, "families_served": -1}]}, "work[0].families_served: must not be negative"),
        ({**BASE, "work": [{**WORK, "start": "2020-13-01"}]}, "work[0].start: not a date (use YYYY-MM-DD)"),
        ({**BASE, "work": [{**WORK, "supervisor_endorsement": "IMH"}]},
         "work[0].supervisor_endorsement: unknown value 'IMH'"),
        ({**BASE, "work": [{"start": "2020-01-01", "age_band": "infant"}]}, "work[0].service: missing"),
        ({**BASE, "training": [{"date": "2024-01-01", "hours": -2}]}, "training[0].hours: must be more than 0"),
        ({**BASE, "training": [{"date": "2024-01-01", "hours": 0}]}, "training[0].hours: must be more than 0"),
        ({**BASE, "training": [{"date": "2024-01-01", "hours": 1.333}]},
         "training[0].hours: use at most two decimal places"),
        ({**BASE, "training": [{"date": "2024-01-01", "hours": 1, "topics": ["DEI"]}]},
         "training[0].topics[0]: unknown value 'DEI'"),
        ({**BASE, "rsc": [{"date": "2024-01-01", "hours": 1, "format": "solo"}]},
         "rsc[0].format: unknown value 'solo'"),
        ({**BASE, "leadership": [{"start": "2020-01-01", "end": "2019-01-01", "kind": "policy"}]},
         "leadership[0].end: before start"),
        ({**BASE, "rsc_provided": [{"start": "2020-01-01", "end": "2019-01-01"}]},
         "rsc_provided[0].end: before start"),
        ({**BASE, "references": [{"role": "friend", "status": "completed"}]},
         "references[0].role: unknown value 'friend'"),
        ({**BASE, "membership": {"expires_on": 2026}}, "membership.expires_on: expected date, got int"),
    ],
)  # fmt: skip
def test_invalid_input_names_the_path(data: object, message: str) -> None:
    assert problem_of(data).startswith(message)


def test_fte_takes_up_to_four_decimal_places() -> None:
    p = parse_portfolio(json.dumps({**BASE, "work": [{**WORK, "fte": 0.125}]}))
    assert p.work[0].fte == 0.125
    assert problem_of({**BASE, "work": [{**WORK, "fte": 0.12345}]}) == (
        "work[0].fte: use at most four decimal places"
    )


def test_error_is_one_line() -> None:
    assert "\n" not in problem_of("{\n\n  bad")


def test_sample_portfolio_from_the_docs_parses() -> None:
    from pathlib import Path

    sample = Path(__file__).parents[2] / "docs" / "examples" / "portfolio.json"
    p = parse_portfolio(sample.read_bytes())
    assert p.education[0].level == "master"
