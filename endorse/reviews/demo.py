"""A demo application in review: complete, rated by three raters through their links,
submitted, checked by the coordinator, and waiting for the two demo reviewers to accept.

Everything goes through the same services people use, so what the reviewers see is what
a real application looks like. Our own wording throughout; idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import (
    Application,
    Details,
    Education,
    Reference,
    Registration,
    Rsc,
    Training,
    Work,
)
from endorse.applications.selectors import agreements_in_force
from endorse.applications.services import (
    agreement_sign,
    application_submit,
    registration_accept,
    registration_submit,
    submission_blockers,
)
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.payments.services import payment_record
from endorse.ratings.forms import RatingForm, item_field_name
from endorse.ratings.models import RatingItem
from endorse.ratings.services import rating_submit, request_send
from endorse.reviews.assigning import reviewer_assign
from endorse.reviews.models import Assignment
from endorse.reviews.selectors import waits_for_cycle
from endorse.reviews.services import completeness_accept
from endorse.standards.models import Category

RATERS = (
    ("Pat Mentor", "pat.mentor@example.org", "rsc_provider", "IMHM-C"),
    ("Sam Supervisor", "sam.supervisor@example.org", "supervisor", ""),
    ("Cam Colleague", "cam.colleague@example.org", "colleague", ""),
)


def load_application_in_review(
    association: Association, applicant: User, coordinator: User, reviewers: list[User]
) -> Application:
    """Morgan's IMHS application, in first review, both reviewers asked."""
    existing = Application.objects.filter(association=association, applicant=applicant).first()
    if existing is not None:
        return existing
    today = association_today(association=association)
    application = _opened(association, applicant, coordinator, today)
    _complete_portfolio(application, today)
    for agreement in agreements_in_force(association=association, on=today).values():
        agreement_sign(application=application, agreement=agreement, signed_name="Morgan Ready")
    for name, email, role, endorsement in RATERS:
        _rated(application, name, email, role, endorsement, today)
    assert application.processing_fee is not None
    payment_record(
        charge=application.processing_fee, method="employer",
        reference="Example Family Services", received_on=today, actor=coordinator,
    )  # fmt: skip
    blockers = submission_blockers(application=application, today=today, lang="en")
    assert not blockers, blockers  # the demo must stay a complete application
    application_submit(application=application, actor=applicant, today=today,
                       ratings_waived=False)  # fmt: skip
    application.refresh_from_db()
    if waits_for_cycle(application):  # the association set deadlines: it waits like any other
        return application
    completeness_accept(application=application, actor=coordinator)
    for tier, reviewer in zip(
        (Assignment.Tier.FIRST, Assignment.Tier.SECOND), reviewers, strict=True
    ):
        reviewer_assign(application=application, reviewer=reviewer, tier=tier, actor=coordinator)
    application.refresh_from_db()
    return application


def _opened(
    association: Association, applicant: User, coordinator: User, today: date
) -> Application:
    """Registered and accepted, opened long enough ago for the minimum preparation time."""
    fields = {
        "category": Category.objects.get(code="IMHS"),
        "work_summary": "Infant–parent psychotherapist at a community clinic since 2016.",
        "education_summary": "MA in counseling, 2015.",
        "rsc_summary": "Monthly individual RS/C with an endorsed mentor.",
        "membership_number": "D-0003",
        "membership_expires_on": today + timedelta(days=300),
    }
    registration = registration_submit(
        association=association, applicant=applicant, today=today, fields=fields
    )
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference="2077",
                   received_on=today, actor=coordinator)  # fmt: skip
    application = registration_accept(registration=registration, actor=coordinator, today=today)
    opened = timezone.now() - timedelta(days=association.minimum_preparation_days + 30)
    Application.objects.filter(pk=application.pk).update(opened_at=opened)
    Registration.objects.filter(pk=registration.pk).update(decided_at=opened)
    application.refresh_from_db()
    return application


def _complete_portfolio(application: Application, today: date) -> None:
    common: dict[str, Any] = {"association": application.association,
                              "application": application, "complete": True,
                              "saved_at": timezone.now()}  # fmt: skip
    Details.objects.filter(application=application).update(
        phone="+1 860 555 0177", county="Hartford", languages="English",
        license_eligible=True, mental_health_license=True, complete=True,
    )  # fmt: skip
    Education.objects.create(
        **common, level="master", field="Counseling", institution="Example State University",
        completed_on=date(2015, 5, 20),
    )  # fmt: skip
    Work.objects.create(
        **common, title="Infant–parent psychotherapist", employer="Example Clinic",
        start=date(2016, 1, 4), fte=Decimal(1), service="parent_infant_psychotherapy",
        age_band="both", supervised=True, families_served=25,
    )  # fmt: skip
    Training.objects.create(**common, title="Culture, equity and the first years",
                            date=today - timedelta(days=300), hours=Decimal(20), dei=True,
                            pip=True)  # fmt: skip
    Training.objects.create(**common, title="Relationship-based practice",
                            date=today - timedelta(days=150), hours=Decimal(30))  # fmt: skip
    for month in range(13):  # monthly, the first and last a year apart
        Rsc.objects.create(**common, date=today - timedelta(days=31 * month + 5), hours=Decimal(4),
                           format="individual", provider="Pat Mentor",
                           provider_endorsement="IMHM-C")  # fmt: skip


def _rated(
    application: Application, name: str, email: str, role: str, endorsement: str, today: date
) -> None:
    """A rater asked through the site who answered through their link."""
    reference = Reference.objects.create(
        association=application.association, application=application, complete=True,
        name=name, email=email, role=role, saved_at=timezone.now(),
    )  # fmt: skip
    rating_request = request_send(reference=reference, language="en")
    items = list(RatingItem.objects.filter(association=application.association, retired=False))
    # Answered through the raters' own form, so the demo's answers have the real shape.
    form = RatingForm({
        "relationship": role, "setting": "Example Clinic", "years_known": "4",
        "endorsed": "yes" if endorsement else "no", "endorsed_category": endorsement,
        "endorsed_association": application.association.name if endorsement else "",
        "comments": f"{name} has seen Morgan's work with families for four years: steady, "
                    "curious and warm.",
        "recommendation": "recommend",
        **{item_field_name(item): "proficient" for item in items},
    }, items=items, language="en")  # fmt: skip
    assert form.is_valid(), form.errors
    rating_submit(rating_request=rating_request, answers=form.answers(), today=today)
