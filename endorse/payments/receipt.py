"""A receipt for one payment: a one-page PDF in English or Spanish (fpdf2 and the DejaVu
font of every PDF here, ``core.pdf``, so any name prints)."""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from endorse.associations.models import Association
from endorse.core.pdf import FONT, INK, draw_logo, finish, new_pdf
from endorse.payments.models import EmployerPayment, Payment
from endorse.payments.money import format_money


def receipt_number(payment: Payment) -> str:
    return f"{payment.association.slug.upper()}-R-{payment.pk:06d}"


def _start(association: Association) -> FPDF:
    """A page with the association's logo, "Receipt" and its address."""
    pdf = new_pdf(author=association.name)
    pdf.add_page()
    pdf.set_text_color(*INK)
    draw_logo(pdf, association.logo, x=20, y=18, h=18)
    pdf.set_xy(20, 42)
    pdf.set_font(FONT, "B", 20)
    pdf.cell(0, 10, _("Receipt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.set_x(20)
    pdf.multi_cell(0, 6, association.name, new_x="LMARGIN", new_y="NEXT")
    for line in (association.address, association.contact_email):
        if line:
            pdf.set_x(20)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    return pdf


def _rows(pdf: FPDF, rows: tuple[tuple[str, str], ...], width: int = 55) -> None:
    for label, value in rows:
        pdf.set_x(20)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(width, 8, label)
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")


def _finish(pdf: FPDF, number: str, lang: str) -> bytes:
    pdf.ln(8)
    pdf.set_x(20)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, _("Thank you. Keep this receipt for your records."))
    return finish(pdf, title=_("Receipt") + f" {number}", lang=lang)


def _method(method: str, reference: str) -> str:
    return f"{method} ({reference})" if reference else method


def receipt_pdf(payment: Payment, *, lang: str) -> bytes:
    """The receipt of ``payment`` in ``lang``."""
    charge, association = payment.charge, payment.association
    with translation.override(lang):
        pdf = _start(association)
        batch = payment.employer_payment
        # The row is labelled "Paid by": its value names the payer or the means, once.
        if batch is not None:
            paid_by = _method(batch.employer, batch.reference)
        elif payment.method == Payment.Method.EMPLOYER:
            paid_by = payment.reference or _("the employer")
        else:
            paid_by = _method(payment.get_method_display(), payment.reference)
        _rows(pdf, (
            (_("Receipt number"), receipt_number(payment)),
            (_("Received on"), date_format(payment.received_on, "DATE_FORMAT")),
            (_("Received from"), batch.employer if batch else charge.person.get_full_name()),
            (_("For"), f"{charge.get_kind_display()} – {charge.category.code}"),
            (_("Paid by"), paid_by),
            (_("Amount"), format_money(payment.amount_cents, charge.currency, lang)),
        ))  # fmt: skip
        if batch is not None:
            _rows(pdf, ((_("On behalf of"), charge.person.get_full_name()),))
        return _finish(pdf, receipt_number(payment), lang)


def employer_receipt_number(batch: EmployerPayment) -> str:
    return f"{batch.association.slug.upper()}-E-{batch.pk:06d}"


def employer_receipt_pdf(batch: EmployerPayment, *, lang: str) -> bytes:
    """One receipt for an employer's payment, with a line for each person's fee."""
    association = batch.association
    with translation.override(lang):
        pdf = _start(association)
        currency = association.currency
        _rows(pdf, (
            (_("Receipt number"), employer_receipt_number(batch)),
            (_("Received on"), date_format(batch.received_on, "DATE_FORMAT")),
            (_("Received from"), batch.employer),
            (_("Paid by"), _method(batch.get_method_display(), batch.reference)),
            (_("Amount"), format_money(batch.amount_cents, currency, lang)),
        ))  # fmt: skip
        pdf.ln(4)
        pdf.set_x(20)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 8, _("Fees paid"), new_x="LMARGIN", new_y="NEXT")
        for payment in batch.payments.all():
            charge = payment.charge
            _rows(pdf, ((
                format_money(payment.amount_cents, currency, lang),
                f"{charge.person.get_full_name()}: {charge.get_kind_display()} – "
                f"{charge.category.code}",
            ),), width=35)  # fmt: skip
        return _finish(pdf, employer_receipt_number(batch), lang)
