from endorse.eligibility.portfolio import Attestations, Membership
from tests.eligibility.builders import (
    d,
    good_references,
    judge,
    leadership,
    portfolio,
    provided,
    reference,
    requirement,
)


def test_references_need_three_completed_one_endorsed_or_vetted() -> None:
    unendorsed = portfolio(references=[reference(), reference(), reference(),
                                       reference(status="requested", rater_endorsed=True)])  # fmt: skip
    result = requirement(judge("IFA", "2024-01-01", unendorsed), "references")
    assert (result.have, result.need, result.met) == (3, 3, False)
    assert result.message == (
        "3 completed reference ratings (at least 3 needed). "
        "At least one must come from an endorsed or vetted rater."
    )
    vetted = portfolio(references=[reference(), reference(), reference(vetted=True)])
    assert requirement(judge("IFA", "2024-01-01", vetted), "references").met


def test_references_with_rsc_provider_need_a_completed_rating_from_one() -> None:
    p = portfolio(references=[reference(rater_endorsed=True), reference(), reference(),
                              reference("rsc_provider", status="declined")])  # fmt: skip
    assert requirement(judge("IFA", "2024-01-01", p), "references").met
    assert not requirement(judge("IFS", "2024-01-01", p), "references").met
    assert requirement(judge("IFS", "2024-01-01", portfolio(references=good_references())),
                       "references").met  # fmt: skip


def test_attestations_need_both_signatures() -> None:
    p = portfolio(attestations=Attestations(code_of_ethics=True))
    result = requirement(judge("IFA", "2024-01-01", p), "attestations")
    assert (result.have, result.need, result.met) == (1, 2, False)
    assert result.message == "Still to sign: the Endorsement Agreement."


def test_membership_is_current_through_its_expiry_day() -> None:
    p = portfolio(membership=Membership(expires_on=d("2024-06-30")))
    assert requirement(judge("IFA", "2024-06-30", p), "membership").met
    result = requirement(judge("IFA", "2024-07-01", p), "membership")
    assert (result.met, result.have, result.need) == (False, "2024-06-30", "2024-07-01")
    assert not requirement(judge("IFA", "2024-07-01", portfolio()), "membership").met


def test_leadership_counts_calendar_days_of_the_designations_kind() -> None:
    p = portfolio(leadership=[leadership("2020-01-01", "2021-12-31"),
                              leadership("2021-06-01", "2022-12-30"),
                              leadership("2010-01-01", "2019-12-31", kind="policy")])  # fmt: skip
    clinical = requirement(judge("IMHM-C", "2024-01-01", p), "leadership")
    assert (clinical.have, clinical.need, clinical.met) == (1095, 1095, True)
    assert requirement(judge("IMHM-P", "2024-01-01", p), "leadership").met
    assert not requirement(judge("IMHM-RF", "2024-01-01", p), "leadership").met


def test_rsc_provided_needs_three_years() -> None:
    p = portfolio(rsc_provided=[provided("2021-01-01", None)])
    on_the_day = requirement(judge("IMHM-C", "2023-12-31", p), "rsc_provided")
    assert (on_the_day.have, on_the_day.met) == (1095, True)
    day_before = requirement(judge("IMHM-C", "2023-12-30", p), "rsc_provided")
    assert (day_before.have, day_before.met) == (1094, False)
