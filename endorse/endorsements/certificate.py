"""The Endorsement® certificate: a one-page PDF in English or Spanish.

Made with fpdf2 and the DejaVu Sans font of every PDF here (``core.pdf``), so any name
prints whatever its script. The QR code is drawn square by
square from qrcode's matrix: no image library is needed to print it, and it stays sharp
at any size.
"""

from __future__ import annotations

import qrcode
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from endorse.core.pdf import ACCENT, FONT, INK, centered_line, draw_logo, finish, new_pdf
from endorse.endorsements.models import Endorsement


def certificate_pdf(endorsement: Endorsement, *, lang: str, verify_url: str) -> bytes:
    """The certificate of ``endorsement`` in ``lang``, pointing at ``verify_url``."""
    with translation.override(lang):
        pdf = _page(endorsement)
        _logo(pdf, endorsement)
        _body(pdf, endorsement)
        _verification(pdf, verify_url)
        title = _("Certificate of Endorsement®") + f" {endorsement.number}"
        return finish(pdf, title=title, lang=lang)


def _page(endorsement: Endorsement) -> FPDF:
    pdf = new_pdf(author=endorsement.association.name, landscape=True)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    return pdf


def _logo(pdf: FPDF, endorsement: Endorsement) -> None:
    draw_logo(pdf, endorsement.association.logo, x=22, y=20, h=24)


def _line(pdf: FPDF, text: str, *, size: float, bold: bool = False, gap: float = 4) -> None:
    centered_line(pdf, text, size=size, bold=bold, gap=gap)


def _body(pdf: FPDF, endorsement: Endorsement) -> None:
    pdf.set_text_color(*INK)
    pdf.set_left_margin(40)
    pdf.set_right_margin(40)
    pdf.set_y(24)
    _line(pdf, endorsement.association.name, size=16, bold=True, gap=10)
    pdf.set_text_color(*ACCENT)
    _line(pdf, _("Certificate of Endorsement®"), size=30, bold=True, gap=8)
    pdf.set_text_color(*INK)
    _line(pdf, _("This certifies that"), size=13)
    _line(pdf, endorsement.person.get_full_name(), size=26, bold=True, gap=6)
    _line(pdf, _("holds Endorsement® as"), size=13)
    _line(pdf, f"{endorsement.category.name} ({endorsement.category.code})", size=18, bold=True)
    _line(pdf, _("in culturally sensitive, relationship-focused practice promoting infant and "
                 "early childhood mental health."), size=11, gap=8)  # fmt: skip
    issued = date_format(endorsement.issued_on, "DATE_FORMAT")
    _line(pdf, _("Endorsement® number %(number)s · issued on %(date)s")
          % {"number": endorsement.number, "date": issued}, size=12)  # fmt: skip


def _verification(pdf: FPDF, verify_url: str) -> None:
    size = 34.0
    x, y = pdf.w - 22 - size, pdf.h - 22 - size
    _qr(pdf, verify_url, x=x, y=y, size=size)
    pdf.set_left_margin(22)
    pdf.set_right_margin(22)
    pdf.set_xy(22, pdf.h - 40)
    pdf.set_font(FONT, "", 9)
    width = pdf.w - 44 - size - 8
    pdf.multi_cell(width, 4.5, _("Check that this Endorsement® is valid today:"), align="L",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(width, 4.5, verify_url, align="L", new_x="LMARGIN", new_y="NEXT",
                   link=verify_url)  # fmt: skip
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(width, 4, _("An Endorsement® recognizes competency in infant and early "
                               "childhood mental health; it is not a license to practice."),
                   align="L")  # fmt: skip


def _qr(pdf: FPDF, data: str, *, x: float, y: float, size: float) -> None:
    """A QR code of ``data`` with its quiet zone, ``size`` mm wide, dark squares on white."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, squares in enumerate(matrix):
        for column, dark in enumerate(squares):
            if dark:
                pdf.rect(x + column * module, y + row * module, module, module, style="F")
