"""Reads about money."""

from __future__ import annotations

from datetime import date

from endorse.associations.models import Association
from endorse.payments.models import Charge, Fee
from endorse.standards.models import Category


def fee_in_force(
    *, association: Association, kind: str, category: Category, on: date
) -> Fee | None:
    return (
        Fee.objects.filter(
            association=association, kind=kind, category=category, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )


def fee_schedule(*, association: Association, on: date) -> dict[str, dict[str, int]]:
    """``{category code: {fee kind: cents}}`` in force on ``on``, for the public page."""
    schedule: dict[str, dict[str, int]] = {}
    rows = (
        Fee.objects.filter(association=association, effective_from__lte=on)
        .select_related("category")
        .order_by("kind", "category", "-effective_from")
    )
    for fee in rows:
        schedule.setdefault(fee.category.code, {}).setdefault(fee.kind, fee.amount_cents)
    return schedule


def charge_is_settled(charge: Charge | None) -> bool:
    """No charge (the association charges nothing) counts as settled."""
    return charge is None or charge.settled
