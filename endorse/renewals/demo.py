"""Demo renewals and statuses, so every page of an endorsement's life has something in it:
a renewal being prepared, one waiting for the coordinator, a lapsed, an inactive and an
Emeritus endorsee, and a request to answer. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from endorse.accounts.models import User
from endorse.applications.models import Agreement
from endorse.applications.selectors import agreements_in_force
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.eligibility.renewal import add_years, period_due_on_or_after
from endorse.endorsements.lifecycle import status_request
from endorse.endorsements.models import Endorsement, EndorsementEvent, StatusRequest
from endorse.endorsements.services import status_change
from endorse.renewals.models import Renewal
from endorse.renewals.selectors import renewal_policy
from endorse.renewals.services import (
    ethics_sign,
    renewal_details_save,
    renewal_open,
    renewal_submit,
    rsc_add,
    training_add,
)


def load_lifecycle(association: Association, coordinator: User) -> None:
    if Renewal.objects.filter(association=association).exists():
        return
    today = association_today(association=association)
    current = period_due_on_or_after(renewal_policy(association=association), today)
    # Brought over from the previous system with their renewals kept up to date.
    Endorsement.objects.filter(association=association, status="active").update(
        next_due_on=current.due,
        next_period_starts=current.starts,
        next_period_years=current.years,
    )
    held = {
        e.person.email: e
        for e in Endorsement.objects.filter(association=association).select_related("person")
    }
    _renewal(held["endorsed@endorse.test"], today, hours=Decimal("9"), send=False)
    if current.is_open(today):
        _renewal(held["daniel.okafor@example.org"], today, hours=Decimal("16"), send=True)
    status_change(endorsement=held["tomas.ibanez@example.org"], to="lapsed",
                  kind=EndorsementEvent.Kind.LAPSED, actor=None)  # fmt: skip
    inactive = status_change(endorsement=held["mei.chen@example.org"], to="inactive",
                             kind=EndorsementEvent.Kind.INACTIVE, actor=coordinator,
                             reason="Parental leave.")  # fmt: skip
    inactive.inactive_until = add_years(today, 1)
    inactive.save(update_fields=["inactive_until"])
    status_change(endorsement=held["renee.gauthier@example.org"], to="emeritus",
                  kind=EndorsementEvent.Kind.EMERITUS, actor=coordinator,
                  reason="Retired from clinical practice.")  # fmt: skip
    status_request(endorsement=held["jose.nunez@example.org"], kind=StatusRequest.Kind.INACTIVE,
                   on=today, reason="Caring for a parent abroad for six months.",
                   until=today + timedelta(days=180))  # fmt: skip


def _renewal(endorsement: Endorsement, today: date, *, hours: Decimal, send: bool) -> None:
    renewal = renewal_open(association=endorsement.association, person=endorsement.person)

    def day(offset: int) -> date:  # within the period, never after today
        return min(renewal.period_starts + timedelta(days=offset), today)

    training_add(
        renewal=renewal,
        fields={"title": "Relationship-based practice", "date": day(40), "hours": hours,
                "dei": False, "rsc_provision": False},
    )  # fmt: skip
    training_add(
        renewal=renewal,
        fields={"title": "Equity in home visiting", "date": day(90), "hours": Decimal("2"),
                "dei": True, "rsc_provision": False},
    )  # fmt: skip
    rsc_add(
        renewal=renewal,
        fields={"date": day(60), "hours": hours, "format": "group",
                "provider": "Hannah Lindqvist", "provider_endorsement": "IMHM-C"},
    )  # fmt: skip
    renewal_details_save(
        renewal=renewal,
        fields={"membership_number": "R-0001",
                "membership_expires_on": renewal.due_on + timedelta(days=180)},
    )  # fmt: skip
    ethics = agreements_in_force(association=endorsement.association, on=renewal.period_starts)
    agreement = ethics.get(Agreement.Kind.CODE_OF_ETHICS)
    if agreement is not None:
        ethics_sign(renewal=renewal, agreement=agreement,
                    signed_name=endorsement.person.get_full_name(), no_sanction=True)  # fmt: skip
    if send:
        renewal_submit(renewal=renewal, on=today)
