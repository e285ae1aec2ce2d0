"""The renewal calendar and the renewal rules, with explicit dates (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from endorse.eligibility.portfolio import Attestations, Membership, Portfolio
from endorse.eligibility.renewal import (
    MonthDay,
    Period,
    RenewalPolicy,
    Share,
    audit_selected,
    first_period,
    next_period,
    period_due_in,
    period_ending_on,
    share_due,
)
from endorse.eligibility.renewal_evaluate import RenewalEvaluation, evaluate_renewal
from endorse.eligibility.renewal_rules import (
    RenewalCatalog,
    RenewalFacts,
    load_renewal_baseline,
    parse_renewal_version,
)
from endorse.eligibility.rulesets import RuleSetError
from tests.eligibility.builders import d, portfolio, rsc, training

YEARLY = RenewalPolicy()
THREE_YEAR = RenewalPolicy(model="three_year", cycle_year=2024)
BASELINE = load_renewal_baseline()


def judge(
    category: str,
    period: Period,
    claimed: Portfolio,
    *,
    endorsed_on: str,
    on: str,
    model: str = "yearly",
    **facts: bool,
) -> RenewalEvaluation:
    renewal_set = BASELINE.for_period(model, category, period)
    assert renewal_set is not None
    return evaluate_renewal(
        claimed,
        renewal_set,
        RenewalFacts(period=period, endorsed_on=d(endorsed_on), **facts),
        d(on),
    )


def by_code(evaluation: RenewalEvaluation) -> dict[str, tuple[bool, object, object]]:
    return {r.code: (r.met, r.have, r.need) for r in evaluation.requirements}


# The calendar -------------------------------------------------------------------------


def test_a_yearly_period_runs_through_the_calendar_year_with_its_window_and_late_period() -> None:
    period = period_due_in(YEARLY, 2026)
    assert period == Period(
        starts=d("2026-01-01"),
        due=d("2026-12-31"),
        opens=d("2026-10-01"),
        late_until=d("2027-01-31"),
        years=1,
    )
    assert [period.is_open(d(day)) for day in ("2026-09-30", "2026-10-01", "2027-01-31")] == [
        False,
        True,
        True,
    ]
    assert [period.is_late(d(day)) for day in ("2026-12-31", "2027-01-01", "2027-02-01")] == [
        False,
        True,
        False,
    ]
    assert [period.has_lapsed(d(day)) for day in ("2027-01-31", "2027-02-01")] == [False, True]
    assert next_period(YEARLY, period).due == d("2027-12-31")


def test_no_yearly_renewal_is_due_in_the_calendar_year_the_application_was_submitted() -> None:
    same_year = first_period(YEARLY, submitted_on=d("2025-02-01"), endorsed_on=d("2025-06-01"))
    assert same_year.due == d("2026-12-31")
    year_before = first_period(YEARLY, submitted_on=d("2024-11-20"), endorsed_on=d("2025-03-01"))
    assert year_before.due == d("2025-12-31")


def test_a_due_date_in_spring_opens_its_window_the_autumn_before() -> None:
    policy = RenewalPolicy(due=MonthDay(3, 31), window_opens=MonthDay(11, 1))
    period = period_due_in(policy, 2026)
    assert (period.starts, period.opens, period.late_until) == (
        d("2025-04-01"),
        d("2025-11-01"),
        d("2027-01-31"),
    )


def test_a_day_of_the_year_must_exist_and_29_february_falls_on_the_28th_otherwise() -> None:
    with pytest.raises(ValueError, match="02-30"):
        MonthDay(2, 30)
    assert MonthDay(2, 29).in_year(2027) == d("2027-02-28")
    assert MonthDay(2, 29).in_year(2028) == d("2028-02-29")


def test_three_year_cycles_end_every_three_years_from_the_cycle_year() -> None:
    assert [period_due_in(THREE_YEAR, year).due.year for year in (2024, 2027, 2030)] == [
        2024,
        2027,
        2030,
    ]
    with pytest.raises(ValueError, match="2026"):
        period_due_in(THREE_YEAR, 2026)
    cycle = period_due_in(THREE_YEAR, 2027)
    assert (cycle.starts, cycle.opens, cycle.due, cycle.years) == (
        d("2025-01-01"),
        d("2027-10-01"),
        d("2027-12-31"),
        3,
    )


@pytest.mark.parametrize(
    ("endorsed_on", "due", "share"),
    [
        ("2024-12-31", "2027-12-31", Share(years=3, of=3)),  # endorsed before the cycle began
        ("2025-01-01", "2027-12-31", Share(years=3, of=3)),  # its first day: the whole cycle
        ("2025-06-01", "2027-12-31", Share(years=2, of=3)),
        ("2026-12-31", "2027-12-31", Share(years=1, of=3)),  # a year, the due date included
        ("2027-01-01", "2027-12-31", Share(years=1, of=3)),
        ("2027-01-02", "2030-12-31", Share(years=3, of=3)),  # under a year: the next cycle
    ],
)
def test_people_endorsed_mid_cycle_owe_a_share_by_whole_years_endorsed(
    endorsed_on: str, due: str, share: Share
) -> None:
    period = first_period(THREE_YEAR, submitted_on=d(endorsed_on), endorsed_on=d(endorsed_on))
    assert period.due == d(due)
    assert share_due(period, endorsed_on=d(endorsed_on)) == share


def test_a_yearly_period_is_always_owed_whole() -> None:
    # Applied in November 2025, endorsed in February 2026: the first renewal, due at the
    # end of 2026, asks the whole year's hours, not a share of it.
    period = first_period(YEARLY, submitted_on=d("2025-11-20"), endorsed_on=d("2026-02-01"))
    assert period.due == d("2026-12-31")
    assert share_due(period, endorsed_on=d("2026-02-01")) == Share(years=1, of=1)


def test_a_recorded_due_date_keeps_its_period_when_the_calendar_changes() -> None:
    moved = RenewalPolicy(due=MonthDay(6, 30), window_opens=MonthDay(4, 1))
    period = period_ending_on(moved, d("2026-12-31"))
    assert (period.starts, period.due, period.opens) == (
        d("2026-01-01"),
        d("2026-12-31"),
        d("2026-04-01"),
    )
    assert next_period(moved, period).due == d("2027-06-30")


# The rules ----------------------------------------------------------------------------


def test_only_hours_within_the_period_and_up_to_the_due_date_count() -> None:
    claimed = portfolio(
        training=[
            training("2025-12-31", 5),  # the day before the period
            training("2026-01-01", 4, "dei"),
            training("2026-12-31", 6),
            training("2027-01-05", 5),  # in the late period: after the due date
        ]
    )
    period = period_due_in(YEARLY, 2026)
    result = by_code(judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2027-01-10"))
    assert result["training_total"] == (False, 10, 15)
    assert result["training_dei"] == (True, 4, 1)
    # Judged before the due date, later entries don't count either.
    early = by_code(judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2026-06-30"))
    assert early["training_total"] == (False, 4, 15)


def test_training_on_providing_rsc_is_needed_only_from_those_who_provide_it() -> None:
    claimed = portfolio(
        training=[training("2026-03-01", 15, "dei"), training("2026-04-01", 2, "rsc_provision")]
    )
    period = period_due_in(YEARLY, 2026)
    not_providing = by_code(
        judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2026-11-01")
    )
    assert not_providing["training_rsc_provision"] == (True, 0, 0)
    providing = by_code(
        judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2026-11-01", provides_rsc=True)
    )
    assert providing["training_rsc_provision"] == (False, 2, 3)


@pytest.mark.parametrize(
    ("endorsed_on", "need", "have"),
    [
        # At 2 whole years: 12 hours from a qualified provider; peer consultation doesn't count.
        ("2024-06-01", 12, 8),
        # At 3 whole years by the end of the due date: 10 hours, peer consultation with
        # IMHM-C included.
        ("2024-01-01", 10, 11),
    ],
)
def test_a_mentor_clinical_endorsed_three_years_needs_ten_hours_and_peers_count(
    endorsed_on: str, need: int, have: int
) -> None:
    claimed = portfolio(
        rsc=[
            rsc("2026-02-01", 8, provider_endorsement="ECMHM-C"),
            rsc("2026-05-01", 3, format="peer", provider_endorsement="IMHM-C"),
            rsc("2026-06-01", 2, format="peer", provider_endorsement="IMHS"),  # another category
        ]
    )
    period = period_due_in(YEARLY, 2026)
    result = by_code(judge("IMHM-C", period, claimed, endorsed_on=endorsed_on, on="2026-11-01"))
    assert result["rsc_hours"] == (have >= need, have, need)


def test_membership_must_be_current_on_the_day_and_the_ethics_signed_again() -> None:
    claimed = portfolio(
        membership=Membership(expires_on=d("2026-11-30")),
        attestations=Attestations(code_of_ethics=True),
    )
    period = period_due_in(YEARLY, 2026)
    november = by_code(judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2026-11-30"))
    assert november["membership"][0] is True
    assert november["ethics"] == (False, 1, 2)
    december = by_code(judge("IFA", period, claimed, endorsed_on="2020-01-01", on="2026-12-01"))
    assert december["membership"][0] is False


def test_the_three_year_cycle_asks_three_times_the_hours_pro_rated_and_attested() -> None:
    claimed = portfolio()
    cycle = period_due_in(THREE_YEAR, 2027)
    full = judge(
        "IMHS", cycle, claimed, endorsed_on="2020-01-01", on="2027-10-02", model="three_year"
    )
    assert by_code(full)["training_total"] == (False, None, 45)
    assert by_code(full)["rsc_hours"] == (False, None, 36)
    assert full.by_attestation and "To attest: 45 hours" in full.requirements[0].message
    attested = judge(
        "IMHS",
        cycle,
        claimed,
        endorsed_on="2026-06-01",
        on="2027-10-02",
        model="three_year",
        hours_attested=True,
    )
    assert attested.share == Share(years=1, of=3)
    assert by_code(attested)["training_total"] == (True, 15, 15)
    assert by_code(attested)["training_dei"] == (True, 1, 1)
    assert by_code(attested)["rsc_hours"] == (True, 12, 12)


def test_an_audited_renewal_must_list_the_hours_it_attested() -> None:
    claimed = portfolio(training=[training("2026-05-01", 20, "dei")])
    cycle = period_due_in(THREE_YEAR, 2027)
    audited = judge(
        "IFA",
        cycle,
        claimed,
        endorsed_on="2025-06-01",  # 2 of 3 years: 30 hours
        on="2027-10-02",
        model="three_year",
        hours_attested=True,
        audited=True,
    )
    assert by_code(audited)["training_total"] == (False, 20, 30)


def test_pro_rated_hours_round_up_to_the_hundredth() -> None:
    assert Share(years=1, of=3).of_hundredths(1000) == 334  # 10 hours → 3.34
    assert Share(years=2, of=3).of_hundredths(4500) == 3000


# Audits -------------------------------------------------------------------------------


@pytest.mark.parametrize("percent", [10, 15, 7, 33])
def test_over_a_thousand_renewals_the_share_audited_is_the_setting(percent: int) -> None:
    picked = sum(audit_selected("seed", "2027-12-31", n, percent) for n in range(1000))
    assert abs(picked / 10 - percent) <= 2


def test_audit_picks_are_random_but_the_same_under_the_same_seed() -> None:
    first = [audit_selected("seed", "2027-12-31", n, 10) for n in range(200)]
    again = [audit_selected("seed", "2027-12-31", n, 10) for n in range(200)]
    other = [audit_selected("other", "2027-12-31", n, 10) for n in range(200)]
    assert first == again
    assert first != other
    # Not every tenth renewal: the picks move within each block of ten.
    assert {first.index(True, 10 * b) % 10 for b in range(20)} != {first.index(True) % 10}
    assert not any(audit_selected("seed", "k", n, 0) for n in range(50))
    assert all(audit_selected("seed", "k", n, 100) for n in range(50))


# Versions -----------------------------------------------------------------------------


def test_the_version_in_force_on_the_due_date_applies_to_the_whole_period() -> None:
    spec = {
        "model": "yearly",
        "categories": ["IFA"],
        "rules": {"training_total": {"hours": 15}},
    }
    catalog = RenewalCatalog(
        [
            *parse_renewal_version("ct", {**spec, "effective_from": "2000-01-01",
                                          "effective_to": "2026-12-31"}),
            *parse_renewal_version("ct", {**spec, "effective_from": "2026-12-31",
                                          "rules": {"training_total": {"hours": 20}}}),
        ]
    )  # fmt: skip
    version_2025 = catalog.for_period("yearly", "IFA", period_due_in(YEARLY, 2025))
    version_2026 = catalog.for_period("yearly", "IFA", period_due_in(YEARLY, 2026))
    assert version_2025 is not None and version_2025.effective_from == date(2000, 1, 1)
    assert version_2026 is not None and version_2026.rules[0][1].hours == 20


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rules": {"training_hours": {"hours": 1}}}, "unknown renewal rule 'training_hours'"),
        ({"categories": ["XX"]}, "unknown category 'XX'"),
        ({"model": "monthly"}, "monthly"),
        ({"effective_to": "1999-01-01"}, "effective_to: must be after effective_from"),
        ({"rules": {"rsc_hours": {"hours": 12}}}, "rules.rsc_hours"),
    ],
)
def test_a_broken_renewal_version_is_refused_with_what_is_wrong(
    change: dict[str, object], message: str
) -> None:
    spec = {
        "model": "yearly",
        "categories": ["IFA"],
        "effective_from": "2000-01-01",
        "rules": {"training_total": {"hours": 15}},
        **change,
    }
    with pytest.raises(RuleSetError, match=message):
        parse_renewal_version("ct", spec)


def test_overlapping_renewal_versions_are_refused() -> None:
    spec = {"model": "yearly", "categories": ["IFA"], "rules": {"membership": {}}}
    with pytest.raises(RuleSetError, match="overlaps"):
        RenewalCatalog(
            [
                *parse_renewal_version("ct", {**spec, "effective_from": "2000-01-01"}),
                *parse_renewal_version("ct", {**spec, "effective_from": "2020-01-01"}),
            ]
        )


def test_the_baseline_covers_every_category_in_both_models() -> None:
    from endorse.eligibility.categories import BY_CODE

    for model in ("yearly", "three_year"):
        for code in BY_CODE:
            assert BASELINE.versions(model, code), (model, code)
