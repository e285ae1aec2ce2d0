"""A reviewer's service certificate for one year: the reviews they sent and the hours of
in-service training the association credits for them, a one-page PDF in English or
Spanish (fpdf2 and the DejaVu font of every PDF here, ``core.pdf``, so any name prints).

It lives with the reviews it counts; a renewal credits the same hours
(``renewals.review_credit``) and links here.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.core.numbers import format_number
from endorse.core.pdf import ACCENT, INK, centered_line, draw_logo, finish, new_pdf
from endorse.reviews.service import ServiceYear


def service_certificate_pdf(
    association: Association, reviewer: User, year: ServiceYear, *, lang: str, issued_on: date
) -> bytes:
    """The certificate of ``reviewer``'s reviews at ``association`` in ``year``."""
    with translation.override(lang):
        pdf = _page(association)
        _body(pdf, association, reviewer, year, issued_on)
        return finish(pdf, title=_("Service certificate") + f" {year.year}", lang=lang)


def _page(association: Association) -> FPDF:
    pdf = new_pdf(author=association.name)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.0)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    draw_logo(pdf, association.logo, x=24, y=22, h=20)
    pdf.set_left_margin(30)
    pdf.set_right_margin(30)
    pdf.set_text_color(*INK)
    return pdf


def _line(pdf: FPDF, text: str, *, size: float, bold: bool = False, gap: float = 5) -> None:
    centered_line(pdf, text, size=size, bold=bold, gap=gap)


def _body(
    pdf: FPDF, association: Association, reviewer: User, year: ServiceYear, issued_on: date
) -> None:
    pdf.set_y(50)
    _line(pdf, association.name, size=16, bold=True, gap=12)
    pdf.set_text_color(*ACCENT)
    _line(pdf, _("Service certificate"), size=28, bold=True, gap=10)
    pdf.set_text_color(*INK)
    _line(pdf, _("This certifies that"), size=13)
    _line(pdf, reviewer.get_full_name(), size=24, bold=True, gap=8)
    reviewed = ngettext(
        "completed %(count)d review of applications for Endorsement® in %(year)d,",
        "completed %(count)d reviews of applications for Endorsement® in %(year)d,",
        year.reviews,
    ) % {"count": year.reviews, "year": year.year}
    _line(pdf, reviewed, size=13)
    _line(pdf, _("credited as in-service training:"), size=13, gap=3)
    hours = format_number(year.hours)
    _line(pdf, _("%(hours)s hours") % {"hours": hours}, size=20, bold=True, gap=10)
    last = date_format(year.last_on, "DATE_FORMAT")
    _line(pdf, _("Last review sent on %(date)s.") % {"date": last}, size=11, gap=3)
    issued = date_format(issued_on, "DATE_FORMAT")
    _line(pdf, _("Issued by %(association)s on %(date)s.")
          % {"association": association.name, "date": issued}, size=11)  # fmt: skip
