"""The Alliance's associations, people, registrations and applications, made in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

# Thirty-three more associations beside the demo's ct and nm (load_demo makes those two).
# Maine's slug is not "me": /me/ is the signed-in person's page (RESERVED_SLUGS).
STATES = {
    "ak": "Alaska", "al": "Alabama", "az": "Arizona", "ca": "California", "co": "Colorado",
    "fl": "Florida", "ga": "Georgia", "hi": "Hawaiʻi", "ia": "Iowa", "id": "Idaho",
    "il": "Illinois", "in": "Indiana", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "ma": "Massachusetts", "md": "Maryland", "maine": "Maine", "mi": "Michigan",
    "mn": "Minnesota", "mo": "Missouri", "mt": "Montana", "nc": "North Carolina",
    "ne": "Nebraska", "nj": "New Jersey", "ny": "New York", "oh": "Ohio", "ok": "Oklahoma",
    "or": "Oregon", "pa": "Pennsylvania", "ri": "Rhode Island", "tx": "Texas",
    "wa": "Washington",
}  # fmt: skip
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
FIRST = (
    "Ana Lucía", "María José", "José Luis", "Sofía", "Camila", "Valentina", "Mateo", "Diego",
    "Inés", "Raúl", "Andrés", "Tomás", "Joaquín", "Begoña", "Ngozi", "Siobhán", "Zoë",
    "Chloé", "Renée", "Noémie", "Sarah", "Emily", "Jessica", "Ashley", "Michael", "David",
    "James", "Linda", "Patricia", "Jennifer", "Barbara", "Susan", "Karen", "Nancy", "Lisa",
    "Mei", "Hiroshi", "Aroha", "Fatima", "Oluwaseun", "Dagný", "Björn", "Łucja", "Øyvind",
    "María de los Ángeles", "Juan Pablo", "Anne-Marie", "Mary Catherine",
)  # fmt: skip
SURNAMES = (
    "Martínez", "Rodríguez", "López", "Hernández", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Peña", "Núñez", "Muñoz", "Ibáñez",
    "Castañeda-Ibáñez", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
    "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Okafor", "Okonkwo", "Nguyễn", "Trần",
    "Müller", "Schröder", "Østergaard", "Lefèvre", "Dubois", "O'Sullivan", "McDonald",
    "Haddad", "Kowalczyk", "Papadopoulos", "Van der Berg", "Fernández de Córdoba y Salazar",
)  # fmt: skip
GARCIA_SHARE = 0.05  # "?name=garcia" must find many
COUNTIES = ("Hartford County", "New Haven County", "Fairfield County", "Bernalillo County",
            "Wayne County", "Kent County", "Cook County", "Maricopa County", "King County",
            "Miami-Dade County", "Doña Ana County")  # fmt: skip


def person_name(rng: random.Random) -> str:
    surname = "García" if rng.random() < GARCIA_SHARE else rng.choice(SURNAMES)
    if rng.random() < 0.12:  # two surnames, the Spanish way
        surname = f"{surname} {rng.choice(SURNAMES)}"
    return f"{rng.choice(FIRST)} {surname}"


# Application states at "ct" (about 1,600 open in the queue) and at the 34 others, for
# 10,000 applicants; every approved application holds an endorsement (5,000 in all).
CT_STATES = {"approved": 1000, "preparing": 1000, "submitted": 250, "first_review": 150,
             "second_review": 80, "decision": 50, "on_hold": 40, "deferred": 30}  # fmt: skip
OTHER_STATES = {"approved": 4000, "preparing": 2800, "submitted": 250, "first_review": 150,
                "second_review": 80, "decision": 40, "on_hold": 20, "deferred": 10,
                "approved_for_exam": 50}  # fmt: skip


@dataclass
class Person:
    """One applicant as planned: where, in what state, and (once made) their rows."""

    index: int
    slug: str
    status: str
    name: str
    email: str
    opened: datetime
    rows: dict[str, Any] = field(default_factory=dict)


def plan(rng: random.Random, scale: float, slugs: list[str]) -> list[Person]:
    """Applicants in a fixed order: ct's preparing ones first (the pages' and the load's
    applicants), then the rest shuffled."""
    from endorse.core.text import fold

    now = timezone.now()
    others = [s for s in slugs if s != "ct"]
    weights = [6 if s in ("nm", "mi", "ca", "ny", "tx") else 2 if s in ("wa", "oh") else 1
               for s in others]  # fmt: skip
    picks: list[tuple[str, str]] = []
    for states, where in ((CT_STATES, None), (OTHER_STATES, others)):
        for status, count in states.items():
            for _ in range(max(1, round(count * scale))):
                picks.append((rng.choices(where, weights)[0] if where else "ct", status))
    first = [p for p in picks if p == ("ct", "preparing")]
    rest = [p for p in picks if p != ("ct", "preparing")]
    rng.shuffle(rest)
    people = []
    for index, (slug, status) in enumerate(first + rest):
        name = person_name(rng)
        local = ".".join(fold(name).replace("'", "").split()[::2][:2])
        opened = now - timedelta(days=rng.randint(30 if status == "preparing" else 200, 2400))
        people.append(Person(index, slug, status, name, f"{local}.{index}@example.org", opened))
    return people


def associations(rng: random.Random) -> dict[str, Any]:
    """ct and nm from the demo loader, and 33 more made the way it makes them."""
    from endorse.applications.demo.load import load_agreements, load_fees
    from endorse.associations.management.commands.load_demo import Command
    from endorse.associations.services import association_upsert
    from endorse.eligibility.categories import CATEGORIES
    from endorse.ratings.demo import load_rating_items

    Command()._load()
    made = {}
    codes = [c.code for c in CATEGORIES]
    for slug, state in STATES.items():
        made[slug] = association_upsert(
            slug=slug, offered=codes if rng.random() < 0.7 else codes[:8],
            name=f"{state} Association for Infant and Early Childhood Mental Health",
            time_zone=rng.choice(ZONES), spanish_enabled=rng.random() < 0.6,
            contact_email=f"endorsement@{slug}.example.org",
            renewal_model="yearly" if rng.random() < 0.5 else "three_year",
            review_days=rng.choice((30, 45, 60)),
        )  # fmt: skip
        load_fees(made[slug], rng.choice((1500, 2000, 2500)))
        load_agreements(made[slug])
        load_rating_items(made[slug])
    from endorse.associations.models import Association

    return {a.slug: a for a in Association.objects.all()}


def users_and_applications(people: list[Person], by_slug: dict[str, Any],
                           rng: random.Random) -> None:  # fmt: skip
    """Each person's account, accepted registration and application (in its planned state)."""
    from endorse.accounts.models import User
    from endorse.applications.models import Application, Registration
    from endorse.standards.models import Offering

    offered: dict[int, list[Any]] = {}
    for offering in Offering.objects.select_related("category"):
        offered.setdefault(offering.association_id, []).append(offering.category)
    users = User.objects.bulk_create(
        [User(email=p.email, full_name=p.name, password="!", date_joined=p.opened,  # noqa: S106
              preferred_language="es" if rng.random() < 0.2 else "en") for p in people],
        batch_size=2000,
    )  # fmt: skip
    registrations = []
    for person, user in zip(people, users, strict=True):
        association = by_slug[person.slug]
        person.rows.update(user=user, association=association,
                           category=rng.choice(offered[association.pk]))  # fmt: skip
        registrations.append(Registration(
            association=association, applicant=user, category=person.rows["category"],
            work_summary="Home visitor with families of infants since 2016.",
            education_summary="Bachelor's degree in child development.",
            rsc_summary="Individual reflective supervision twice a month.",
            membership_number=f"{person.slug.upper()}-{person.index:05d}",
            membership_expires_on=date.today() + timedelta(days=rng.randint(-30, 700)),
            status="accepted", submitted_at=person.opened, decided_at=person.opened,
        ))  # fmt: skip
    Registration.objects.bulk_create(registrations, batch_size=2000)
    applications = []
    for person, registration in zip(people, registrations, strict=True):
        person.rows["registration"] = registration
        submitted = None if person.status == "preparing" else person.opened + timedelta(days=90)
        applications.append(Application(
            association=person.rows["association"], applicant=person.rows["user"],
            registration=registration, category=person.rows["category"], status=person.status,
            opened_at=person.opened, submitted_at=submitted,
            ratings_waived=None if submitted is None else rng.random() < 0.7,
        ))  # fmt: skip
    Application.objects.bulk_create(applications, batch_size=2000)
    for person, application in zip(people, applications, strict=True):
        person.rows["application"] = application
