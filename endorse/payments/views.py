"""The coordinator's ledger (money received by fee kind and month, and every payment, on the
page or as CSV for a spreadsheet), and each payer's receipts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.spreadsheet import FormulaSafeWriter
from endorse.payments.models import Payment
from endorse.payments.receipt import receipt_number, receipt_pdf
from endorse.payments.selectors import (
    cents_text,
    ledger,
    ledger_payments,
    ledger_refunds,
    paid_twice,
    payment_of,
)

PAGE_SIZE = 100


def _year(request: HttpRequest, association: Association) -> int:
    """The year asked for (?year=2026), or this year; a year out of range is this year."""
    text = request.GET.get("year", "")
    this_year = association_today(association=association).year
    if text.isdigit() and 2000 <= int(text) <= this_year + 1:
        return int(text)
    return this_year


@require_GET
@coordinator_required
def ledger_page(request: HttpRequest, association: Association) -> HttpResponse:
    year = _year(request, association)
    page = Paginator(ledger_payments(association=association, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    this_year = association_today(association=association).year
    context: dict[str, Any] = {
        "association": association,
        "ledger": ledger(association=association, year=year),
        "page": page,
        "years": list(range(this_year, 1999, -1))[:10],
        "paid_twice": paid_twice(association=association),
    }
    return render(request, "payments/ledger.html", context)


@require_GET
@coordinator_required
def ledger_csv(request: HttpRequest, association: Association) -> HttpResponse:
    """Every payment of the year, one line each, then every refund (a negative amount, its
    reason as the reference); amounts as plain decimals, never floats. Names, references and
    reasons were typed by people: no cell can start a formula in the spreadsheet."""
    year = _year(request, association)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{association.slug}-ledger-{year}.csv"'
    writer = FormulaSafeWriter(response)
    writer.writerow([_("Received on"), _("Name"), _("Email"), _("Fee"), _("Fee code"),
                     _("Category"), _("Paid by"), _("Reference"), _("Amount"), _("Currency"),
                     _("Recorded by")])  # fmt: skip
    for payment in ledger_payments(association=association, year=year):
        charge = payment.charge
        writer.writerow([
            payment.received_on.isoformat(), charge.person.get_full_name(), charge.person.email,
            charge.get_kind_display(), charge.kind, charge.category.code,
            payment.get_method_display(), payment.reference, cents_text(payment.amount_cents),
            charge.currency, _recorder(payment),
        ])  # fmt: skip
    for refund in ledger_refunds(association=association, year=year):
        charge = refund.payment.charge
        writer.writerow([
            refund.refunded_on.isoformat(), charge.person.get_full_name(), charge.person.email,
            _("Refund: %(fee)s") % {"fee": charge.get_kind_display()}, charge.kind,
            charge.category.code, _("Refund"), refund.reason,
            cents_text(-refund.amount_cents), charge.currency, refund.recorded_by.get_full_name(),
        ])  # fmt: skip
    return response


def _recorder(payment: Payment) -> str:
    return payment.recorded_by.get_full_name() if payment.recorded_by else "Stripe"


@login_required
@require_GET
def receipt(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The payer's own receipt, as a PDF in English or Spanish."""
    found = payment_of(person=person(request), pk=pk)
    if found is None or lang not in ("en", "es"):
        raise Http404
    response = HttpResponse(receipt_pdf(found, lang=lang), content_type="application/pdf")
    name = f"receipt-{receipt_number(found)}-{lang}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
