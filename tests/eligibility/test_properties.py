"""Property-based tests: order, splitting and duplicates never change what counts."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from endorse.eligibility import evaluate
from endorse.eligibility.portfolio import (
    Education,
    Leadership,
    Person,
    Portfolio,
    Reference,
    Rsc,
    RscProvided,
    Training,
    Work,
)
from tests.eligibility.builders import BASELINE, LISTS, portfolio

AS_OF = date(2026, 1, 1)
CATEGORIES = BASELINE.categories()
# Each side of every effective date and of the 2024 closed window.
AS_OF_DAYS = [date(2023, 12, 31), date(2024, 1, 1), date(2024, 8, 1), date(2024, 8, 2),
              date(2024, 12, 31), date(2025, 1, 1), AS_OF]  # fmt: skip
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 30))


@st.composite
def works(draw: st.DrawFn) -> Work:
    start = draw(days)
    return Work(
        start=start,
        end=draw(st.one_of(st.none(), st.integers(0, 1500).map(lambda n: start + timedelta(n)))),
        fte=draw(st.sampled_from([0.25, 0.5, 0.75, 1.0])),
        paid=draw(st.booleans()),
        supervised=draw(st.booleans()),
        internship=draw(st.booleans()),
        service=draw(st.sampled_from(["promotion", "prevention", "treatment",
                                      "parent_infant_psychotherapy", "other"])),
        age_band=draw(st.sampled_from(["infant", "early_childhood", "both"])),
        families_served=draw(st.integers(0, 8)),
        supervisor_endorsement=draw(st.sampled_from([None, "IMHS", "IFS", "ECMHM-C"])),
    )  # fmt: skip


hours = st.integers(1, 800).map(lambda n: n / 100)
trainings = st.builds(Training, date=days, hours=hours,
                      topics=st.lists(st.sampled_from(["dei", "parent_infant_psychotherapy",
                                                       "rsc_provision"]), max_size=2).map(tuple))  # fmt: skip
rscs = st.builds(Rsc, date=days, hours=hours,
                 format=st.sampled_from(["individual", "group", "peer"]),
                 provider_endorsement=st.sampled_from([None, "IMHS", "IMHM-C", "IFRS"]),
                 provider_vetted=st.booleans(), about_providing_rsc=st.booleans())  # fmt: skip


@st.composite
def leaderships(draw: st.DrawFn) -> Leadership:
    start = draw(days)
    end = draw(st.one_of(st.none(), st.integers(0, 1500).map(lambda n: start + timedelta(n))))
    return Leadership(start=start, end=end, kind=draw(st.sampled_from(["clinical", "policy"])))


educations = st.builds(
    Education,
    completed_on=days,
    level=st.sampled_from(["cda", "associate", "bachelor", "master", "doctorate"]),
)
references = st.builds(
    Reference,
    role=st.sampled_from(["supervisor", "rsc_provider", "colleague"]),
    status=st.sampled_from(["requested", "completed", "declined"]),
    rater_endorsed=st.booleans(),
    vetted=st.booleans(),
)
provideds = st.builds(RscProvided, start=days, end=st.none())
portfolios = st.builds(
    portfolio,
    person=st.builds(Person, mental_health_license=st.booleans(), license_eligible=st.booleans()),
    education=st.lists(educations, max_size=3),
    work=st.lists(works(), max_size=6),
    training=st.lists(trainings, max_size=8),
    rsc=st.lists(rscs, max_size=10),
    leadership=st.lists(leaderships(), max_size=3),
    rsc_provided=st.lists(provideds, max_size=2),
    references=st.lists(references, max_size=4),
)  # fmt: skip


def results(p: Portfolio) -> list[object]:
    return [
        evaluate(p, BASELINE.in_force(code, day), day) for day in AS_OF_DAYS for code in CATEGORIES
    ]


@settings(max_examples=40, deadline=None)
@given(portfolios, st.randoms(use_true_random=False))
def test_reordering_entries_never_changes_a_result(p: Portfolio, random: object) -> None:
    shuffled = {}
    for name in LISTS:
        entries = list(getattr(p, name))
        random.shuffle(entries)  # type: ignore[attr-defined]
        shuffled[name] = tuple(entries)
    assert results(replace(p, **shuffled)) == results(p)


@settings(max_examples=40, deadline=None)
@given(portfolios, works(), st.data())
def test_splitting_a_work_entry_into_adjacent_ones_never_changes_a_result(
    p: Portfolio, entry: Work, data: st.DataObject
) -> None:
    end = entry.end or AS_OF + timedelta(days=30)
    assume(end > entry.start)
    cut = data.draw(st.dates(min_value=entry.start, max_value=end - timedelta(days=1)))
    first = replace(entry, end=cut)
    # Families are counted once per entry: keep them on one half only.
    second = replace(entry, start=cut + timedelta(days=1), families_served=0)
    whole = replace(p, work=(*p.work, entry))
    split = replace(p, work=(*p.work, first, second))
    assert results(split) == results(whole)


@settings(max_examples=40, deadline=None)
@given(portfolios, st.data())
def test_splitting_a_leadership_entry_never_changes_a_result(
    p: Portfolio, data: st.DataObject
) -> None:
    entry = data.draw(leaderships())
    end = entry.end or AS_OF
    assume(end > entry.start)
    cut = data.draw(st.dates(min_value=entry.start, max_value=end - timedelta(days=1)))
    first = Leadership(start=entry.start, end=cut, kind=entry.kind)
    second = Leadership(start=cut + timedelta(days=1), end=entry.end, kind=entry.kind)
    assert results(replace(p, leadership=(*p.leadership, first, second))) == results(
        replace(p, leadership=(*p.leadership, entry))
    )


def days_counted(p: Portfolio) -> list[object]:
    return [
        [(r.code, r.have) for r in result.requirements
         if r.code in ("work", "education_or_work", "leadership")]
        for result in results(p)
    ]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(portfolios, st.data())
def test_duplicating_an_overlapping_full_time_entry_never_adds_days(
    p: Portfolio, data: st.DataObject
) -> None:
    full_time = [entry for entry in p.work if entry.fte == 1.0]
    assume(full_time)
    entry = data.draw(st.sampled_from(full_time))
    assert days_counted(replace(p, work=(*p.work, entry))) == days_counted(p)


@settings(max_examples=40, deadline=None)
@given(portfolios, st.data())
def test_duplicating_a_leadership_entry_never_adds_days(p: Portfolio, data: st.DataObject) -> None:
    assume(p.leadership)
    entry = data.draw(st.sampled_from(p.leadership))
    assert days_counted(replace(p, leadership=(*p.leadership, entry))) == days_counted(p)
