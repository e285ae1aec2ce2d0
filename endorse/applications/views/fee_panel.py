"""The forms of a fee's panel on the coordinator's pages (registrations, applications, exams,
renewals)."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.applications.forms import PaymentForm, RefundForm, WaiveForm
from endorse.payments.models import Charge


def fee_forms(charge: Charge | None, today: date) -> dict[str, Any]:
    """The forms of a fee's panel: pay or waive while due; refund once money came in (a
    waived fee can have been paid by card too)."""
    if charge is None:
        return {}
    prefix = f"charge-{charge.pk}"
    if charge.status != Charge.Status.DUE:
        received = len(charge.payments.all()) > 0  # prefetched by the pages that list fees
        return (
            {"refund_form": RefundForm(prefix=prefix, initial={"refunded_on": today})}
            if received
            else {}
        )
    return {
        "payment_form": PaymentForm(prefix=prefix, initial={"received_on": today}),
        "waive_form": WaiveForm(prefix=prefix),
    }
