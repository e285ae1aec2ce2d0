"""The coordinator's ledger: totals by fee kind and month, the payments, and their CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.payments.models import Charge, Payment, Refund
from endorse.payments.selectors import cents_text, ledger
from endorse.payments.services import charge_waive, payment_record
from tests.applications.conftest import World, open_application, person


def pay(world: World, charge: Charge | None, on: date, reference: str = "") -> None:
    assert charge is not None
    payment_record(charge=charge, method="check", reference=reference, received_on=on,
                   actor=world.coordinator)  # fmt: skip


def test_totals_by_fee_kind_and_month_in_whole_cents(world: World, frozen: Any) -> None:
    # The world's two registrations were paid on 2025-03-03 (20.00 each); add processing fees.
    pay(world, world.application.processing_fee, date(2025, 1, 15), "1001")
    pay(world, world.other_application.processing_fee, date(2025, 3, 1), "1002")
    third = open_application(world.ct, person("tri@example.org", "Tri Third"), world.coordinator)
    charge_waive(charge=third.processing_fee, reason="Scholarship", actor=world.coordinator)  # type: ignore[arg-type]
    result = ledger(association=world.ct, year=2025)
    by_kind = {row.kind: row for row in result.rows}
    assert list(by_kind) == ["registration", "processing"]
    assert by_kind["registration"].months[2] == 6000  # three registrations in March
    processing = world.application.processing_fee
    assert processing is not None
    assert by_kind["processing"].months[0] == processing.amount_cents
    assert result.total == 6000 + 2 * processing.amount_cents
    assert result.month_totals[2] == 6000 + processing.amount_cents
    assert result.outstanding == 0  # the third's fee was waived
    assert ledger(association=world.ct, year=2024).rows == []
    assert ledger(association=world.nm, year=2025).total == 0  # another association's books


def test_the_ledger_page_and_its_csv(world: World, frozen: Any) -> None:
    pay(world, world.application.processing_fee, date(2025, 2, 10), "CHK-7")
    client = world.client(world.coordinator)
    page = client.get("/ct/manage/ledger/?year=2025").content.decode()
    assert "Ledger 2025" in page and "CHK-7" in page and "Ana Díaz" in page
    response = client.get("/ct/manage/ledger.csv?year=2025")
    assert response["Content-Disposition"] == 'attachment; filename="ct-ledger-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Received on", "Name", "Email", "Fee", "Fee code", "Category", "Paid by",
                       "Reference", "Amount", "Currency", "Recorded by"]  # fmt: skip
    processing = world.application.processing_fee
    assert processing is not None
    assert rows[1:] == [  # newest first
        ["2025-03-03", "Olga Other", "olga@example.org", "Registration fee", "registration",
         "IMHS", "Check", "100", "20.00", "USD", "Casey Coordinator"],
        ["2025-03-03", "Ana Díaz", "ana@example.org", "Registration fee", "registration",
         "IMHS", "Check", "100", "20.00", "USD", "Casey Coordinator"],
        ["2025-02-10", "Ana Díaz", "ana@example.org", "Application processing fee",
         "processing", "IMHS", "Check", "CHK-7", cents_text(processing.amount_cents), "USD",
         "Casey Coordinator"],
    ]  # fmt: skip
    # Another association's coordinator has no access; a bad year shows this year.
    assert world.client(world.nm_coordinator).get("/ct/manage/ledger/").status_code == 403
    assert "Ledger 2025" in client.get("/ct/manage/ledger/?year=abc").content.decode()


def test_the_ledger_page_costs_the_same_queries_for_many_payments(
    world: World, frozen: Any
) -> None:
    client = world.client(world.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ct/manage/ledger/?year=2025").status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):
        application = open_application(world.ct, person(f"p{n}@example.org", f"P {n}"),
                                       world.coordinator)  # fmt: skip
        pay(world, application.processing_fee, date(2025, 3, 2))
    assert queries() == few


def test_amounts_are_written_from_whole_cents() -> None:
    assert [cents_text(c) for c in (0, 5, 3500, 123456)] == ["0.00", "0.05", "35.00", "1234.56"]


def test_the_payer_downloads_receipts_in_english_and_spanish(world: World, frozen: Any) -> None:
    import pypdf

    pay(world, world.application.processing_fee, date(2025, 2, 10), "CHK-7")
    payment = Payment.objects.get(reference="CHK-7")
    client = world.client(world.applicant)
    me = client.get("/me/").content.decode()
    assert f"/me/payments/{payment.pk}/receipt-es.pdf" in me
    texts = {}
    for lang in ("en", "es"):
        response = client.get(f"/me/payments/{payment.pk}/receipt-{lang}.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="receipt-CT-R-{payment.pk:06d}-{lang}.pdf"'
        )
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        texts[lang] = " ".join(page.extract_text() for page in reader.pages)
    processing = world.application.processing_fee
    assert processing is not None
    whole, cents = divmod(processing.amount_cents, 100)
    amounts = {
        "en": f"${whole:,}.{cents:02d}",
        "es": f"{whole:,}".replace(",", ".") + f",{cents:02d}",
    }
    for lang, text in texts.items():
        assert "Ana Díaz" in text and f"CT-R-{payment.pk:06d}" in text and "CHK-7" in text
        assert amounts[lang] in text
    assert "Receipt" in texts["en"] and "Recibo" in texts["es"]
    # Nobody else's: not another person, not the coordinator.
    for other in (world.other, world.coordinator):
        url = f"/me/payments/{payment.pk}/receipt-en.pdf"
        assert world.client(other).get(url).status_code == 404


def test_refunds_are_recorded_with_a_reason_and_leave_the_ledger(world: World, frozen: Any) -> None:
    charge = world.application.processing_fee
    assert charge is not None
    pay(world, charge, date(2025, 2, 10), "CHK-7")
    client = world.client(world.coordinator)
    url = f"/ct/manage/charges/{charge.pk}/"
    page = client.get(f"/ct/manage/applications/{world.application.pk}/").content.decode()
    assert "Record a refund" in page
    too_much = client.post(url, {"action": "refund", f"charge-{charge.pk}-amount": "9999",
                                 f"charge-{charge.pk}-reason": "Withdrew",
                                 f"charge-{charge.pk}-refunded_on": "2025-03-01"})  # fmt: skip
    assert too_much.status_code == 422
    assert (
        f"Refund between 0.01 and {cents_text(charge.amount_cents)}." in too_much.content.decode()
    )
    assert not Refund.objects.exists()
    done = client.post(url, {"action": "refund", f"charge-{charge.pk}-amount": "10.00",
                             f"charge-{charge.pk}-reason": "Withdrew before review",
                             f"charge-{charge.pk}-refunded_on": "2025-03-01"})  # fmt: skip
    assert done.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount_cents, refund.reason) == (1000, "Withdrew before review")
    result = ledger(association=world.ct, year=2025)
    assert result.rows[-1].kind == "refunds" and result.rows[-1].months[2] == -1000
    assert result.total == 4000 + charge.amount_cents - 1000
    rows = list(csv.reader(io.StringIO(
        client.get("/ct/manage/ledger.csv?year=2025").content.decode())))  # fmt: skip
    assert rows[-1] == ["2025-03-01", "Ana Díaz", "ana@example.org",
                        "Refund: Application processing fee", "processing", "IMHS", "Refund",
                        "Withdrew before review", "-10.00", "USD", "Casey Coordinator"]  # fmt: skip


def test_whether_a_fee_is_refundable_is_copied_and_shown_before_paying(
    world: World, frozen: Any
) -> None:
    from endorse.payments.models import Fee

    Fee.objects.filter(association=world.ct, kind="processing").update(refundable=True)
    applicant = person("new@example.org", "New Person")
    application = open_application(world.ct, applicant, world.coordinator)
    assert application.processing_fee is not None and application.processing_fee.refundable
    assert world.application.processing_fee is not None
    assert not world.application.processing_fee.refundable  # made before the change
    page = world.client(applicant).get("/ct/application/").content.decode()
    assert "– Due (refundable)" in page
    assert (
        "– Due (non-refundable)"
        in world.client(world.other).get("/ct/application/").content.decode()
    )
