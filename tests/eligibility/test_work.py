"""Work rules: Family Associate, Family Specialist, Mental Health Specialist (both versions)."""

from endorse.eligibility.portfolio import Person
from tests.eligibility.builders import degree, judge, licensed, portfolio, requirement, work


def test_family_specialist_needs_730_full_time_days_729_is_not_enough() -> None:
    # 2020 is a leap year: 2020-01-01..2021-12-29 is 366 + 363 = 729 days.
    short = portfolio(work=[work("2020-01-01", "2021-12-29", service="prevention")])
    enough = portfolio(work=[work("2020-01-01", "2021-12-30", service="prevention")])
    result = requirement(judge("IFS", "2024-01-01", short), "work")
    assert (result.have, result.need, result.met) == (729, 730, False)
    result = requirement(judge("IFS", "2024-01-01", enough), "work")
    assert (result.have, result.need, result.met) == (730, 730, True)


def test_family_specialist_work_must_be_paid_in_a_qualifying_service_and_band() -> None:
    p = portfolio(
        work=[
            work("2018-01-01", "2021-12-31", service="promotion"),
            work("2018-01-01", "2021-12-31", service="prevention", paid=False, supervised=True),
            work("2018-01-01", "2021-12-31", service="treatment", age_band="early_childhood"),
        ]
    )
    assert requirement(judge("IFS", "2024-01-01", p), "work").have == 0
    assert requirement(judge("ECFS", "2024-01-01", p), "work").have == 1461


def test_both_band_counts_for_infant_and_early_childhood() -> None:
    p = portfolio(work=[work("2020-01-01", "2021-12-30", service="prevention", age_band="both")])
    assert requirement(judge("IFS", "2024-01-01", p), "work").met
    assert requirement(judge("ECFS", "2024-01-01", p), "work").met


def test_part_time_work_counts_its_fte_and_overlaps_cap_at_one() -> None:
    p = portfolio(
        work=[
            work("2020-01-01", "2020-01-10", fte=0.5, service="prevention"),
            work("2020-01-01", "2020-01-10", fte=0.75, service="prevention"),
            work("2020-02-01", "2020-02-04", fte=0.25, service="prevention"),
        ]
    )
    assert requirement(judge("IFS", "2024-01-01", p), "work").have == 11


def test_open_end_means_as_of_and_later_days_do_not_count() -> None:
    p = portfolio(work=[work("2022-01-01", None, service="prevention"),
                        work("2030-01-01", "2031-01-01", service="prevention")])  # fmt: skip
    assert requirement(judge("IFS", "2023-12-30", p), "work").have == 729
    assert requirement(judge("IFS", "2023-12-31", p), "work").met


def test_entry_running_past_as_of_is_cut_at_as_of() -> None:
    p = portfolio(work=[work("2022-01-01", "2026-01-01", service="prevention")])
    assert requirement(judge("IFS", "2022-01-31", p), "work").have == 31


def test_families_sum_over_qualifying_entries_only() -> None:
    p = portfolio(
        work=[
            work("2020-01-01", "2020-12-31", service="prevention", families_served=6),
            work("2021-01-01", "2021-12-31", service="treatment", families_served=3),
            work("2021-01-01", "2021-12-31", service="promotion", families_served=40),
        ]
    )
    result = requirement(judge("IFS", "2024-01-01", p), "families")
    assert (result.have, result.need, result.met) == (9, 10, False)
    assert result.message == "9 of the 10 families served in qualifying work"


def test_family_associate_by_degree_or_by_paid_or_supervised_work() -> None:
    by_cda = portfolio(education=[degree("cda")])
    assert requirement(judge("IFA", "2024-01-01", by_cda), "education_or_work").met
    volunteer = portfolio(
        work=[work("2020-01-01", "2021-12-30", service="other", paid=False, supervised=True)]
    )
    assert requirement(judge("IFA", "2024-01-01", volunteer), "education_or_work").met
    unsupervised = portfolio(work=[work("2020-01-01", "2021-12-30", service="other", paid=False)])
    result = requirement(judge("IFA", "2024-01-01", unsupervised), "education_or_work")
    assert (result.met, result.have) == (False, 0)


def test_family_associate_degree_completed_after_as_of_does_not_count() -> None:
    p = portfolio(education=[degree("associate", "2024-06-01")])
    assert not requirement(judge("IFA", "2024-05-31", p), "education_or_work").met
    assert requirement(judge("IFA", "2024-06-01", p), "education_or_work").met


def test_mhs_before_2025_counts_only_days_after_the_masters() -> None:
    p = portfolio(
        education=[degree("master", "2021-01-01")],
        work=[work("2020-01-01", "2022-12-30", service="treatment")],
    )
    result = requirement(judge("IMHS", "2024-01-01", p), "work")
    assert (result.have, result.met) == (729, False)  # 2021-01-01..2022-12-30


def test_mhs_before_2025_without_masters_counts_nothing() -> None:
    p = portfolio(education=[degree("bachelor")], work=[work("2015-01-01", "2022-12-31")])
    result = requirement(judge("IMHS", "2024-01-01", p), "work")
    assert (result.have, result.met) == (0, False)
    assert "Only work after a master's degree counts." in result.message


def test_mhs_2025_needs_supervised_paid_psychotherapy_and_a_license() -> None:
    entries = [
        work("2020-01-01", "2021-12-30", service="parent_infant_psychotherapy", supervised=True)
    ]
    unlicensed = portfolio(work=entries)
    result = requirement(judge("IMHS", "2025-01-01", unlicensed), "work")
    assert (result.have, result.met) == (730, False)
    assert result.message.endswith(
        "You must also hold a mental health license or be license-eligible."
    )
    eligible = portfolio(work=entries, person=Person(license_eligible=True))
    assert requirement(judge("IMHS", "2025-01-01", eligible), "work").met
    unsupervised = portfolio(
        work=[work("2020-01-01", "2021-12-30", service="parent_infant_psychotherapy")],
        person=licensed(),
    )
    assert requirement(judge("IMHS", "2025-01-01", unsupervised), "work").have == 0


def test_mhs_2025_internship_counts_only_with_an_endorsed_supervisor_and_at_most_365_days() -> None:
    pip = "parent_infant_psychotherapy"
    p = portfolio(
        person=licensed(),
        work=[
            # 2 years of internship, unpaid, supervised by an endorsed MHS: only 365 days count.
            work("2018-01-01", "2019-12-31", service=pip, paid=False, internship=True,
                 supervisor_endorsement="IMHS"),
            # An internship with a Family Specialist supervisor does not count.
            work("2020-01-01", "2020-12-31", service=pip, internship=True,
                 supervisor_endorsement="IFS"),
            work("2022-01-01", "2022-12-31", service=pip, supervised=True),
        ],
    )  # fmt: skip
    result = requirement(judge("IMHS", "2025-01-01", p), "work")
    assert (result.have, result.met) == (365 + 365, True)


def test_mhs_2025_internship_overlapping_paid_work_adds_nothing_on_full_days() -> None:
    pip = "parent_infant_psychotherapy"
    p = portfolio(
        person=licensed(),
        work=[
            work("2022-01-01", "2022-12-31", service=pip, supervised=True),
            work("2022-01-01", "2023-01-10", service=pip, internship=True,
                 supervisor_endorsement="ECMHM-C"),
        ],
    )  # fmt: skip
    assert requirement(judge("IMHS", "2025-01-01", p), "work").have == 365 + 10
