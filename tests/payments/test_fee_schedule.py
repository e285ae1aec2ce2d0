"""The coordinator's fee schedule: lines from a day on, what is in force, upcoming lines
removed, and charges keeping the amount they were made with."""

from __future__ import annotations

from datetime import date
from typing import Any

from endorse.payments.models import Fee
from endorse.payments.selectors import fee_schedule_lines
from endorse.payments.services import charge_open
from endorse.standards.models import Category
from tests.applications.conftest import World


def add(client: Any, **values: str) -> Any:
    data = {"action": "add", "kind": "processing", "category": "", "amount": "250.00",
            "effective_from": "2025-07-01", "refundable": "on"} | values  # fmt: skip
    return client.post("/ct/manage/fees/", data)


def test_a_fee_change_applies_to_new_charges_only(world: World) -> None:
    imhs = Category.objects.get(code="IMHS")
    client = world.client(world.coordinator)
    before = charge_open(association=world.ct, person=world.other, kind="processing",
                         category=imhs, on=date(2025, 3, 3))  # fmt: skip
    assert before is not None
    response = add(client, category=str(imhs.pk))
    assert response.status_code == 302
    line = Fee.objects.get(association=world.ct, kind="processing", category=imhs,
                           effective_from=date(2025, 7, 1))  # fmt: skip
    assert (line.amount_cents, line.refundable) == (25000, True)
    after = charge_open(association=world.ct, person=world.other, kind="processing",
                        category=imhs, on=date(2025, 7, 1))  # fmt: skip
    assert after is not None and (after.amount_cents, after.refundable) == (25000, True)
    before.refresh_from_db()
    assert before.amount_cents != 25000  # the fee already due keeps its amount
    states = {(x.fee.kind, x.fee.effective_from, x.state) for x in
              fee_schedule_lines(association=world.ct, on=date(2025, 3, 3)) if x.fee.category == imhs}  # fmt: skip
    assert ("processing", date(2025, 7, 1), "upcoming") in states
    assert ("processing", before_line(world, imhs).effective_from, "in_force") in states
    page = client.get("/ct/manage/fees/").content.decode()
    assert "Upcoming" in page and "$250.00" in page


def before_line(world: World, category: Category) -> Fee:
    return Fee.objects.filter(association=world.ct, kind="processing", category=category,
                              effective_from__lte=date(2025, 3, 3)).order_by("-effective_from")[0]  # fmt: skip


def test_bad_lines_are_refused_next_to_the_field(world: World) -> None:
    imhs = Category.objects.get(code="IMHS")
    client = world.client(world.coordinator)
    assert add(client, category=str(imhs.pk), effective_from="2025-07-01").status_code == 302
    count = Fee.objects.count()
    response = add(client, category=str(imhs.pk), effective_from="2025-07-01", amount="300.00")
    assert response.status_code == 422
    assert "already has a line from that day" in response.content.decode()
    response = add(client, category=str(imhs.pk), amount="-1")
    assert response.status_code == 422
    nm_only = Category.objects.exclude(offering__association=world.ct).first()
    if nm_only is not None:
        assert add(client, category=str(nm_only.pk)).status_code == 422
    assert Fee.objects.count() == count


def test_only_upcoming_lines_can_be_removed(world: World) -> None:
    imhs = Category.objects.get(code="IMHS")
    client = world.client(world.coordinator)
    add(client, category=str(imhs.pk))
    upcoming = Fee.objects.get(effective_from=date(2025, 7, 1))
    in_force = before_line(world, imhs)
    response = client.post(
        "/ct/manage/fees/", {"action": "remove", "fee": in_force.pk}, follow=True
    )
    assert "A line already in force" in response.content.decode()
    assert Fee.objects.filter(pk=in_force.pk).exists()
    # Another association's coordinator can't touch ct's lines, even through their own page.
    other = world.client(world.nm_coordinator)
    other.post("/nm/manage/fees/", {"action": "remove", "fee": upcoming.pk})
    assert Fee.objects.filter(pk=upcoming.pk).exists()
    client.post("/ct/manage/fees/", {"action": "remove", "fee": upcoming.pk})
    assert not Fee.objects.filter(pk=upcoming.pk).exists()


def count_queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_payment_list_pages_take_the_same_queries_however_long(world: World) -> None:
    from tests.applications.conftest import open_application, person
    from tests.payments.test_employer_and_refunds import record

    coordinator = world.client(world.coordinator)
    applicant = world.client(world.applicant)
    pages = {"/me/payments/": applicant, "/ct/manage/payments/employer/": coordinator,
             "/ct/manage/fees/": coordinator, "/ct/manage/ledger/": coordinator}  # fmt: skip
    more = [open_application(world.ct, person(f"q{i}@example.org", f"Q {i}"), world.coordinator)
            for i in range(6)]  # fmt: skip
    fees = [a.processing_fee for a in more]
    record(world, fees[:1], fees[0].amount_cents)  # type: ignore[union-attr]
    own = world.application.processing_fee
    assert own is not None
    record(world, [own], own.amount_cents)
    before = {url: count_queries(client, url) for url, client in pages.items()}
    record(world, fees[1:3], sum(f.amount_cents for f in fees[1:3]))  # type: ignore[union-attr]
    record(world, fees[3:4], fees[3].amount_cents)  # type: ignore[union-attr]
    imhs = Category.objects.get(code="IMHS")
    third = charge_open(association=world.ct, person=world.applicant, kind="renewal",
                        category=imhs, on=date(2025, 3, 3))  # fmt: skip
    assert third is not None
    record(world, [third], third.amount_cents)  # the applicant's third payment
    Fee.objects.create(association=world.ct, kind="exam", category=imhs, amount_cents=5000,
                       effective_from=date(2025, 6, 1))  # fmt: skip
    after = {url: count_queries(client, url) for url, client in pages.items()}
    assert after == before


def test_a_line_can_not_start_in_the_past(world: World) -> None:
    imhs = Category.objects.get(code="IMHS")
    client = world.client(world.coordinator)
    response = add(client, category=str(imhs.pk), effective_from="2025-03-02")
    assert (
        response.status_code == 422 and "Choose today or a later day." in response.content.decode()
    )
    # A line from today can be taken back while nothing was charged with it...
    assert (
        add(client, kind="exam", category=str(imhs.pk), effective_from="2025-03-03").status_code
        == 302
    )
    today_line = Fee.objects.get(effective_from=date(2025, 3, 3), kind="exam", category=imhs)
    client.post("/ct/manage/fees/", {"action": "remove", "fee": today_line.pk})
    assert not Fee.objects.filter(pk=today_line.pk).exists()
    # ...but not once a fee of its kind was charged today (processing fees were).
    assert add(client, category=str(imhs.pk), effective_from="2025-03-03").status_code == 302
    charged = Fee.objects.get(effective_from=date(2025, 3, 3), kind="processing", category=imhs)
    client.post("/ct/manage/fees/", {"action": "remove", "fee": charged.pk})
    assert Fee.objects.filter(pk=charged.pk).exists()
