"""Which version is in force on each side of each effective date, and closed windows."""

import pytest

from endorse.eligibility import Catalog, RuleSetError
from endorse.eligibility.rulesets import parse_version
from tests.eligibility.builders import BASELINE, d, judge, portfolio, requirement


@pytest.mark.parametrize(
    ("category", "day", "version", "exam"),
    [
        ("IMHS", "2024-12-31", "alliance-baseline/IMHS/2000-01-01", True),
        ("IMHS", "2025-01-01", "alliance-baseline/IMHS/2025-01-01", False),
        ("ECMHS", "2024-12-31", "alliance-baseline/ECMHS/2000-01-01", True),
        ("ECMHS", "2025-01-01", "alliance-baseline/ECMHS/2025-01-01", False),
        ("IMHM-C", "2023-12-31", "alliance-baseline/IMHM-C/2000-01-01", True),
        ("IMHM-C", "2024-01-01", "alliance-baseline/IMHM-C/2024-01-01", True),
        ("ECMHM-P", "2023-12-31", "alliance-baseline/ECMHM-P/2000-01-01", True),
        ("ECMHM-RF", "2024-01-01", "alliance-baseline/ECMHM-RF/2024-01-01", True),
        ("IFA", "2000-01-01", "alliance-baseline/IFA/2000-01-01", False),
        ("ECFS", "2030-06-01", "alliance-baseline/ECFS/2000-01-01", False),
    ],
)
def test_version_in_force(category: str, day: str, version: str, exam: bool) -> None:
    evaluation = judge(category, day, portfolio())
    assert (evaluation.rule_version, evaluation.requires_exam) == (version, exam)


def test_no_version_before_the_baseline_starts() -> None:
    assert BASELINE.in_force("IFA", d("1999-12-31")) is None


@pytest.mark.parametrize(
    ("day", "open_"),
    [("2024-08-01", True), ("2024-08-02", False), ("2024-12-31", False), ("2025-01-01", True)],
)
def test_mhs_closed_window_first_and_last_day(day: str, open_: bool) -> None:
    result = requirement(judge("IMHS", day, portfolio()), "category_open")
    assert (result.met, result.have) == (open_, open_)


def test_closed_window_message_names_dates_and_reason() -> None:
    result = requirement(judge("IMHS", "2024-09-01", portfolio()), "category_open")
    assert result.message.startswith(
        "Applications for this category are closed from Aug. 2, 2024; they reopen on Jan. 1, 2025. "
        "Applications are frozen"
    )
    spanish = requirement(judge("IMHS", "2024-09-01", portfolio(), lang="es"), "category_open")
    assert "congeladas" in spanish.message


def test_rules_change_on_the_2025_date() -> None:
    old = [r.code for r in judge("IMHS", "2024-12-31", portfolio()).requirements]
    new = [r.code for r in judge("IMHS", "2025-01-01", portfolio()).requirements]
    assert old == ["category_open", "education", "work", "training_total", "rsc_hours",
                   "rsc_period", "references", "attestations", "membership"]  # fmt: skip
    assert new == ["category_open", "education", "work", "training_total", "training_dei",
                   "training_pip", "rsc_hours", "rsc_period", "references", "attestations",
                   "membership"]  # fmt: skip
    assert requirement(judge("IMHS", "2025-01-01", portfolio()), "training_total").need == 33


VALID = {"categories": ["IFA"], "effective_from": "2026-01-01",
         "rules": {"training_total": {"hours": 40}}}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"rules": {"training_totl": {"hours": 1}}}, "rules: unknown rule 'training_totl'"),
        ({"rules": {"training_total": {"hours": 0}}}, "rules.training_total: Expected `float` > 0"),
        (
            {"rules": {"training_total": {"hour": 3}}},
            "rules.training_total: Object contains unknown",
        ),
        ({"rules": {"rsc_period": {}}}, "rules.rsc_period: needs the rsc_hours rule"),
        ({"effective_to": "2025-01-01"}, "effective_to: must be after effective_from"),
        ({"categories": ["XYZ"]}, "categories: unknown category 'XYZ'"),
        ({"closed": [{"start": "2025-06-01", "end": "2026-02-01"}]}, "closed[0]: must lie within"),
        (
            {"closed": [{"start": "2026-06-01", "end": "2026-06-01"}]},
            "closed[0].end: must be after",
        ),
    ],
)
def test_invalid_versions_are_refused_with_the_faulty_field(change: dict, problem: str) -> None:
    with pytest.raises(RuleSetError) as error:
        parse_version("test", {**VALID, **change})
    assert str(error.value).startswith(problem)


def test_overlapping_versions_are_refused() -> None:
    first = parse_version("t", {**VALID, "effective_to": "2027-01-01"})
    second = parse_version("t", {**VALID, "effective_from": "2026-12-31"})
    with pytest.raises(RuleSetError, match="overlaps"):
        Catalog([*first, *second])
    adjacent = parse_version("t", {**VALID, "effective_from": "2027-01-01"})
    catalog = Catalog([*first, *adjacent])
    assert catalog.in_force("IFA", d("2026-12-31")).effective_from == d("2026-01-01")
    assert catalog.in_force("IFA", d("2027-01-01")).effective_from == d("2027-01-01")


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        (("2024-01-01", "2025-01-01"), ("2025-01-01", None), False),  # adjacent
        (("2024-01-01", "2025-01-02"), ("2025-01-01", None), True),
        (("2024-01-01", None), ("2030-01-01", "2031-01-01"), True),  # open-ended
        (("2030-01-01", "2031-01-01"), ("2024-01-01", "2030-01-01"), False),
        (("2024-01-01", None), ("2020-01-01", None), True),
    ],
)
def test_ranges_overlap_is_symmetric_and_end_exclusive(
    first: tuple[str, str | None], second: tuple[str, str | None], overlap: bool
) -> None:
    from endorse.eligibility.rulesets import ranges_overlap

    def as_range(pair: tuple[str, str | None]) -> tuple[object, object]:
        return d(pair[0]), d(pair[1]) if pair[1] else None

    assert ranges_overlap(as_range(first), as_range(second)) is overlap  # type: ignore[arg-type]
    assert ranges_overlap(as_range(second), as_range(first)) is overlap  # type: ignore[arg-type]


def test_qualified_rsc_providers_are_those_the_rules_in_force_accept() -> None:
    assert BASELINE.rsc_provider_codes(d("2025-03-03")) == {
        "IFRS", "ECFRS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C",
    }  # fmt: skip
    narrowed = parse_version(
        "test",
        {"categories": ["IMHS"], "effective_from": "2026-01-01",
         "rules": {"rsc_hours": {"hours": 10, "providers": ["IMHM-C"]}}},
    )  # fmt: skip
    assert Catalog(narrowed).rsc_provider_codes(d("2026-02-01")) == {"IMHM-C"}
    assert Catalog(narrowed).rsc_provider_codes(d("2025-12-31")) == frozenset()
