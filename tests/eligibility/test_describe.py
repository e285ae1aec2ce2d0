from endorse.eligibility.describe import describe
from endorse.eligibility.rulesets import parse_version
from tests.eligibility.builders import BASELINE, d


def test_describes_the_2025_mental_health_specialist_set() -> None:
    ruleset = BASELINE.in_force("IMHS", d("2025-01-01"))
    assert describe(ruleset, "infant", "en") == [
        "A master's degree or higher, or a professional mental health license",
        "2 years of qualifying work with infants and their families",
        "33 hours of in-service training",
        "3 of those hours on diversity, equity and inclusion",
        "10 of those hours on parent–infant/child psychotherapy",
        "50 hours of reflective supervision/consultation within 24 months",
        "RS/C spread over at least 12 months",
        "3 reference ratings, one from your RS/C provider",
        "Signed Code of Ethics and Endorsement Agreement",
        "Current membership",
    ]


def test_years_agree_in_number_in_both_languages() -> None:
    (one_year,) = parse_version("t", {"categories": ["ECFA"], "effective_from": "2026-01-01",
                                      "rules": {"education_or_work": {"days": 365}}})  # fmt: skip
    assert describe(one_year, "early_childhood", "en") == [
        "Any degree or a CDA credential, or 1 year of work with young children and their families"
    ]
    assert describe(one_year, "early_childhood", "es")[0].endswith(
        "o 1 año de trabajo con niños pequeños y sus familias"
    )
    (mentor,) = parse_version("t", {"categories": ["IMHM-P"], "effective_from": "2026-01-01",
                                    "rules": {"leadership": {"kind": "policy", "days": 547}}})  # fmt: skip
    assert describe(mentor, "infant", "es") == ["1,5 años como líder en políticas"]
