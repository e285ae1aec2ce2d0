"""RS/C: qualifying sessions, 24-month windows, the 12-month spread, hours about providing RS/C."""

from endorse.eligibility import Options
from tests.eligibility.builders import BASELINE, d, judge, portfolio, requirement, rsc


def test_window_of_exactly_24_months_excludes_its_last_day() -> None:
    outside = portfolio(rsc=[rsc("2021-03-01", 20), rsc("2023-03-01", 4)])
    inside = portfolio(rsc=[rsc("2021-03-01", 20), rsc("2023-02-28", 4)])
    result = requirement(judge("IFS", "2024-01-01", outside), "rsc_hours")
    assert (result.have, result.need, result.met) == (20, 24, False)
    result = requirement(judge("IFS", "2024-01-01", inside), "rsc_hours")
    assert (result.have, result.met) == (24, True)


def test_the_best_window_is_reported() -> None:
    p = portfolio(rsc=[rsc("2015-01-01", 10), rsc("2019-01-01", 6.5), rsc("2019-06-01", 1.25),
                       rsc("2020-12-01", 2)])  # fmt: skip
    assert requirement(judge("IFS", "2024-01-01", p), "rsc_hours").have == 10


def test_peer_sessions_and_unqualified_providers_do_not_count() -> None:
    p = portfolio(
        rsc=[
            rsc("2022-01-01", 10, format="peer"),
            rsc("2022-02-01", 10, provider_endorsement="IFA"),
            rsc("2022-03-01", 10, provider_endorsement=None),
            rsc("2022-04-01", 3, format="group", provider_endorsement="IFRS"),
        ]
    )
    assert requirement(judge("IFS", "2024-01-01", p), "rsc_hours").have == 3
    # A Family Reflective Supervisor qualifies for Family Specialist, not for MH Specialist.
    assert requirement(judge("IMHS", "2024-01-01", p), "rsc_hours").have == 0


def test_vetted_providers_count_unless_the_association_switches_them_off() -> None:
    p = portfolio(rsc=[rsc("2022-01-01", 5, provider_endorsement=None, provider_vetted=True)])
    assert requirement(judge("IFS", "2024-01-01", p), "rsc_hours").have == 5
    off = Options(accept_vetted_rsc_providers=False)
    assert requirement(judge("IFS", "2024-01-01", p, options=off), "rsc_hours").have == 0


def test_sessions_after_as_of_are_ignored() -> None:
    p = portfolio(rsc=[rsc("2022-01-01", 5), rsc("2024-01-02", 5)])
    assert requirement(judge("IFS", "2024-01-01", p), "rsc_hours").have == 5


def test_period_needs_first_and_last_session_twelve_months_apart() -> None:
    apart = portfolio(rsc=[rsc("2022-01-10", 12), rsc("2023-01-10", 12)])
    close = portfolio(rsc=[rsc("2022-01-10", 12), rsc("2023-01-09", 12)])
    result = requirement(judge("IFS", "2024-01-01", apart), "rsc_period")
    assert (result.have, result.need, result.met) == (12, 12, True)
    result = requirement(judge("IFS", "2024-01-01", close), "rsc_period")
    assert (result.have, result.met) == (11, False)


def test_period_counts_only_windows_holding_the_minimum_hours() -> None:
    # 23 hours spread over 18 months, then 24 hours packed into two weeks.
    p = portfolio(rsc=[rsc("2019-01-01", 11.5), rsc("2020-07-01", 11.5),
                       rsc("2023-01-01", 12), rsc("2023-01-15", 12)])  # fmt: skip
    result = requirement(judge("IFS", "2024-01-01", p), "rsc_period")
    assert (result.have, result.met) == (0, False)
    assert requirement(judge("IFS", "2024-01-01", p), "rsc_hours").met


def test_period_without_enough_hours_says_so() -> None:
    p = portfolio(rsc=[rsc("2022-01-01", 1), rsc("2023-06-01", 1)])
    result = requirement(judge("IFS", "2024-01-01", p), "rsc_period")
    assert (result.have, result.met) == (17, False)
    assert result.message == (
        "The 24 hours of RS/C must be spread over at least 12 months of a 24-month period; "
        "no such period holds them yet."
    )


def test_about_providing_counts_only_flagged_sessions_in_one_window() -> None:
    flagged = [rsc(f"2022-{month:02d}-01", 2.5, about_providing_rsc=True) for month in range(1, 11)]
    p = portfolio(rsc=[*flagged, rsc("2022-11-01", 30)])
    result = requirement(judge("IMHM-C", "2024-01-01", p), "rsc_about_providing")
    assert (result.have, result.need, result.met) == (25, 25, True)
    assert requirement(judge("IMHM-C", "2024-01-01", p), "rsc_hours").have == 55
    short = portfolio(rsc=flagged[:-1])
    assert not requirement(judge("IMHM-C", "2024-01-01", short), "rsc_about_providing").met


def test_mentor_clinical_accepts_only_mentor_clinical_providers() -> None:
    p = portfolio(rsc=[rsc("2022-01-01", 50, provider_endorsement="IMHS")])
    assert requirement(judge("IMHM-C", "2024-01-01", p), "rsc_hours").have == 0
    assert requirement(judge("IMHS", "2024-01-01", p), "rsc_hours").have == 50


def test_an_emeritus_provider_stops_qualifying_from_the_day_of_emeritus_status() -> None:
    from endorse.eligibility.rulesets import HeldEndorsement, qualified_rsc_provider

    emeritus = HeldEndorsement(code="IMHM-C", status="emeritus", since=d("2026-03-01"))
    assert qualified_rsc_provider([emeritus], BASELINE, d("2026-02-28"))
    assert not qualified_rsc_provider([emeritus], BASELINE, d("2026-03-01"))
    active = HeldEndorsement(code="IMHM-C", status="active", since=d("2020-01-01"))
    assert qualified_rsc_provider([active], BASELINE, d("2026-03-01"))
    lapsed = HeldEndorsement(code="IMHM-C", status="lapsed", since=d("2025-02-01"))
    not_accepted = HeldEndorsement(code="IFA", status="active", since=d("2020-01-01"))
    assert not qualified_rsc_provider([lapsed, not_accepted], BASELINE, d("2026-03-01"))
