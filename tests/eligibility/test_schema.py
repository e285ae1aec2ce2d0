"""The published JSON Schema and the parser agree on what a portfolio is."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import jsonschema
import msgspec
import pytest

from endorse.eligibility import PortfolioError, parse_portfolio
from endorse.eligibility import portfolio as records

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "endorse/eligibility/portfolio.schema.json").read_text())
SAMPLE = json.loads((ROOT / "docs/examples/portfolio.json").read_text())
LISTS = {"education": records.Education, "work": records.Work, "training": records.Training,
         "rsc": records.Rsc, "leadership": records.Leadership,
         "rsc_provided": records.RscProvided, "references": records.Reference}  # fmt: skip
OBJECTS = {"person": records.Person, "membership": records.Membership,
           "attestations": records.Attestations}  # fmt: skip


def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


def test_the_sample_is_valid_for_both() -> None:
    validator().validate(SAMPLE)
    parse_portfolio(json.dumps(SAMPLE))


@pytest.mark.parametrize(
    "broken",
    [
        {**SAMPLE, "extra": 1},
        {**SAMPLE, "work": [{**SAMPLE["work"][0], "servce": "x"}]},
        {**SAMPLE, "training": [{**SAMPLE["training"][0], "hours": 0}]},
        {**SAMPLE, "training": [{**SAMPLE["training"][0], "hours": 1.005}]},
        {**SAMPLE, "rsc": [{**SAMPLE["rsc"][0], "format": "solo"}]},
        {**SAMPLE, "format": "endorse.portfolio/0"},
        {k: v for k, v in SAMPLE.items() if k != "format"},
    ],
)
def test_both_refuse_the_same_broken_portfolios(broken: dict[str, object]) -> None:
    assert not validator().is_valid(broken)
    with pytest.raises(PortfolioError):
        parse_portfolio(json.dumps(broken))


def schema_of(name: str) -> dict[str, typing.Any]:
    node = SCHEMA["properties"][name]
    return node["items"] if node.get("type") == "array" else node


@pytest.mark.parametrize("name", [*LISTS, *OBJECTS])
def test_fields_and_required_fields_match_the_records(name: str) -> None:
    record = {**LISTS, **OBJECTS}[name]
    node = schema_of(name)
    assert set(node["properties"]) == set(record.__struct_fields__)
    required = {field.name for field in msgspec.structs.fields(record) if field.required}
    assert set(node["required"]) == required


def test_enumerations_match_the_records() -> None:
    work = schema_of("work")["properties"]
    assert work["service"]["enum"] == list(typing.get_args(records.Service))
    assert work["age_band"]["enum"] == list(typing.get_args(records.AgeBand))
    assert schema_of("education")["properties"]["level"]["enum"] == list(
        typing.get_args(records.Level)
    )
    assert schema_of("training")["properties"]["topics"]["items"]["enum"] == list(
        typing.get_args(records.Topic)
    )
    assert schema_of("references")["properties"]["role"]["enum"] == list(
        typing.get_args(records.Role)
    )
