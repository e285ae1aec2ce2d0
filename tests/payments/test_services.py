"""Charges take the fee in force on the day; settling is recorded once, with who and how."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from endorse.accounts.models import User
from endorse.associations.services import association_upsert
from endorse.payments.models import Charge, Fee, Payment
from endorse.payments.money import format_money
from endorse.payments.services import charge_open, charge_waive, payment_record
from endorse.standards.models import Category
from endorse.standards.services import baseline_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup() -> tuple[object, Category, User]:
    baseline_sync()
    association = association_upsert(slug="ct", offered=["IMHS"], name="CT")
    imhs = Category.objects.get(code="IMHS")
    Fee.objects.create(association=association, kind="processing", category=imhs,
                       amount_cents=20000, effective_from=date(2025, 1, 1))  # fmt: skip
    Fee.objects.create(association=association, kind="processing", category=imhs,
                       amount_cents=22500, effective_from=date(2026, 7, 1))  # fmt: skip
    person = User.objects.create_user("p@example.org", "pw")
    return association, imhs, person


def test_a_charge_takes_the_fee_in_force_that_day(setup: tuple) -> None:
    association, imhs, person = setup
    before = charge_open(association=association, person=person, kind="processing",
                         category=imhs, on=date(2026, 6, 30))  # fmt: skip
    after = charge_open(association=association, person=person, kind="processing",
                        category=imhs, on=date(2026, 7, 1))  # fmt: skip
    assert (before.amount_cents, after.amount_cents) == (20000, 22500)
    assert (before.status, before.currency) == ("due", "USD")
    # A later fee change leaves what is already due alone.
    Fee.objects.filter(amount_cents=20000).update(amount_cents=30000)
    before.refresh_from_db()
    assert before.amount_cents == 20000


def test_no_fee_in_the_schedule_means_no_charge(setup: tuple) -> None:
    association, imhs, person = setup
    assert charge_open(association=association, person=person, kind="registration",
                       category=imhs, on=date(2026, 1, 1)) is None  # fmt: skip
    assert charge_open(association=association, person=person, kind="processing",
                       category=imhs, on=date(2024, 12, 31)) is None  # fmt: skip


@time_machine.travel("2026-08-01 12:00:00+00:00", tick=False)
def test_recording_a_payment_settles_the_charge_once(setup: tuple) -> None:
    association, imhs, person = setup
    charge = charge_open(association=association, person=person, kind="processing",
                         category=imhs, on=date(2026, 8, 1))  # fmt: skip
    payment = payment_record(charge=charge, method="check", reference=" 1042 ",
                             received_on=date(2026, 7, 30), actor=person)  # fmt: skip
    charge.refresh_from_db()
    assert (charge.status, charge.settled_by, charge.settled) == ("paid", person, True)
    assert (payment.amount_cents, payment.reference, payment.method) == (22500, "1042", "check")
    with pytest.raises(ValidationError, match="already settled"):
        payment_record(charge=charge, method="paypal", reference="x",
                       received_on=date(2026, 7, 30), actor=person)  # fmt: skip
    assert Payment.objects.count() == 1


@time_machine.travel("2026-08-01 12:00:00+00:00", tick=False)
def test_a_payment_dated_in_the_future_is_refused(setup: tuple) -> None:
    association, imhs, person = setup
    charge = charge_open(association=association, person=person, kind="processing",
                         category=imhs, on=date(2026, 8, 1))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        payment_record(charge=charge, method="check", reference="1",
                       received_on=date(2026, 8, 2), actor=person)  # fmt: skip
    assert error.value.message_dict == {"received_on": ["The date can't be in the future."]}
    charge.refresh_from_db()
    assert (charge.status, Payment.objects.count()) == ("due", 0)


def test_a_waiver_needs_a_reason_and_is_kept(setup: tuple) -> None:
    association, imhs, person = setup
    charge = charge_open(association=association, person=person, kind="processing",
                         category=imhs, on=date(2026, 8, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        charge_waive(charge=charge, reason="  ", actor=person)
    assert Charge.objects.get().status == "due"
    charge_waive(charge=charge, reason="Scholarship 2026", actor=person)
    charge.refresh_from_db()
    assert (charge.status, charge.waiver_reason) == ("waived", "Scholarship 2026")


def test_amounts_show_in_the_readers_language() -> None:
    assert format_money(22500, "USD", "en") == "$225.00"
    assert format_money(22500, "USD", "es") == "225,00\xa0US$"  # the decimal comma of es pages
    assert format_money(125050, "USD", "es") == "1.250,50\xa0US$"
    assert format_money(1999, "EUR", "en") == "€19.99"


def test_a_free_fee_is_settled_from_the_start(setup: tuple) -> None:
    association, imhs, person = setup
    Fee.objects.create(association=association, kind="registration", category=imhs,
                       amount_cents=0, effective_from=date(2025, 1, 1))  # fmt: skip
    charge = charge_open(association=association, person=person, kind="registration",
                         category=imhs, on=date(2026, 1, 1))  # fmt: skip
    assert (charge.amount_cents, charge.status, charge.settled) == (0, "paid", True)
    assert charge.settled_at is not None


def test_the_future_starts_at_midnight_in_the_associations_time_zone(setup: tuple) -> None:
    association, imhs, person = setup
    association.time_zone = "America/New_York"
    association.save()
    charge = charge_open(association=association, person=person, kind="processing",
                         category=imhs, on=date(2026, 8, 1))  # fmt: skip
    # 02:00 UTC on 2 August is still 1 August in Connecticut.
    with time_machine.travel("2026-08-02 02:00:00+00:00", tick=False):
        with pytest.raises(ValidationError):
            payment_record(charge=charge, method="check", reference="1",
                           received_on=date(2026, 8, 2), actor=person)  # fmt: skip
        payment_record(charge=charge, method="check", reference="1",
                       received_on=date(2026, 8, 1), actor=person)  # fmt: skip
    charge.refresh_from_db()
    assert charge.status == "paid"
