"""Endorsees with renewals to make, and the steps of making one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from endorse.accounts.models import User
from endorse.applications.later import application_add_category
from endorse.applications.models import Agreement, Application
from endorse.applications.selectors import agreements_in_force
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant
from endorse.payments.services import payment_record
from endorse.renewals.models import Renewal
from endorse.renewals.services import (
    ethics_sign,
    renewal_details_save,
    renewal_open,
    rsc_add,
    training_add,
)
from endorse.standards.models import Category
from tests.applications.conftest import World, frozen, world  # noqa: F401 - shared fixtures
from tests.endorsements.conftest import empty_cache  # noqa: F401 - shared fixture
from tests.endorsements.helpers import endorse


def travel(traveller: Any, day: str, hour: int = 17) -> None:
    """To ``day`` at ``hour`` UTC (midday in the associations' time zones)."""
    traveller.move_to(f"{day} {hour:02d}:00:00+00:00")


def endorsed(
    people: World,
    name: str,
    *,
    code: str = "IMHS",
    issued_on: date = date(2025, 6, 1),
    association: Association | None = None,
    user: User | None = None,
) -> Endorsement:
    """Endorsed on ``issued_on`` (the application never submitted: the first yearly renewal
    is due at the end of the year after it)."""
    return endorse(people, name, code=code, issued_on=issued_on, association=association,
                   user=user)  # fmt: skip


def add_category(endorsement: Endorsement, code: str, issued_on: date) -> Endorsement:
    """The endorsee applies for another category at the same association and is endorsed."""
    application = application_add_category(
        association=endorsement.association,
        person=endorsement.person,
        category=Category.objects.get(code=code),
        today=issued_on,
    )
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    return endorsement_grant(application=application, issued_on=issued_on)


def code_of_ethics(association: Association, on: date) -> Agreement:
    return agreements_in_force(association=association, on=on)[Agreement.Kind.CODE_OF_ETHICS]


def fill(
    renewal: Renewal,
    *,
    year: int = 2026,
    training_hours: str = "15",
    rsc_hours: str = "12",
    attest: bool = False,
) -> Renewal:
    """Everything a yearly IMHS renewal needs, with hours dated in ``year``."""
    training_add(renewal=renewal, fields={"title": "Attachment", "date": date(year, 3, 1),
                                          "hours": Decimal(training_hours), "dei": True})  # fmt: skip
    rsc_add(renewal=renewal, fields={"date": date(year, 4, 1), "hours": Decimal(rsc_hours),
                                     "format": "individual", "provider": "Rita Provider",
                                     "provider_endorsement": "IMHM-C"})  # fmt: skip
    renewal_details_save(
        renewal=renewal,
        fields={"membership_expires_on": date(year + 1, 12, 31), "hours_attested": attest},
    )
    return ethics_sign(renewal=renewal, agreement=code_of_ethics(renewal.association,
                       date(year, 1, 1)), signed_name="Ana Díaz", no_sanction=True)  # fmt: skip


def prepared(endorsement: Endorsement, **options: Any) -> Renewal:
    renewal = renewal_open(association=endorsement.association, person=endorsement.person)
    return fill(renewal, **options)


def pay_all(renewal: Renewal, actor: User, on: date) -> None:
    for charge in renewal.charges.all():
        payment_record(charge=charge, method="check", reference="77", received_on=on,
                       actor=actor)  # fmt: skip
