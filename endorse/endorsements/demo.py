"""Demo endorsees, so the registry, certificates and verification pages have people in them.

They stand for endorsees an association brings over from its previous system: registered,
accepted and endorsed through the services, their applications recorded as approved.
Names and places are our own invention; idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Details
from endorse.applications.services import registration_accept, registration_submit
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant, registry_listing_set
from endorse.payments.services import charge_waive, payment_record
from endorse.standards.models import Category

# (email, name, language, county, category, years endorsed)
ENDORSEES = (
    ("endorsed@endorse.test", "Lucía Peña", "es", "New Haven", "IMHS", 3),
    ("daniel.okafor@example.org", "Daniel Okafor", "en", "Hartford", "IFS", 5),
    ("mei.chen@example.org", "Mei Chen", "en", "Fairfield", "ECMHS", 2),
    ("jose.nunez@example.org", "José Núñez", "es", "Hartford", "IFA", 1),
    ("hannah.lindqvist@example.org", "Hannah Lindqvist", "en", "Tolland", "IMHM-C", 8),
    ("amara.diallo@example.org", "Amara Diallo", "en", "New London", "ECFS", 4),
    ("renee.gauthier@example.org", "Renée Gauthier", "en", "Windham", "IMHS", 6),
    ("tomas.ibanez@example.org", "Tomás Ibáñez", "es", "Middlesex", "ECFA", 1),
)


def load_registry(
    association: Association, coordinator: User, make_user: Callable[[str, str, str], User]
) -> None:
    """``make_user(email, name, lang)`` makes or finds a demo login."""
    today = association_today(association=association)
    for number, (email, name, lang, county, code, years) in enumerate(ENDORSEES, start=1):
        person = make_user(email, name, lang)
        if Endorsement.objects.filter(association=association, person=person).exists():
            continue
        registration = registration_submit(
            association=association, applicant=person, today=today,
            fields={"category": Category.objects.get(code=code),
                    "work_summary": "Years of practice with families of young children.",
                    "education_summary": "A degree in a related field.",
                    "rsc_summary": "Regular reflective supervision.",
                    "membership_number": f"R-{number:04d}",
                    "membership_expires_on": today + timedelta(days=365)},
        )  # fmt: skip
        if registration.fee is not None:
            payment_record(charge=registration.fee, method="check", reference="import",
                           received_on=today, actor=coordinator)  # fmt: skip
        application = registration_accept(registration=registration, actor=coordinator, today=today)
        if application.processing_fee is not None:
            charge_waive(charge=application.processing_fee, actor=coordinator,
                         reason="Endorsed before this system.")  # fmt: skip
        Details.objects.filter(application=application).update(county=county)
        # Endorsed before this system existed: the application is history, not work to do.
        Application.objects.filter(pk=application.pk).update(
            status=Application.Status.APPROVED, submitted_at=timezone.now()
        )
        endorsement_grant(
            application=application, issued_on=today - timedelta(days=365 * years + 30)
        )
    # One endorsee keeps their county to themselves, as anyone may.
    private = User.objects.filter(email="amara.diallo@example.org").first()
    if private is not None:
        held = set(private.endorsements.values_list("pk", flat=True))
        registry_listing_set(
            person=private, locality="New London", locality_shown=False, listed_ids=held
        )
