"""Endorsed people for the registry's tests, made through the real services."""

from __future__ import annotations

from datetime import date

from endorse.accounts.models import User
from endorse.applications.models import Application, Details
from endorse.applications.services import registration_accept, registration_submit
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant
from endorse.payments.services import payment_record
from tests.applications.conftest import TODAY, World, person, registration_fields


def endorse(
    world: World,
    name: str,
    *,
    association: Association | None = None,
    county: str = "",
    code: str = "IMHS",
    user: User | None = None,
    issued_on: date = date(2025, 6, 1),
) -> Endorsement:
    """``name`` registered, accepted and endorsed for ``code`` by ``association`` (CT)."""
    association = association or world.ct
    coordinator = world.coordinator if association == world.ct else world.nm_coordinator
    slug = "".join(c for c in name.lower() if c.isalnum())
    user = user or person(f"{slug}@example.org", name)
    registration = registration_submit(
        association=association, applicant=user, fields=registration_fields(code), today=TODAY
    )
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference="1",
                   received_on=TODAY, actor=coordinator)  # fmt: skip
    application = registration_accept(registration=registration, actor=coordinator, today=TODAY)
    Details.objects.filter(application=application).update(county=county)
    # As if reviewed and approved (the review itself is tested in tests/reviews).
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    return endorsement_grant(application=application, issued_on=issued_on)
