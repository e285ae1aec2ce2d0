"""Benchmark of the Endorsement® Registry: name searches over 100,000 endorsements.

Builds a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) through
Django's test-database machinery, fills it with ``--count`` endorsements held by
people with realistic names (a quarter of them accented), then asks the registry
``--searches`` name searches through Django's request handler, as a browser or an
API client would: the whole request, from URL to rendered page, is timed.

Searches are a surname ("pena"), the start of one ("gar") or a first name and the
start of a surname ("ana mar"), typed without accents. The target is the 95th
percentile under 50 ms; the report also gives the queries each page made, which
must not depend on how many people match. Run from the project root::

    .venv/bin/python benchmarks/registry.py [--count 100000] [--searches 500] [--seed 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/registry.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 50.0
_FIRST_TEXT = """
Ana Lucía María José Juan Pedro Sofía Camila Valentina Mateo Santiago Diego Elena Isabel
Carmen Rosa Laura Sarah Emily Jessica Ashley Michael David James Robert John William Linda
Patricia Jennifer Barbara Susan Karen Nancy Lisa Betty Dorothy Sandra Zoë Chloé Renée
Noémie Inés Raúl Andrés Tomás Joaquín Nicolás Héctor
"""
FIRST = tuple(_FIRST_TEXT.split())
_SURNAMES_TEXT = """
García Martínez Rodríguez López Hernández González Pérez Sánchez Ramírez Torres Flores
Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Chávez Ruiz Jiménez Peña Núñez Muñoz
Ibáñez Castañeda Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Thomas
Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young
Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner
Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan
Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks
Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry
Russell Sullivan Fisher Hamilton Graham Wallace Woods Cole West Jordan Owens Reynolds
Ellis Harrison Gibson McDonald Marshall Dubois Lefèvre Müller Schröder Østergaard Nguyễn
Trần
"""
SURNAMES = tuple(_SURNAMES_TEXT.split())


def fill(count: int, rng: random.Random) -> None:
    """``count`` endorsed people over four associations and every category."""
    from endorse.accounts.models import User
    from endorse.applications.models import Application, Registration
    from endorse.associations.services import association_upsert
    from endorse.core.text import fold, folded_words
    from endorse.eligibility.categories import CATEGORIES
    from endorse.endorsements.models import Endorsement, RegistryWord
    from endorse.standards.models import Category
    from endorse.standards.services import baseline_sync

    baseline_sync()
    codes = [c.code for c in CATEGORIES]
    associations = [
        association_upsert(slug=slug, offered=codes, name=f"{slug.upper()} Association")
        for slug in ("ct", "mi", "nm", "wa")
    ]
    categories = list(Category.objects.all())
    now = timezone.now()
    counties = [f"{c} County" for c in ("Hartford", "New Haven", "Fairfield", "Wayne", "Kent")]
    batch = 5000
    for start in range(0, count, batch):
        size = min(batch, count - start)
        names = [f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}" for _ in range(size)]
        users = User.objects.bulk_create(
            User(email=f"p{start + i}@bench.example", full_name=name, password="!")  # noqa: S106 (unusable)
            for i, name in enumerate(names)
        )
        picks = [(rng.choice(associations), rng.choice(categories)) for _ in users]
        registrations = Registration.objects.bulk_create(
            Registration(
                association=a,
                applicant=u,
                category=c,
                status="accepted",
                work_summary="-",
                education_summary="-",
                rsc_summary="-",
                membership_expires_on=date(2027, 1, 1),
                submitted_at=now,
            )
            for u, (a, c) in zip(users, picks, strict=True)
        )
        applications = Application.objects.bulk_create(
            Application(
                association=a,
                applicant=u,
                registration=r,
                category=c,
                status="approved",
                opened_at=now,
            )
            for u, r, (a, c) in zip(users, registrations, picks, strict=True)
        )
        endorsements = Endorsement.objects.bulk_create(
            Endorsement(
                association=a,
                person=u,
                category=c,
                application=app,
                number=f"{a.slug.upper()}-2024-{start + i:06d}",
                issued_on=date(2024, 5, 1),
                status="emeritus" if rng.random() < 0.03 else "active",
                listed=rng.random() > 0.02,
                locality=(county := rng.choice(counties)),
                name_key=fold(u.full_name),
                locality_key=fold(county),
            )
            for i, (u, app, (a, c)) in enumerate(zip(users, applications, picks, strict=True))
        )
        RegistryWord.objects.bulk_create(
            RegistryWord(
                endorsement=e,
                association_id=e.association_id,
                word=word,
                category_code=c.code,
                name_key=e.name_key,
                locality_key=e.locality_key,
                listed=e.listed,
            )
            for e, name, (_a, c) in zip(endorsements, names, picks, strict=True)
            for word in folded_words(name)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def searches(n: int, rng: random.Random) -> list[str]:
    from endorse.core.text import fold

    typed: list[str] = []
    for _ in range(n):
        surname = fold(rng.choice(SURNAMES))
        kind = rng.random()
        if kind < 0.5:
            typed.append(surname)
        elif kind < 0.75:
            typed.append(surname[:3])
        else:
            typed.append(f"{fold(rng.choice(FIRST))} {surname[:3]}")
    return typed


def measure(client: Client, path: str, typed: list[str]) -> tuple[list[float], set[int]]:
    timings: list[float] = []
    query_counts: set[int] = set()
    for words in typed:
        connection.queries_log.clear()  # it keeps 9,000 queries; counts past that are wrong
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, {"name": words})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, words, response.status_code)
        query_counts.add(len(queries))
    return timings, query_counts


def report(label: str, timings: list[float], query_counts: set[int]) -> bool:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    verdict = "PASS" if p95 < TARGET_MS else "FAIL"
    print(f"{label:<28} median {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   "
          f"p99 {p99:6.1f} ms   max {ordered[-1]:6.1f} ms   queries {sorted(query_counts)}   "
          f"{verdict}")  # fmt: skip
    return p95 < TARGET_MS


def explain(words: str) -> None:
    """The plans of the count and of the first page of the site-wide search for ``words``."""
    from endorse.endorsements.registry import NameSearch, RegistryQuery, registry_search

    search = registry_search(RegistryQuery(name=words))
    assert isinstance(search, NameSearch)
    matches = search._matches
    analyze = "ANALYZE" if connection.vendor == "postgresql" else "QUERY PLAN"
    for label, queryset in (("count", matches), ("page", matches[:25])):
        sql, params = queryset.query.sql_with_params()
        if label == "count":
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 (our own ORM's SQL)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {analyze} {sql}", params)
            print(f"-- {label} of {words!r}")
            for row in cursor.fetchall():
                print("  ", " ".join(str(cell) for cell in row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", metavar="WORDS", help="print the query plans of one search")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # One client asks every search: the API's per-client limit would answer 429.
    settings.ENDORSE_API_RATE = "1000000/min"
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        fill(args.count, rng)
        took = time.perf_counter() - started
        print(f"database: {connection.vendor}; {args.count:,} endorsements filled in "
              f"{took:.0f} s; {args.searches} searches per page")  # fmt: skip
        if args.explain:
            explain(args.explain)
        typed = searches(args.searches, rng)
        client = Client()
        client.get("/registry/", {"name": "warm"})
        results = [
            report(label, *measure(client, path, typed))
            for label, path in (
                ("/registry/ (all)", "/registry/"),
                ("/ct/registry/", "/ct/registry/"),
                ("/api/v1/registry/", "/api/v1/registry/"),
            )
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
