"""Demo endorsees, so the registry, certificates and verification pages have people in them.

They stand for endorsees an association brings over from its previous system: registered,
accepted and endorsed through the services, their applications recorded as approved.
Names and places are our own invention; idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from endorse.accounts.models import User
from endorse.applications.demo.history import reviewed_application
from endorse.applications.models import Application, Details
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant, registry_listing_set

# (email, name, language, county, category, years endorsed)
ENDORSEES = (
    ("endorsed@endorse.test", "Lucía Peña", "es", "New Haven", "IMHS", 3),
    ("daniel.okafor@example.org", "Daniel Okafor", "en", "Hartford", "IFS", 5),
    ("mei.chen@example.org", "Mei Chen", "en", "Fairfield", "ECMHS", 2),
    ("jose.nunez@example.org", "José Núñez", "es", "Hartford", "IFA", 1),
    ("hannah.lindqvist@example.org", "Hannah Lindqvist", "en", "Tolland", "IMHM-C", 8),
    ("amara.diallo@example.org", "Amara Diallo", "en", "New London", "ECFS", 4),
    ("renee.gauthier@example.org", "Renée Gauthier", "en", "Windham", "IMHS", 11),
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
        application = reviewed_application(
            association,
            person,
            coordinator,
            code=code,
            membership_number=f"R-{number:04d}",
            status=Application.Status.APPROVED,
        )
        Details.objects.filter(application=application).update(county=county)
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
