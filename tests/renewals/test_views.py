"""The renewal pages as the endorsee and the coordinator use them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from endorse.renewals.models import Renewal, RenewalTraining
from endorse.renewals.services import renewal_submit
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed, prepared, travel


def signed_in(world: World, user: Any) -> Client:
    return world.client(user)  # a fresh session: time travel outlives the last one


def page(client: Client, url: str = "/ct/renewal/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_endorsee_renews_through_the_page(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-09-20")
    client = signed_in(world, endorsement.person)
    text = page(client, "/me/")
    assert "Next renewal due on Dec. 31, 2026." in text
    text = page(client)
    assert "Start my renewal" in text and "From Oct. 1, 2026" in text
    assert client.post("/ct/renewal/start/").status_code == 302
    renewal = Renewal.objects.get(person=endorsement.person)

    # Bad input: said next to the field, nothing saved.
    bad = client.post("/ct/renewal/training/", {"training-title": "Attachment",
                      "training-date": "2026-03-01", "training-hours": "0"})  # fmt: skip
    assert bad.status_code == 422
    assert "Hours must be more than 0." in bad.content.decode()
    assert 'value="Attachment"' in bad.content.decode()  # what was typed is kept
    before = client.post("/ct/renewal/training/", {"training-title": "Old",
                         "training-date": "2025-12-31", "training-hours": "3"})  # fmt: skip
    assert before.status_code == 422
    assert "Only hours from Jan. 1, 2026 to Dec. 31, 2026 count for this renewal." in (
        before.content.decode()
    )
    assert not RenewalTraining.objects.exists()

    for url, data in (
        ("/ct/renewal/training/", {"training-title": "Attachment", "training-date": "2026-03-01",
                                   "training-hours": "15", "training-dei": "on"}),
        ("/ct/renewal/rsc/", {"rsc-date": "2026-04-01", "rsc-hours": "12",
                              "rsc-format": "individual", "rsc-provider": "Rita Provider",
                              "rsc-provider_endorsement": "IMHM-C"}),
        ("/ct/renewal/details/", {"details-membership_number": "M-9",
                                  "details-membership_expires_on": "2027-06-30"}),
        ("/ct/renewal/ethics/", {"ethics-signed_name": "Rosa Ruiz", "ethics-no_sanction": "on"}),
    ):  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    text = page(client)
    assert "Ready to send." in text
    assert "15 hours of in-service training (at least 15 needed)" in text
    assert "Due when you send your renewal:" in text and "Renewal fee: $35.00" in text

    # Before the window opens the renewal can't be sent.
    client.post("/ct/renewal/submit/")
    assert "Renewals for this period can be sent from Oct. 1, 2026." in page(client)
    travel(frozen, "2026-10-02")
    client = signed_in(world, endorsement.person)
    assert client.post("/ct/renewal/submit/").status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "submitted"
    text = page(client)
    assert "Your renewal is with the coordinator." in text
    assert "Renewal fee: $35.00 · Due" in text

    # The coordinator records the fee and approves.
    coordinator = signed_in(world, world.coordinator)
    overview = page(coordinator, "/ct/manage/renewals/")
    assert "Rosa Ruiz" in overview and "Waiting for your decision (1)" in overview
    detail = page(coordinator, f"/ct/manage/renewals/{renewal.pk}/")
    assert "Attachment" in detail and "Rita Provider (IMHM-C)" in detail
    charge = renewal.charges.get()
    paid = coordinator.post(f"/ct/manage/charges/{charge.pk}/", {
        "action": "pay", f"charge-{charge.pk}-method": "check",
        f"charge-{charge.pk}-received_on": "2026-10-02"})  # fmt: skip
    assert paid.url == f"/ct/manage/renewals/{renewal.pk}/"
    approved = coordinator.post(f"/ct/manage/renewals/{renewal.pk}/decide/",
                                {"decision": "approve"})  # fmt: skip
    assert approved.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.next_due_on == date(2027, 12, 31)
    assert "Next renewal due on Dec. 31, 2027." in page(client, "/me/")


def test_returning_a_renewal_needs_a_reason_said_next_to_the_field(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-10-02")
    renewal = renewal_submit(renewal=prepared(endorsement), on=date(2026, 10, 2))
    coordinator = signed_in(world, world.coordinator)
    url = f"/ct/manage/renewals/{renewal.pk}/decide/"
    empty = coordinator.post(url, {"decision": "return", "return-reason": " "})
    assert empty.status_code == 422
    assert "This field is required." in empty.content.decode()
    renewal.refresh_from_db()
    assert renewal.status == "submitted"
    coordinator.post(url, {"decision": "return", "return-reason": "Add the DEI certificate."})
    renewal.refresh_from_db()
    assert (renewal.status, renewal.return_reason) == ("returned", "Add the DEI certificate.")
    text = page(signed_in(world, endorsement.person))
    assert "Returned for changes" in text and "Add the DEI certificate." in text


def test_the_page_in_spanish(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    endorsement.person.preferred_language = "es"
    endorsement.person.save()
    travel(frozen, "2026-10-02")
    prepared(endorsement)
    client = signed_in(world, endorsement.person)
    client.cookies["django_language"] = "es"
    text = client.get("/ct/renewal/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Renovación del Endorsement®" in text
    assert "horas de capacitación en servicio" in text


def test_the_overview_costs_the_same_queries_for_many_renewals(world: World, frozen: Any) -> None:
    travel(frozen, "2026-10-02")

    def queries() -> int:
        client = signed_in(world, world.coordinator)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ct/manage/renewals/").status_code == 200
        return len(captured)

    for n in range(2):
        renewal_submit(renewal=prepared(endorsed(world, f"A {n}")), on=date(2026, 10, 2))
        endorsed(world, f"B {n}")
    few = queries()
    for n in range(2, 6):
        renewal_submit(renewal=prepared(endorsed(world, f"A {n}")), on=date(2026, 10, 2))
        endorsed(world, f"B {n}")
    overview = signed_in(world, world.coordinator).get("/ct/manage/renewals/").content.decode()
    assert "<title>Renewals · CT Assoc</title>" in overview  # the title holds only words
    assert "Waiting for your decision (6)" in overview
    assert "Due, not sent yet (6)" in overview
    assert queries() == few
