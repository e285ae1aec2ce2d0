"""The ledger's "paid twice" reads only the fees with two payments or more (or waived
and paid), found by one GROUP BY ... HAVING: the same few queries however many fees were
paid once; the totals by month are added up from sums by day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.payments.models import Charge, Payment
from endorse.payments.selectors import ledger, paid_twice
from endorse.payments.services import charge_waive, refund_record
from endorse.standards.models import Category
from tests.applications.conftest import World


def paid_once(world: World, count: int) -> list[Charge]:
    """``count`` fees of 20.00 paid by check on 2 February 2025 (one a fee)."""
    category = Category.objects.get(code="IMHS")
    charges = Charge.objects.bulk_create(
        Charge(association=world.ct, person=world.other, kind="processing", category=category,
               amount_cents=2000, currency="USD", status="paid")
        for _ in range(count)
    )  # fmt: skip
    Payment.objects.bulk_create(
        Payment(association=world.ct, charge=c, method="check", amount_cents=2000,
                received_on=date(2025, 2, 2), recorded_by=world.coordinator)
        for c in charges
    )  # fmt: skip
    return charges


def again(world: World, charge: Charge, method: str = "card") -> Payment:
    return Payment.objects.create(association=world.ct, charge=charge, method=method,
                                  amount_cents=charge.amount_cents, received_on=date(2025, 3, 1))  # fmt: skip


def counted(world: World) -> tuple[list[Charge], int]:
    with CaptureQueriesContext(connection) as captured:
        found = paid_twice(association=world.ct)
    return found, len(captured)


def test_paid_twice_costs_the_same_queries_for_5_as_for_60_fees(world: World, frozen: Any) -> None:
    first, waived = paid_once(world, 5)[:2]
    again(world, first, method="paypal")
    charge_waive(charge=world.application.processing_fee, reason="Grant",  # type: ignore[arg-type]
                 actor=world.coordinator)  # fmt: skip
    Charge.objects.filter(pk=waived.pk).update(status="waived")  # waived after its check
    found, few = counted(world)
    assert found == [first, waived]
    more = paid_once(world, 55)
    again(world, more[-1])
    found, many = counted(world)
    assert (found, many) == ([first, waived, more[-1]], few)
    refund_record(payment=Payment.objects.get(charge=first, method="paypal"), amount_cents=2000,
                  reason="Paid twice", refunded_on=date(2025, 3, 3), actor=world.coordinator)  # fmt: skip
    assert paid_twice(association=world.ct) == [waived, more[-1]]
    assert paid_twice(association=world.nm) == []


def test_the_ledger_adds_the_days_up_by_month(world: World, frozen: Any) -> None:
    paid_once(world, 3)
    again(world, paid_once(world, 1)[0], method="check")
    with CaptureQueriesContext(connection) as captured:
        result = ledger(association=world.ct, year=2025)
    assert len(captured) == 3
    processing = next(row for row in result.rows if row.kind == "processing")
    assert processing.months[:4] == [0, 4 * 2000, 2000, 0]
    assert processing.total == 5 * 2000
