"""The ledger CSV opens in a spreadsheet as data: what people typed (names, references,
refund reasons) can't start a formula there, and the project's own amounts stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from endorse.payments.models import Payment
from endorse.payments.services import payment_record, refund_record
from tests.applications.conftest import World, open_application, person

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_cells_that_would_start_a_formula_are_neutralised(world: World, frozen: Any) -> None:
    # Given: one applicant per hostile string, named with it, paying with it as the
    # reference on a day of their own (the CSV lists the newest first); one refund whose
    # reason is a formula.
    for day, text in enumerate(HOSTILE, start=1):
        applicant = person(f"p{day}@example.org", text)
        application = open_application(world.ct, applicant, world.coordinator)
        assert application.processing_fee is not None
        payment_record(charge=application.processing_fee, method="check", reference=text,
                       received_on=date(2025, 1, day), actor=world.coordinator)  # fmt: skip
    refunded = Payment.objects.get(reference="+1+1")
    refund_record(payment=refunded, amount_cents=250, reason="=1+2\";=1+2",
                  refunded_on=date(2025, 3, 1), actor=world.coordinator)  # fmt: skip

    # When: the coordinator downloads the CSV.
    response = world.client(world.coordinator).get("/ct/manage/ledger.csv?year=2025")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))

    # Then: each hostile name and reference starts with a ', the amounts are plain numbers,
    # and the refund (a negative amount) is still a number a spreadsheet can add up.
    amount = f"{refunded.amount_cents // 100}.{refunded.amount_cents % 100:02d}"
    by_day = {row[0]: row for row in rows[1:] if row[0].startswith("2025-01-")}
    assert [(by_day[f"2025-01-{day:02d}"][1], by_day[f"2025-01-{day:02d}"][7],
             by_day[f"2025-01-{day:02d}"][8]) for day in range(1, 7)] == [
        ('\'=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', amount),
        ("'+1+1", "'+1+1", amount),
        ("'-2+3", "'-2+3", amount),
        ("'@SUM(A1)", "'@SUM(A1)", amount),
        ("'\t=1", "'=1", amount),  # payment_record trims a reference's spaces, tabs and CRs
        ("'\r=1", "'=1", amount),
    ]  # fmt: skip
    assert rows[-1] == ["2025-03-01", "'+1+1", "p2@example.org",
                        "Refund: Application processing fee", "processing", "IMHS", "Refund",
                        "'=1+2\";=1+2", "-2.50", "USD", "Casey Coordinator"]  # fmt: skip
    # Every cell is in double quotes (a ";" can't start a cell in a spreadsheet that splits
    # on it), with the quotes inside doubled: OWASP's own example.
    assert '"\'=1+2"";=1+2"' in text
    assert text.startswith('"Received on","Name","Email",')
