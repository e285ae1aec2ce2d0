"""``explain``: every entry's part in every requirement, and the reasons as a person reads them.

The property tests hold the reasons to the figures: the entries marked as
counting, on their own, give the rule the same figure as the whole portfolio.
"""

from __future__ import annotations

from datetime import date

import msgspec
from hypothesis import given, settings
from msgspec.structs import replace

from endorse.eligibility import Options, Portfolio, evaluate
from endorse.eligibility.explain import Explained, explain
from endorse.eligibility.portfolio import hundredths
from tests.eligibility.builders import BASELINE, degree, portfolio, rsc, training, work
from tests.eligibility.test_properties import AS_OF_DAYS, CATEGORIES, portfolios

ADDITIVE = {"training_total", "training_dei", "training_pip", "training_rsc_provision",
            "rsc_hours", "rsc_about_providing", "families", "references"}  # fmt: skip


def explained(
    p: Portfolio, code: str, day: date, lang: str = "en", **options: bool
) -> dict[str, Explained]:
    result = explain(p, BASELINE.in_force(code, day), day, lang=lang, options=Options(**options))
    found = {}
    for requirement in result.requirements:
        assert isinstance(requirement, Explained)
        found[requirement.code] = requirement
    return found


def reasons(requirement: Explained) -> list[tuple[str, int, bool, str]]:
    return [(n.section, n.index, n.counts, n.reason) for n in requirement.entries]


def restricted(p: Portfolio, requirement: Explained) -> Portfolio:
    """``p`` with the sections this requirement looked at cut to the entries that count."""
    kept: dict[str, list[object]] = {}
    for entry in requirement.entries:
        kept.setdefault(entry.section, [])
        if entry.counts:
            kept[entry.section].append(getattr(p, entry.section)[entry.index])
    return replace(p, **{section: tuple(rows) for section, rows in kept.items()})


@settings(max_examples=60, deadline=None)
@given(portfolios)
def test_explain_gives_the_same_judgement_as_evaluate(p: Portfolio) -> None:
    for day in AS_OF_DAYS:
        for code in CATEGORIES:
            ruleset = BASELINE.in_force(code, day)
            plain = msgspec.to_builtins(evaluate(p, ruleset, day))
            full = msgspec.to_builtins(explain(p, ruleset, day))
            for requirement in full["requirements"]:
                del requirement["entries"]
            assert full == plain


@settings(max_examples=60, deadline=None)
@given(portfolios)
def test_the_entries_that_count_reproduce_each_rules_figure(p: Portfolio) -> None:
    for day in AS_OF_DAYS:
        for code in CATEGORIES:
            ruleset = BASELINE.in_force(code, day)
            for requirement in explain(p, ruleset, day).requirements:
                assert isinstance(requirement, Explained)
                # Every entry of a section the rule reads is explained once, in order.
                sections = {n.section for n in requirement.entries}
                for section in sections:
                    indexes = [n.index for n in requirement.entries if n.section == section]
                    assert indexes == list(range(len(getattr(p, section))))
                alone = evaluate(restricted(p, requirement), ruleset, day)
                again = next(r for r in alone.requirements if r.code == requirement.code)
                assert again.met == requirement.met
                # A degree rule met by a license names the highest degree, which may not count.
                if requirement.unit != "degree" or requirement.counted:
                    assert again.have == requirement.have
                if requirement.code in ADDITIVE:
                    added = sum(hundredths(n.amount or 0) for n in requirement.counted)
                    assert added == hundredths(float(requirement.have or 0))


PEER = "Peer RS/C doesn't count: only individual or group sessions do."


def test_rsc_sessions_each_with_its_reason() -> None:
    p = portfolio(rsc=[
        rsc("2025-03-01", 2, format="peer"),
        rsc("2025-03-02", 1.5),
        rsc("2025-03-03", 1, provider_endorsement="IFS"),
        rsc("2025-03-04", 1, provider_endorsement=None),
        rsc("2022-01-05", 1),
        rsc("2026-02-01", 1),
    ])  # fmt: skip
    found = explained(p, "IMHS", date(2026, 1, 1))["rsc_hours"]
    window = "In the 24-month window with the most hours, March 2, 2025 to March 2, 2025."
    assert reasons(found) == [
        ("rsc", 0, False, PEER),
        ("rsc", 1, True, window),
        ("rsc", 2, False, "The provider's Endorsement (IFS) doesn't qualify them for this "
                          "category; these do: IMHS, ECMHS, IMHM-C, ECMHM-C."),
        ("rsc", 3, False, "The provider is neither endorsed nor vetted, so it doesn't count."),
        ("rsc", 4, False, "Outside the 24-month window with the most hours (March 2, 2025 to "
                          "March 2, 2025)."),
        ("rsc", 5, False, "Dated after Jan. 1, 2026, the day judged: it doesn't count yet."),
    ]  # fmt: skip
    assert [n.amount for n in found.counted] == [1.5]
    assert found.have == 1.5


def test_vetted_providers_are_refused_where_the_association_does_not_accept_them() -> None:
    p = portfolio(rsc=[rsc("2025-03-02", 1, provider_endorsement=None, provider_vetted=True)])
    found = explained(p, "IMHS", date(2026, 1, 1), accept_vetted_rsc_providers=False)
    assert reasons(found["rsc_hours"]) == [
        ("rsc", 0, False, "This association doesn't accept vetted RS/C providers.")
    ]


def test_work_before_the_masters_degree_and_outside_the_age_band() -> None:
    p = portfolio(
        education=[degree("master", "2018-06-01")],
        work=[
            work("2015-01-01", "2017-12-31"),
            work("2017-01-01", "2019-12-31"),
            work("2019-01-01", None, age_band="early_childhood"),
            work("2019-01-01", None, service="promotion"),
            work("2019-01-01", None, paid=False),
        ],
    )
    found = explained(p, "IMHS", date(2024, 1, 1))["work"]
    assert reasons(found) == [
        ("work", 0, False, "Before the master's degree was completed on June 1, 2018."),
        ("work", 1, True, "Counts from June 1, 2018 (the master's degree) to Dec. 31, 2019."),
        ("work", 2, False, "Work with young children and their families doesn't count for "
                           "this category, which asks for infants and their families."),
        ("work", 3, False, "This kind of work (promotion) doesn't count here; these do: "
                           "treatment, parent–infant/child psychotherapy."),
        ("work", 4, False, "Not marked as paid work: only paid work counts here."),
    ]  # fmt: skip
    assert found.entries[1].amount == 579
    # Each refusal names the field that decided it, so a reader can be taken there.
    assert [note.field for note in found.entries] == ["end", None, "age_band", "service", "paid"]


def test_internship_beyond_the_cap_and_unsupervised_work() -> None:
    intern = {"internship": True, "supervisor_endorsement": "IMHS", "paid": False,
              "service": "parent_infant_psychotherapy", "supervised": True}  # fmt: skip
    p = portfolio(
        education=[degree("master", "2010-06-01")],
        work=[
            work("2021-01-01", "2021-06-30", **intern),
            work("2021-07-01", "2022-06-30", **intern),
            work("2022-07-01", "2022-09-30", **intern),
            work("2023-01-01", None, service="parent_infant_psychotherapy"),
            work("2019-01-01", "2019-06-30", **{**intern, "supervisor_endorsement": "IFS"}),
        ],
    )
    found = explained(p, "IMHS", date(2026, 1, 1))["work"]
    assert reasons(found) == [
        ("work", 0, True, "Counts from Jan. 1, 2021 to June 30, 2021."),
        ("work", 1, True, "Internship: counts until the cap of 365 days is reached."),
        ("work", 2, False, "Beyond the internship cap of 365 days, already reached."),
        ("work", 3, False, "Not marked as supervised: only supervised paid work counts here."),
        ("work", 4, False, "An internship counts only when supervised by one of these: IMHS, "
                           "ECMHS, IMHM-C, ECMHM-C."),
    ]  # fmt: skip
    assert [note.field for note in found.entries[3:]] == ["supervised", "supervisor_endorsement"]
    assert found.have == 365


def test_trainings_by_topic_and_degrees_in_spanish() -> None:
    p = portfolio(
        education=[degree("bachelor", "2012-05-01"), degree("master", "2027-05-01")],
        training=[training("2025-01-10", 1.5, "dei"), training("2025-02-10", 6)],
    )
    found = explained(p, "IMHS", date(2026, 1, 1), lang="es")
    assert [(n.counts, n.reason) for n in found["training_dei"].entries] == [
        (True, "Cuenta: 1,5 horas."),
        (False, "No está marcada como formación sobre diversidad, equidad e inclusión."),
    ]
    assert [(n.counts, n.reason) for n in found["education"].entries] == [
        (False, "Un título de licenciatura no llega a una maestría, el nivel necesario."),
        (False, "Completado después del 1 de enero de 2026, el día evaluado: todavía no cuenta."),
    ]


def test_families_count_from_qualifying_work_only() -> None:
    p = portfolio(
        education=[degree("bachelor")],
        work=[
            work("2020-01-01", None, families_served=6),
            work("2020-01-01", None, families_served=0),
            work("2020-01-01", None, families_served=9, service="promotion"),
        ],
    )
    found = explained(p, "IFS", date(2024, 1, 1))["families"]
    assert [(n.counts, n.amount) for n in found.entries] == [
        (True, 6),
        (False, None),
        (False, None),
    ]
    assert found.entries[0].reason == "Counts: 6 families served."
    assert found.entries[1].reason == "Qualifying work, but no families served are recorded."
    assert [n.field for n in found.entries] == [None, "families_served", "service"]


def test_refusals_of_sessions_trainings_and_degrees_name_their_field() -> None:
    p = portfolio(
        education=[degree("bachelor", "2012-05-01"), degree("master", "2027-05-01")],
        training=[training("2025-01-10", 1.5)],
        rsc=[rsc("2025-01-10", 2, format="peer"), rsc("2025-01-11", 2, provider_endorsement="IFS"),
             rsc("2027-01-11", 2)],
    )  # fmt: skip
    found = explained(p, "IMHS", date(2026, 1, 1))
    assert [n.field for n in found["rsc_hours"].entries] == [
        "format", "provider_endorsement", "date"]  # fmt: skip
    assert [n.field for n in found["training_dei"].entries] == ["topics"]
    assert [n.field for n in found["education"].entries] == ["level", "completed_on"]


def test_rules_about_no_entry_explain_none() -> None:
    found = explained(portfolio(), "IMHS", date(2026, 1, 1))
    assert found["membership"].entries == ()
    assert found["attestations"].entries == ()
    assert found["category_open"].entries == ()


def test_a_checklist_may_ask_for_the_entries_of_unmet_requirements_only() -> None:
    p = portfolio(training=[training("2025-01-10", 1.5, "dei"), training("2025-02-10", 40)])
    ruleset = BASELINE.in_force("IMHS", date(2026, 1, 1))
    result = explain(p, ruleset, date(2026, 1, 1), unmet_only=True)
    listed = {r.code: len(r.entries) for r in result.requirements if isinstance(r, Explained)}
    assert (listed["training_total"], listed["training_dei"], listed["training_pip"]) == (0, 2, 2)
