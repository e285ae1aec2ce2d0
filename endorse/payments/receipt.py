"""A receipt for one payment: a one-page PDF in English or Spanish (fpdf2 and the DejaVu
font the certificate uses, so any name prints)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from endorse.endorsements.certificate import FONTS, INK
from endorse.payments.models import Payment
from endorse.payments.money import format_money


def receipt_number(payment: Payment) -> str:
    return f"{payment.association.slug.upper()}-R-{payment.pk:06d}"


def receipt_pdf(payment: Payment, *, lang: str) -> bytes:
    """The receipt of ``payment`` in ``lang``."""
    charge, association = payment.charge, payment.association
    with translation.override(lang):
        pdf = FPDF(unit="mm", format="letter")
        pdf.set_creator("Endorse")
        pdf.set_author(association.name)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        pdf.set_text_color(*INK)
        if association.logo:
            with association.logo.open("rb") as stored:
                pdf.image(io.BytesIO(stored.read()), x=20, y=18, h=18, keep_aspect_ratio=True)
        pdf.set_xy(20, 42)
        pdf.set_font("DejaVu", "B", 20)
        pdf.cell(0, 10, _("Receipt"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.set_x(20)
        pdf.multi_cell(0, 6, association.name, new_x="LMARGIN", new_y="NEXT")
        for line in (association.address, association.contact_email):
            if line:
                pdf.set_x(20)
                pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        method = payment.get_method_display()
        if payment.reference:
            method = f"{method} ({payment.reference})"
        rows = (
            (_("Receipt number"), receipt_number(payment)),
            (_("Received on"), date_format(payment.received_on, "DATE_FORMAT")),
            (_("Received from"), charge.person.get_full_name()),
            (_("For"), f"{charge.get_kind_display()} – {charge.category.code}"),
            (_("Paid by"), method),
            (_("Amount"), format_money(payment.amount_cents, charge.currency, lang)),
        )
        for label, value in rows:
            pdf.set_x(20)
            pdf.set_font("DejaVu", "B", 11)
            pdf.cell(55, 8, label)
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_x(20)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, _("Thank you. Keep this receipt for your records."))
        pdf.set_title(_("Receipt") + f" {receipt_number(payment)}")
        pdf.set_lang(lang)
        return bytes(pdf.output())
