"""Benchmark of the requirements engine: judging a portfolio against reading it.

Generates realistic ``endorse.portfolio/1`` portfolios (about 150 entries over
ten years), serialises them to JSON text, and measures in the same run:

* ``json.loads`` of each text (the cost of merely reading a portfolio);
* for each category, ``parse_portfolio(text)`` followed by ``evaluate`` —
  one category's evaluation, parsing included — and the two parts apart;
* evaluations per second over all portfolios and all categories, parsing
  each portfolio once (as callers of ``evaluate_all`` do) or once per
  evaluation.

The target (docs/decisions/0001) is that one category's evaluation, parsing
included, costs at most three times ``json.loads`` of the same text; the
verdict is given for the slowest category.

Each measurement runs over all portfolios; the rounds are interleaved and the
best round of each is kept, so drift in the machine's speed affects both
sides of the ratio alike. Run from the project root::

    .venv/bin/python benchmarks/evaluate.py [--count N] [--as-of DATE] [--seed S] [--check]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, Final, NamedTuple

import msgspec

from endorse.eligibility import (
    Portfolio,
    PortfolioError,
    RuleSet,
    evaluate,
    explain,
    load_baseline,
    parse_portfolio,
)

TARGET: Final = 3.0
YEARS: Final = 10

# --------------------------------------------------------------------------
# Portfolios
# --------------------------------------------------------------------------


class Profile(NamedTuple):
    """A kind of applicant: what their degrees, work and RS/C tend to be."""

    weight: int
    degrees: tuple[tuple[str, ...], ...]
    services: tuple[str, ...]
    licensed: float
    # Endorsements their RS/C providers hold (None: not endorsed, maybe vetted).
    providers: tuple[str | None, ...]
    topics: tuple[str, ...]  # what a quarter of their training is about
    recency: float  # how much denser their RS/C sessions are in recent years (1: even)
    about_providing: float  # share of RS/C sessions about the RS/C they provide
    leader: bool


PROFILES: Final = (
    Profile(
        weight=25,
        degrees=(("cda",), ("associate",), ("associate", "bachelor"), ()),
        services=("promotion", "promotion", "prevention", "other"),
        licensed=0.0,
        providers=("IFRS", "ECFRS", None, None),
        topics=("dei",),
        recency=1.0,
        about_providing=0.0,
        leader=False,
    ),
    Profile(
        weight=30,
        degrees=(("bachelor",), ("bachelor",), ("bachelor", "master"), ("associate", "bachelor")),
        services=("prevention", "prevention", "treatment", "promotion", "other"),
        licensed=0.1,
        providers=("IFRS", "ECFRS", "IMHS", "ECMHS", "IMHM-C", None),
        topics=("dei", "parent_infant_psychotherapy"),
        recency=1.8,
        about_providing=0.05,
        leader=False,
    ),
    Profile(
        weight=30,
        degrees=(("bachelor", "master"), ("bachelor", "master"), ("bachelor",)),
        services=("treatment", "parent_infant_psychotherapy", "parent_infant_psychotherapy"),
        licensed=0.6,
        providers=("IMHS", "ECMHS", "IMHM-C", "ECMHM-C", "IFRS", None),
        topics=("parent_infant_psychotherapy", "dei"),
        recency=3.0,
        about_providing=0.1,
        leader=False,
    ),
    Profile(
        weight=15,
        degrees=(("bachelor", "master"), ("bachelor", "master", "doctorate")),
        services=("treatment", "parent_infant_psychotherapy", "other"),
        licensed=0.8,
        providers=("IMHM-C", "ECMHM-C", "IMHM-C", "IMHS", None),
        topics=("rsc_provision", "dei", "parent_infant_psychotherapy"),
        recency=3.0,
        about_providing=0.5,
        leader=True,
    ),
)
LEADERSHIP_KINDS: Final = ("clinical", "policy", "research_faculty")
AGE_BANDS: Final = ("infant", "early_childhood", "both")
TITLES: Final = (
    "Home Visitor",
    "Family Support Specialist",
    "Early Intervention Provider",
    "Infant Mental Health Clinician",
    "Child and Family Therapist",
    "Program Supervisor",
    "Clinical Director",
    "Parent Educator",
)
EMPLOYERS: Final = (
    "Bright Beginnings Family Services",
    "County Early Intervention Program",
    "Children's Community Mental Health Center",
    "Head Start of the Valley",
    "University Infant Clinic",
    "Healthy Families Partnership",
)
FIELDS: Final = (
    ("Early Childhood Education", "Community College"),
    ("Psychology", "State University"),
    ("Social Work", "State University"),
    ("Child Development", "University of the North"),
    ("Counseling", "Metropolitan University"),
)
TRAININGS: Final = {
    None: (
        "Reflective Practice in Home Visiting",
        "Infant Development and Attachment",
        "Trauma-Informed Care for Young Children",
        "Perinatal Mood Disorders",
        "Screening and Assessment, Birth to Five",
        "Motivational Interviewing",
    ),
    "dei": (
        "Cultural Humility in Infant Mental Health",
        "Equity and Anti-Bias Practice with Families",
    ),
    "parent_infant_psychotherapy": (
        "Child–Parent Psychotherapy Foundations",
        "Dyadic Intervention Case Seminar",
    ),
    "rsc_provision": ("Providing Reflective Supervision", "Leading Reflective Groups"),
}
PROVIDERS: Final = ("A. Rivera", "B. Chen", "C. Okafor", "D. Novak", "E. Haddad", "F. Lindqvist")
ROLES: Final = ("supervisor", "colleague", "colleague", "supervisee", "other")


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _recent(rng: random.Random, first: date, as_of: date, bias: float) -> date:
    """A day between ``first`` and ``as_of``, the more recent the larger ``bias``."""
    return as_of - timedelta(days=int((as_of - first).days * rng.random() ** bias))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _hours(rng: random.Random, low: int, high: int) -> float:
    """Hours in quarter hours between ``low`` and ``high``, written as JSON numbers do."""
    quarters = rng.randint(low * 4, high * 4)
    return quarters // 4 if quarters % 4 == 0 else quarters / 4


def _education(rng: random.Random, profile: Profile, first: date) -> list[dict[str, Any]]:
    levels = rng.choice(profile.degrees)
    # Degrees from up to eight years before the portfolio starts to two years into it.
    completed = sorted(
        _day(rng, first - timedelta(days=365 * 8), first + timedelta(days=730)) for _ in levels
    )
    entries = []
    for level, completed_on in zip(levels, completed, strict=True):
        field, institution = rng.choice(FIELDS)
        entries.append(
            {
                "level": level,
                "completed_on": completed_on.isoformat(),
                "field": field,
                "institution": institution,
            }
        )
    return entries


def _work(
    rng: random.Random, profile: Profile, first: date, as_of: date, count: int
) -> list[dict[str, Any]]:
    """A career of up to ``count`` jobs; about a third overlap the previous one."""
    band = rng.choice(AGE_BANDS)
    entries = []
    start = first
    for index in range(count):
        last = index == count - 1
        length = timedelta(days=rng.randint(120, 900))
        end = None if last and rng.random() < 0.7 else min(start + length, as_of)
        internship = not last and rng.random() < (0.25 if profile.licensed > 0.5 else 0.05)
        endorsement = rng.choice(profile.providers) if internship else None
        entries.append(
            {
                "start": start.isoformat(),
                "end": _iso(end),
                "fte": rng.choice((1.0, 1.0, 1.0, 0.75, 0.5, 0.6, 0.25)),
                "paid": not internship or rng.random() < 0.3,
                "supervised": internship or rng.random() < 0.7,
                "internship": internship,
                "service": rng.choice(profile.services),
                "age_band": band if rng.random() < 0.8 else rng.choice(AGE_BANDS),
                "families_served": rng.randint(0, 40),
                "supervisor_endorsement": endorsement,
                "title": "Intern" if internship else rng.choice(TITLES),
                "employer": rng.choice(EMPLOYERS),
            }
        )
        closing = end or as_of
        # The next job starts after this one or, a third of the time, before it ends.
        if rng.random() < 0.35:
            start = _day(rng, start, closing)
        else:
            start = closing + timedelta(days=rng.randint(1, 60))
        if start > as_of - timedelta(days=30):
            break
    return entries


def _training(
    rng: random.Random, profile: Profile, first: date, as_of: date, count: int
) -> list[dict[str, Any]]:
    entries = []
    for day in sorted(_day(rng, first, as_of) for _ in range(count)):
        topic = rng.choice(profile.topics) if rng.random() < 0.25 else None
        entry: dict[str, Any] = {"date": day.isoformat(), "hours": _hours(rng, 1, 8)}
        if topic is not None:
            entry["topics"] = [topic]
        entry["title"] = rng.choice(TRAININGS[topic])
        entries.append(entry)
    return entries


def _rsc(
    rng: random.Random, profile: Profile, first: date, as_of: date, count: int
) -> list[dict[str, Any]]:
    """Sessions, denser in recent years, with two or three providers one after another."""
    days = sorted(_recent(rng, first, as_of, profile.recency) for _ in range(count))
    providers = rng.sample(PROVIDERS, rng.randint(2, 3))
    endorsements = [rng.choice(profile.providers) for _ in providers]
    vetted = [code is None and rng.random() < 0.5 for code in endorsements]
    entries = []
    for index, day in enumerate(days):
        which = index * len(providers) // count
        entries.append(
            {
                "date": day.isoformat(),
                "hours": _hours(rng, 1, 2),
                "format": rng.choices(("individual", "group", "peer"), (6, 3, 1))[0],
                "provider": providers[which],
                "provider_endorsement": endorsements[which],
                "provider_vetted": vetted[which],
                "about_providing_rsc": rng.random() < profile.about_providing,
            }
        )
    return entries


def _periods(
    rng: random.Random, first: date, as_of: date, count: int, *, long: bool
) -> list[tuple[date, date | None]]:
    result = []
    for _ in range(count):
        start = _day(rng, first, as_of - timedelta(days=1500 if long else 60))
        end = None if long and rng.random() < 0.6 else _day(rng, start, as_of)
        result.append((start, end))
    return result


def make_portfolio(rng: random.Random, as_of: date) -> dict[str, Any]:
    """One applicant's portfolio: about 150 entries over the ten years before ``as_of``."""
    profile = rng.choices(PROFILES, [p.weight for p in PROFILES])[0]
    first = as_of - timedelta(days=365 * YEARS)
    expires = _day(rng, as_of - timedelta(days=90), as_of + timedelta(days=365))
    licensed = rng.random() < profile.licensed
    kind = rng.choice(LEADERSHIP_KINDS)
    references = [
        {
            "role": "rsc_provider" if index == 0 and rng.random() < 0.8 else rng.choice(ROLES),
            "status": rng.choices(("completed", "requested", "declined"), (17, 2, 1))[0],
            "rater_endorsed": rng.random() < 0.6,
            "vetted": rng.random() < 0.2,
        }
        for index in range(rng.randint(3, 4))
    ]
    return {
        "format": "endorse.portfolio/1",
        "person": {
            "mental_health_license": licensed,
            "license_eligible": not licensed and rng.random() < profile.licensed / 2,
        },
        "membership": {"expires_on": expires.isoformat()},
        "attestations": {
            "code_of_ethics": rng.random() < 0.95,
            "endorsement_agreement": rng.random() < 0.95,
        },
        "education": _education(rng, profile, first),
        "work": _work(rng, profile, first, as_of, rng.randint(8, 12)),
        "training": _training(rng, profile, first, as_of, rng.randint(60, 80)),
        "rsc": _rsc(rng, profile, first, as_of, rng.randint(50, 70)),
        "leadership": [
            {
                "start": start.isoformat(),
                "end": _iso(end),
                "kind": kind if profile.leader else rng.choice(LEADERSHIP_KINDS),
            }
            for start, end in _periods(rng, first, as_of, rng.randint(1, 3), long=profile.leader)
        ],
        "rsc_provided": [
            {"start": start.isoformat(), "end": _iso(end)}
            for start, end in _periods(rng, first, as_of, rng.randint(1, 2), long=profile.leader)
        ],
        "references": references,
    }


def entry_count(data: dict[str, Any]) -> int:
    return sum(len(value) for value in data.values() if isinstance(value, list))


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def clock(run: Callable[[], object]) -> int:
    """Nanoseconds one call of ``run`` takes, after a full collection."""
    gc.collect()
    start = time.perf_counter_ns()
    run()
    return time.perf_counter_ns() - start


def best_of(rounds: int, measurements: dict[str, Callable[[], object]]) -> dict[str, int]:
    """The fastest of ``rounds`` runs of each measurement, rounds interleaved."""
    best: dict[str, int] = {}
    for _ in range(rounds):
        for name, run in measurements.items():
            elapsed = clock(run)
            best[name] = min(best.get(name, elapsed), elapsed)
    return best


def read_all(texts: list[str]) -> Callable[[], None]:
    def run() -> None:
        loads = json.loads
        for text in texts:
            loads(text)

    return run


def parse_all(texts: list[str]) -> Callable[[], None]:
    def run() -> None:
        parse = parse_portfolio
        for text in texts:
            parse(text)

    return run


def judge_one(texts: list[str], ruleset: RuleSet, as_of: date) -> Callable[[], None]:
    """One category's evaluation of each text, parsing included."""

    def run() -> None:
        parse = parse_portfolio
        for text in texts:
            evaluate(parse(text), ruleset, as_of)

    return run


def evaluate_only(portfolios: list[Portfolio], ruleset: RuleSet, as_of: date) -> Callable[[], None]:
    def run() -> None:
        for portfolio in portfolios:
            evaluate(portfolio, ruleset, as_of)

    return run


def explain_only(portfolios: list[Portfolio], ruleset: RuleSet, as_of: date) -> Callable[[], None]:
    def run() -> None:
        for portfolio in portfolios:
            explain(portfolio, ruleset, as_of)

    return run


def judge_all(texts: list[str], rulesets: Iterable[RuleSet], as_of: date) -> Callable[[], None]:
    """Every category's evaluation of each text, parsing each text once."""
    rulesets = tuple(rulesets)

    def run() -> None:
        parse = parse_portfolio
        for text in texts:
            portfolio = parse(text)
            for ruleset in rulesets:
                evaluate(portfolio, ruleset, as_of)

    return run


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="portfolios (default 10000)")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=date(2026, 11, 1), help="YYYY-MM-DD"
    )
    parser.add_argument("--seed", type=int, default=20261101)
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if a category's ratio is above {TARGET:g}"
    )
    args = parser.parse_args(argv)
    as_of: date = args.as_of
    count = max(args.count, 1)

    catalog = load_baseline()
    rulesets = {
        code: ruleset
        for code in catalog.categories()
        if (ruleset := catalog.in_force(code, as_of)) is not None
    }

    print(f"Generating {count:,} portfolios (seed {args.seed}, as of {as_of}) …", flush=True)
    rng = random.Random(args.seed)
    data = [make_portfolio(rng, as_of) for _ in range(count)]
    texts = [json.dumps(item, ensure_ascii=False) for item in data]
    entries = [entry_count(item) for item in data]
    sizes = [len(text.encode()) for text in texts]
    del data

    portfolios: list[Portfolio] = []
    errors: dict[str, int] = {}
    for text in texts:
        try:
            portfolios.append(parse_portfolio(text))
        except PortfolioError as error:
            errors[str(error)] = errors.get(str(error), 0) + 1
    if errors:
        print(f"{sum(errors.values())} portfolios do not parse:", file=sys.stderr)
        for message, times in sorted(errors.items(), key=lambda item: -item[1])[:10]:
            print(f"  {times} × {message}", file=sys.stderr)
        return 2

    # What the portfolios look like to the engine (not timed): per category, the
    # share ready to submit and the mean share of requirements met.
    ready: dict[str, float] = {}
    met: dict[str, float] = {}
    for code, ruleset in rulesets.items():
        results = [evaluate(portfolio, ruleset, as_of) for portfolio in portfolios]
        ready[code] = statistics.fmean(result.ready_to_submit for result in results)
        met[code] = statistics.fmean(
            1 - result.unmet / len(result.requirements) for result in results
        )
        del results

    print(f"Timing, best of {args.rounds} interleaved rounds …", flush=True)
    measurements: dict[str, Callable[[], object]] = {
        "json.loads": read_all(texts),
        "parse": parse_all(texts),
    }
    for code, ruleset in rulesets.items():
        measurements[f"judge {code}"] = judge_one(texts, ruleset, as_of)
        measurements[f"evaluate {code}"] = evaluate_only(portfolios, ruleset, as_of)
        measurements[f"explain {code}"] = explain_only(portfolios, ruleset, as_of)
    measurements["all"] = judge_all(texts, rulesets.values(), as_of)
    best = best_of(args.rounds, measurements)

    def per(name: str) -> float:
        """Microseconds per portfolio."""
        return best[name] / count / 1000

    loads_us, parse_us = per("json.loads"), per("parse")
    print()
    print(
        f"Python {platform.python_version()}, msgspec {msgspec.__version__}, "
        f"{platform.machine()}, GC enabled"
    )
    print(f"Portfolios       {count:,}, none invalid")
    print(
        f"Entries          mean {statistics.fmean(entries):.1f} "
        f"(min {min(entries)}, max {max(entries)})"
    )
    print(f"JSON text        mean {statistics.fmean(sizes) / 1024:.1f} KiB")
    print(f"json.loads       {loads_us:8.1f} µs per portfolio")
    print(
        f"parse_portfolio  {parse_us:8.1f} µs per portfolio "
        f"({parse_us / loads_us:.2f} × json.loads)"
    )
    print()
    print("One category's evaluation, parsing included, against json.loads of the same text")
    header = (
        f"{'category':<9} {'rules':>5} {'evaluate µs':>12} {'parse+evaluate µs':>18} "
        f"{'ratio':>6}  {'ready':>6} {'met':>5} {'explain µs':>11}"
    )
    print(header)
    print("-" * len(header))
    ratios = {}
    for code, ruleset in rulesets.items():
        judge_us = per(f"judge {code}")
        ratios[code] = judge_us / loads_us
        print(
            f"{code:<9} {len(ruleset.rules) + 1:>5} {per(f'evaluate {code}'):>12.1f} "
            f"{judge_us:>18.1f} {ratios[code]:>6.2f}  {ready[code]:>6.1%} "
            f"{met[code]:>5.0%} {per(f'explain {code}'):>11.1f}"
        )
    mean_judge = statistics.fmean(per(f"judge {code}") for code in rulesets)
    mean_evaluate = statistics.fmean(per(f"evaluate {code}") for code in rulesets)
    ratio = mean_judge / loads_us
    worst = max(ratios, key=ratios.__getitem__)
    print("-" * len(header))
    print(f"{'mean':<9} {'':>5} {mean_evaluate:>12.1f} {mean_judge:>18.1f} {ratio:>6.2f}")
    print("(rules: the rule set's rules plus category_open; ready: share of portfolios")
    print(" ready to submit; met: mean share of requirements met; explain: every entry's")
    print(" reason, as a reviewer's page asks (not part of the ratio))")
    print()

    evaluations = count * len(rulesets)
    all_rate = evaluations / (best["all"] / 1e9)
    each_rate = evaluations / (sum(best[f"judge {code}"] for code in rulesets) / 1e9)
    print(f"Evaluations      {evaluations:,} ({count:,} portfolios × {len(rulesets)} categories)")
    print(
        f"  parsing once per portfolio     {all_rate:>10,.0f} evaluations/s "
        f"({best['all'] / 1e9:.2f} s)"
    )
    print(f"  parsing once per evaluation    {each_rate:>10,.0f} evaluations/s")
    print()
    # The mean is at most the worst, so the worst category decides.
    verdict = "PASS" if ratios[worst] <= TARGET else "FAIL"
    print(
        f"Ratio (one category, parsing included, ÷ json.loads): mean {ratio:.2f}, "
        f"worst {ratios[worst]:.2f} ({worst}); target ≤ {TARGET:g}: {verdict}"
    )
    if args.check and verdict == "FAIL":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
