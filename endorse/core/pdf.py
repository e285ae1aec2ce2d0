"""What every PDF Endorse makes shares: fpdf2 (pure Python, from PyPI alone) on a US
letter page, the DejaVu Sans font shipped beside this module so any name prints whatever
its script, the ink and accent colours, the association's logo and the few ways text is set.

It sits in core so that each app making a PDF (the review record, the Endorsement®
certificate, the service certificate, receipts) draws from below instead of borrowing
from another app.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.db.models.fields.files import FieldFile
from fpdf import FPDF

FONTS = Path(__file__).with_name("fonts")
FONT = "DejaVu"
INK = (31, 41, 64)
ACCENT = (32, 84, 147)


def new_pdf(*, author: str, landscape: bool = False) -> FPDF:
    """An empty letter-sized document in mm with the font registered; no page yet, so the
    caller sets margins and page breaks first."""
    pdf = FPDF(orientation="landscape" if landscape else "portrait", unit="mm", format="letter")
    pdf.set_creator("Endorse")
    pdf.set_author(author)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


def draw_logo(pdf: FPDF, logo: FieldFile, *, x: float, y: float, h: float) -> None:
    """The uploaded logo ``h`` mm high at (x, y); nothing when there is none."""
    if not logo:
        return
    with logo.open("rb") as stored:
        pdf.image(io.BytesIO(stored.read()), x=x, y=y, h=h, keep_aspect_ratio=True)


def centered_line(pdf: FPDF, text: str, *, size: float, bold: bool = False, gap: float) -> None:
    """``text`` centred across the margins, wrapped if long, then ``gap`` mm of space."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def paragraph(pdf: FPDF, text: str, *, bold: bool = False, size: float = 10) -> None:
    """``text`` from the left margin, wrapped inside the margins, long words included."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def finish(pdf: FPDF, *, title: str, lang: str) -> bytes:
    """The document's bytes, titled and tagged with its language for screen readers."""
    pdf.set_title(title)
    pdf.set_lang(lang)
    return bytes(pdf.output())
