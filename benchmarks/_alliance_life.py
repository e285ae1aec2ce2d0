"""After the applications: endorsements and their registry words, renewals, fees and
payments, staff and review assignments, events and notifications; all in bulk."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

from _alliance_people import COUNTIES, Person, person_name
from django.db.models import Max
from django.utils import timezone

BATCH = 2000
APPROVED = ("approved", "approved_for_exam")
IN_REVIEW = ("first_review", "second_review", "decision", "on_hold", "deferred")
STATUS_MIX = (("active", 88), ("emeritus", 3), ("lapsed", 5), ("inactive", 4))


def endorsements(people: list[Person], rng: random.Random) -> list[Any]:
    """An endorsement for every approved application, numbered per association, due as its
    association's renewal calendar says (three-year associations spread over three years)."""
    from endorse.core.text import fold, folded_words
    from endorse.eligibility.renewal import period_due_on_or_after
    from endorse.endorsements.models import Endorsement, EndorsementEvent, RegistryWord
    from endorse.renewals.selectors import renewal_policy

    today = timezone.localdate()
    policies: dict[int, Any] = {}
    counters: dict[int, int] = defaultdict(int)
    for row in Endorsement.objects.values("association_id").annotate(top=Max("status_index")):
        counters[row["association_id"]] = row["top"] or 0  # the demo's endorsees come first
    made = []
    for p in people:
        if p.status != "approved":
            continue
        a = p.rows["association"]
        policy = policies.setdefault(a.pk, renewal_policy(association=a))
        counters[a.pk] += 1
        n = counters[a.pk]
        issued = (p.rows["application"].submitted_at + timedelta(days=60)).date()
        status = rng.choices(*zip(*STATUS_MIX, strict=True))[0]
        spread = 0 if a.renewal_model == "yearly" else 1095  # a third due each year
        period = period_due_on_or_after(policy, today + timedelta(days=rng.randint(-20, spread)))
        active = status == "active"
        county = rng.choice(COUNTIES)
        made.append(Endorsement(
            association=a, person=p.rows["user"], category=p.rows["category"],
            application=p.rows["application"], number=f"{a.slug.upper()}-{issued.year}-{n:05d}",
            issued_on=issued, status=status, status_index=n, listed=rng.random() > 0.02,
            locality=county, locality_shown=rng.random() < 0.8, name_key=fold(p.name),
            locality_key=fold(county), next_due_on=period.due if active else None,
            next_period_starts=period.starts if active else None,
            next_period_years=period.years if active else None,
        ))  # fmt: skip
        made[-1].period = period  # type: ignore[attr-defined]
        p.rows["endorsement"] = made[-1]
    Endorsement.objects.bulk_create(made, batch_size=BATCH)
    RegistryWord.objects.bulk_create(
        (RegistryWord(endorsement=e, association_id=e.association_id, word=word,
                      category_code=e.category.code, name_key=e.name_key,
                      locality_key=e.locality_key if e.locality_shown else "",
                      listed=e.listed and e.status in ("active", "emeritus"))
         for e in made for word in folded_words(e.person.full_name)),
        batch_size=BATCH,
    )  # fmt: skip
    EndorsementEvent.objects.bulk_create(
        (EndorsementEvent(endorsement=e, association_id=e.association_id, kind="granted",
                          at=timezone.now(), to_status="active") for e in made),
        batch_size=BATCH,
    )  # fmt: skip
    return made


def renewals(made: list[Any], rng: random.Random) -> int:
    """For active endorsements whose renewal period is open today: half started, a third
    of those sent."""
    from endorse.renewals.models import Renewal

    today = timezone.localdate()
    rows, held = [], []
    now = timezone.now()
    for e in made:
        if e.next_due_on is None or not e.period.is_open(today) or rng.random() > 0.5:
            continue
        sent = rng.random() < 0.33
        rows.append(Renewal(
            association_id=e.association_id, person_id=e.person_id, due_on=e.next_due_on,
            period_starts=e.next_period_starts, period_years=e.next_period_years,
            status="submitted" if sent else "preparing", hours_attested=sent,
            opened_at=now - timedelta(days=rng.randint(5, 60)), submitted_at=now if sent else None,
        ))  # fmt: skip
        held.append(e)
    Renewal.objects.bulk_create(rows, batch_size=BATCH)
    Renewal.endorsements.through.objects.bulk_create(
        (Renewal.endorsements.through(renewal_id=r.pk, endorsement_id=e.pk)
         for r, e in zip(rows, held, strict=True)),
        batch_size=BATCH,
    )  # fmt: skip
    return len(rows)


def money(people: list[Person], coordinators: dict[int, Any], rng: random.Random) -> int:
    """Registration fees (paid) for everyone, processing fees for every submitted
    application (a tenth still due), each payment received over the last three years."""
    from endorse.applications.models import Application, Registration
    from endorse.payments.models import Charge, Payment

    charges, owners = [], []
    for p in people:
        a = p.rows["association"]
        kinds = ["registration"] + ([] if p.status == "preparing" else ["processing"])
        for kind in kinds:
            due = kind == "processing" and p.status == "submitted" and rng.random() < 0.1
            charges.append(Charge(
                association=a, person=p.rows["user"], kind=kind, category=p.rows["category"],
                amount_cents=2000 if kind == "registration" else 20000, currency="USD",
                status="due" if due else "paid", settled_at=None if due else p.opened,
            ))  # fmt: skip
            owners.append(p)
    Charge.objects.bulk_create(charges, batch_size=BATCH)
    methods = ("check", "check", "paypal", "bank_transfer", "card", "employer")
    today = timezone.localdate()
    Payment.objects.bulk_create(
        (Payment(association_id=c.association_id, charge=c, method=rng.choice(methods),
                 amount_cents=c.amount_cents, reference=f"#{1000 + i}",
                 received_on=today - timedelta(days=rng.randint(0, 1095)),
                 recorded_by=coordinators.get(c.association_id))
         for i, c in enumerate(charges) if c.status == "paid"),
        batch_size=BATCH,
    )  # fmt: skip
    registrations, applications = [], []
    for charge, p in zip(charges, owners, strict=True):
        if charge.kind == "registration":
            p.rows["registration"].fee = charge
            registrations.append(p.rows["registration"])
        else:
            p.rows["application"].processing_fee = charge
            applications.append(p.rows["application"])
    Registration.objects.bulk_update(registrations, ["fee"], batch_size=BATCH)
    Application.objects.bulk_update(applications, ["processing_fee"], batch_size=BATCH)
    return len(charges)


def staff(by_slug: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A coordinator (also administrator) and three reviewers at every association, twelve
    reviewers at ct, and the reviewer with about 200 assignments; staff have an
    authenticator, as production requires."""
    from allauth.mfa.models import Authenticator

    from endorse.accounts.models import User
    from endorse.associations.models import StaffRole
    from endorse.reviews.models import ReviewerProfile
    from endorse.standards.models import Category

    codes = list(Category.objects.values_list("code", flat=True))
    users, roles, profiles = [], [], []
    coordinators = {}
    for slug, a in by_slug.items():
        if slug != "ct":
            user = User(email=f"coordinator@{slug}.alliance.example", password="!",  # noqa: S106
                        full_name=person_name(rng))  # fmt: skip
            coordinators[a.pk] = user
            users.append(user)
            roles += [StaffRole(association=a, user=user, role=r) for r in ("coordinator", "admin")]
        for n in range(12 if slug == "ct" else 3):
            user = User(email=f"reviewer{n}@{slug}.alliance.example", password="!",  # noqa: S106
                        full_name=person_name(rng))  # fmt: skip
            users.append(user)
            roles.append(StaffRole(association=a, user=user, role="reviewer"))
            profiles.append(ReviewerProfile(association=a, user=user, categories=codes))
    heavy = User(email="reviewer@ct.alliance.example", password="!",  # noqa: S106
                 full_name="Rosario García-Villanueva de la Cruz")  # fmt: skip
    users.append(heavy)
    roles.append(StaffRole(association=by_slug["ct"], user=heavy, role="reviewer"))
    profiles.append(ReviewerProfile(association=by_slug["ct"], user=heavy, categories=codes,
                                    capacity=10))  # fmt: skip
    User.objects.bulk_create(users, batch_size=BATCH)
    StaffRole.objects.bulk_create(roles, batch_size=BATCH)
    ReviewerProfile.objects.bulk_create(profiles, batch_size=BATCH)
    Authenticator.objects.bulk_create(
        Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": "bench"}) for u in users
    )
    ct_coordinator = User.objects.get(email="coordinator@ct.endorse.test")
    coordinators[by_slug["ct"].pk] = ct_coordinator
    reviewers = [u for u in users if u.email.endswith("@ct.alliance.example") and u is not heavy]
    return {"coordinators": coordinators, "heavy_reviewer": heavy, "ct_reviewers": reviewers}


def assignments(people: list[Person], team: dict[str, Any], rng: random.Random) -> int:
    """Reviews of ct's applications in review and decided: tier 1 for all, tier 2 past
    the first review; the heavy reviewer has about 200 of them."""
    from endorse.reviews.models import Assignment, Review

    rows, reviews = [], []
    coordinator = next(iter(c for c in team["coordinators"].values()
                            if c.email == "coordinator@ct.endorse.test"))  # fmt: skip
    heavy, pool = team["heavy_reviewer"], team["ct_reviewers"]
    for p in people:
        if p.slug != "ct" or p.status in ("preparing", "submitted"):
            continue
        tiers = (1,) if p.status == "first_review" else (1, 2)
        for tier in tiers:
            done = p.status in APPROVED or (tier == 1 and p.status != "first_review")
            reviewer = heavy if rng.random() < 0.085 else rng.choice(pool)
            asked = p.rows["application"].submitted_at + timedelta(days=10 * tier)
            rows.append(Assignment(
                association=p.rows["association"], application=p.rows["application"],
                reviewer=reviewer, tier=tier, status="accepted", assigned_by=coordinator,
                assigned_at=asked, responded_at=asked + timedelta(days=1),
            ))  # fmt: skip
            if done:
                reviews.append((rows[-1], asked + timedelta(days=20)))
    Assignment.objects.bulk_create(rows, batch_size=BATCH)
    Review.objects.bulk_create(
        (Review(association_id=a.association_id, assignment=a, recommendation="approve",
                comments="Thorough portfolio; RS/C well documented.", saved_at=at,
                submitted_at=at) for a, at in reviews),
        batch_size=BATCH,
    )  # fmt: skip
    return len(rows)
