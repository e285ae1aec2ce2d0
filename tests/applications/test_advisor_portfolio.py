"""The advisor's answers become entries that mean exactly what the person said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from endorse.applications.advisor import Answers, advisor_portfolio
from endorse.eligibility import evaluate, load_baseline
from endorse.eligibility.spans import FULL_TIME, add_months, fte_days, fte_units

TODAY = date(2025, 3, 3)
IFS = load_baseline().in_force("IFS", TODAY)
NOTHING = Answers(level="", years=Decimal(0), fte=Decimal(1), service="prevention",
                  families_served=0, age_band="infant", training_hours=Decimal(0),
                  dei_hours=Decimal(0), pip_hours=Decimal(0), rsc_hours=Decimal(0),
                  rsc_months=12, license="none")  # fmt: skip
tenths = st.integers(1, 600).map(lambda n: Decimal(n) / 10)
hundredths = st.integers(5, 100).map(lambda n: Decimal(n) / 100)
hours = st.integers(2, 1_000_000).map(lambda n: Decimal(n) / 100)


def rule(answers: Answers, code: str) -> tuple[object, bool]:
    assert IFS is not None
    evaluation = evaluate(advisor_portfolio(answers, TODAY), IFS, TODAY)
    found = next(r for r in evaluation.requirements if r.code == code)
    return found.have, found.met


@given(months=st.integers(1, 23), total=hours)
def test_rsc_over_n_months_is_read_as_n_months_with_every_hour(months: int, total: Decimal) -> None:
    answers = replace(NOTHING, rsc_hours=total, rsc_months=months)
    sessions = advisor_portfolio(answers, TODAY).rsc
    yesterday = date(2025, 3, 2)
    assert (sessions[0].date, sessions[-1].date) == (add_months(yesterday, -months), yesterday)
    assert rule(answers, "rsc_period")[0] == months
    assert rule(answers, "rsc_hours")[0] == float(total)


def test_twelve_months_meet_the_twelve_month_rule_and_eleven_do_not() -> None:
    answers = replace(NOTHING, rsc_hours=Decimal(24))
    assert rule(replace(answers, rsc_months=12), "rsc_period") == (12, True)
    assert rule(replace(answers, rsc_months=11), "rsc_period") == (11, False)


def test_a_few_hundredths_of_rsc_still_span_the_months() -> None:
    sessions = advisor_portfolio(replace(NOTHING, rsc_hours=Decimal("0.02")), TODAY).rsc
    assert [(s.date, s.hours) for s in sessions] == [
        (date(2024, 3, 2), 0.01),
        (date(2025, 3, 2), 0.01),
    ]


@given(years=tenths, fte=hundredths)
def test_years_at_an_fte_are_exactly_years_times_365_times_fte_days(
    years: Decimal, fte: Decimal
) -> None:
    work = advisor_portfolio(replace(NOTHING, years=years, fte=fte), TODAY).work
    counted = fte_days((w.start, w.end, fte_units(w.fte)) for w in work if w.end)
    assert counted == years * 365 * fte * FULL_TIME
    assert max(w.end for w in work if w.end) == date(2025, 3, 2)
    assert rule(replace(NOTHING, years=years, fte=fte), "work")[1] is (years * fte >= 2)


def test_families_are_counted_once_when_the_years_end_in_half_a_day() -> None:
    answers = replace(NOTHING, years=Decimal("2.5"), fte=Decimal("0.8"), families_served=10)
    assert rule(answers, "work") == (730, True)
    assert rule(answers, "families") == (10, True)


@given(years=tenths)
def test_years_as_a_leader_meet_three_years_exactly_from_three(years: Decimal) -> None:
    answers = replace(NOTHING, leadership_years=years, leadership_kind="policy",
                      rsc_provided_years=years)  # fmt: skip
    portfolio = advisor_portfolio(answers, TODAY)
    (role,) = portfolio.leadership
    (provided,) = portfolio.rsc_provided
    assert role.end is not None and (provided.start, provided.end) == (role.start, role.end)
    days = (role.end - role.start).days + 1
    assert (days >= 1095) is (years >= 3)
    assert days == int(years * 365)


def test_the_degree_comes_before_the_work() -> None:
    answers = replace(NOTHING, level="master", years=Decimal(3))
    portfolio = advisor_portfolio(answers, TODAY)
    assert portfolio.education[0].completed_on < portfolio.work[0].start
