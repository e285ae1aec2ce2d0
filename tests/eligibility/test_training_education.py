from endorse.eligibility.portfolio import Person
from tests.eligibility.builders import degree, judge, portfolio, requirement, training


def test_training_total_sums_hours_up_to_as_of() -> None:
    p = portfolio(training=[training("2023-01-01", 29.75), training("2023-02-01", 0.25),
                            training("2024-02-01", 10)])  # fmt: skip
    result = requirement(judge("IFA", "2024-01-01", p), "training_total")
    assert (result.have, result.need, result.met) == (30, 30, True)
    assert result.message == "30 hours of in-service training (at least 30 needed)"


def test_hundredths_add_up_exactly() -> None:
    p = portfolio(training=[training("2023-01-01", 0.1) for _ in range(300)])
    assert requirement(judge("IFA", "2024-01-01", p), "training_total").met


def test_topic_rules_count_each_topic_of_an_entry() -> None:
    p = portfolio(
        training=[
            training("2024-02-01", 1.5, "dei", "parent_infant_psychotherapy"),
            training("2024-03-01", 8.5, "parent_infant_psychotherapy"),
            training("2024-04-01", 23),
        ]
    )
    evaluation = judge("IMHS", "2025-03-01", p)
    dei = requirement(evaluation, "training_dei")
    assert (dei.have, dei.need, dei.met) == (1.5, 3, False)
    assert dei.message == "1.5 of the 3 hours of training on diversity, equity and inclusion"
    assert requirement(evaluation, "training_pip").have == 10
    assert requirement(evaluation, "training_total").have == 33


def test_training_message_in_spanish_uses_a_decimal_comma() -> None:
    p = portfolio(training=[training("2024-02-01", 1.5, "dei")])
    dei = requirement(judge("IMHS", "2025-03-01", p, lang="es"), "training_dei")
    assert dei.message.startswith("1,5 de 3 ")
    assert "diversidad, equidad e inclusión" in dei.message


def test_mentor_clinical_2024_training_needs_rsc_provision_hours() -> None:
    with_topic = portfolio(training=[training("2023-06-01", 15, "rsc_provision"),
                                     training("2023-06-02", 33, "dei")])  # fmt: skip
    evaluation = judge("IMHM-C", "2024-01-01", with_topic)
    assert [requirement(evaluation, code).met for code in
            ("training_total", "training_rsc_provision", "training_dei")] == [True, True, True]  # fmt: skip
    without = judge("IMHM-C", "2024-01-01", portfolio(training=[training("2023-06-01", 48, "dei")]))
    result = requirement(without, "training_rsc_provision")
    assert (result.have, result.need, result.met) == (0, 15, False)


def test_education_level_order_and_cda_never_counts_as_a_degree_level() -> None:
    assert not requirement(judge("IFS", "2024-01-01", portfolio(education=[degree("cda")])),
                           "education").met  # fmt: skip
    assert not requirement(
        judge("IFS", "2024-01-01", portfolio(education=[degree("associate")])), "education"
    ).met
    for level in ("bachelor", "master", "doctorate"):
        assert requirement(
            judge("IFS", "2024-01-01", portfolio(education=[degree(level)])), "education"
        ).met


def test_education_reports_the_highest_degree_held() -> None:
    p = portfolio(education=[degree("associate"), degree("bachelor")])
    result = requirement(judge("IMHS", "2024-01-01", p), "education")
    assert (result.have, result.need, result.met) == ("bachelor", "master", False)
    assert result.message == (
        "A master's degree or higher is needed. Highest so far: a bachelor's degree."
    )


def test_mhs_2025_accepts_a_license_instead_of_a_masters() -> None:
    p = portfolio(person=Person(mental_health_license=True), education=[degree("bachelor")])
    assert requirement(judge("IMHS", "2025-01-01", p), "education").met
    assert not requirement(judge("IMHS", "2024-07-01", p), "education").met
    eligible_only = portfolio(person=Person(license_eligible=True))
    assert not requirement(judge("IMHS", "2025-01-01", eligible_only), "education").met


def test_degree_completed_after_as_of_does_not_count() -> None:
    p = portfolio(education=[degree("master", "2024-05-20")])
    assert not requirement(judge("IMHS", "2024-05-19", p), "education").met
    assert requirement(judge("IMHS", "2024-05-20", p), "education").met
