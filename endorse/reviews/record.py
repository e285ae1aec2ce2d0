"""The review record: a PDF, in English or Spanish, of every round of an application's
review for the association's files. Each round shows its reviews side by side, requirement
by requirement and area by area (disagreements marked), the recommendations and comments,
then the decision of that round with its date and message.

Made with fpdf2 and the DejaVu font of every PDF here (``core.pdf``), so accents and any
script print; text people typed is wrapped inside its cell, long words included.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from endorse.applications.models import Application
from endorse.core.pdf import FONT, INK, finish, new_pdf, paragraph
from endorse.reviews.compare import Comparison, Judged, comparison_of, judged_keys
from endorse.reviews.models import Assignment, Decision, Review, Verdict
from endorse.standards.naming import requirement_set_name

DISAGREE_FILL = (253, 236, 200)
HEAD_FILL = (225, 231, 240)


@dataclass(frozen=True)
class Round:
    number: int
    comparison: Comparison
    decisions: list[Decision]


def record_rounds(application: Application) -> list[Round]:
    """Every round that has a sent review or a decision, oldest first (two queries)."""
    reviews = list(
        Review.objects.filter(
            association_id=application.association_id,
            assignment__application=application,
            assignment__status=Assignment.Status.ACCEPTED,
            submitted_at__isnull=False,
        )
        .select_related("assignment__reviewer")
        .order_by("assignment__round", "assignment__tier")
    )
    decisions = list(
        Decision.objects.filter(association_id=application.association_id, application=application)
    )
    keys = judged_keys(application)
    by_round = {n: list(rows) for n, rows in groupby(reviews, lambda r: r.assignment.round)}
    numbers = sorted(set(by_round) | {decision.round for decision in decisions})
    return [
        Round(
            number=number,
            comparison=comparison_of(by_round.get(number, []), keys),
            decisions=[d for d in decisions if d.round == number],
        )
        for number in numbers
    ]


def record_pdf(application: Application, *, lang: str) -> bytes:
    """The review record of ``application`` in ``lang``."""
    with translation.override(lang):
        pdf = _start(application)
        rounds = record_rounds(application)
        if not rounds:
            paragraph(pdf, _("No review has been sent yet."))
        for one in rounds:
            _round(pdf, one, application)
        title = _("Review record") + f" – {application.applicant.get_full_name()}"
        return finish(pdf, title=title, lang=lang)


def _start(application: Application) -> FPDF:
    pdf = new_pdf(author=application.association.name)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, _("Review record"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(0, 6, application.association.name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    category = application.category
    version = application.pinned_version
    for label, value in (
        (_("Applicant"), application.applicant.get_full_name()),
        (_("Category"), f"{category.name} ({category.code})"),
        (_("Requirement set"), capfirst(requirement_set_name(version)) if version else "–"),
    ):
        pdf.set_font(FONT, "B", 11)
        pdf.cell(56, 6, label)
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _round(pdf: FPDF, one: Round, application: Application) -> None:
    pdf.ln(6)
    paragraph(pdf, _("Round %(number)d") % {"number": one.number}, bold=True, size=14)
    comparison = one.comparison
    if comparison.reviews:
        paragraph(
            pdf,
            translation.ngettext(
                "The reviewers disagree on %(count)d point.",
                "The reviewers disagree on %(count)d points.",
                comparison.disagreements,
            )
            % {"count": comparison.disagreements},
        )
        pdf.ln(2)
        _table(pdf, comparison)
    for decision in one.decisions:
        _decision(pdf, decision, application)


def _reviewer(review: Review) -> str:
    assignment = review.assignment
    return f"{assignment.get_tier_display()} – {assignment.reviewer.get_full_name()}"


def _verdict(judged: Judged) -> str:
    verdict = str(dict(Verdict.choices).get(judged.verdict, "–")) if judged.verdict else "–"
    return f"{verdict}\n{judged.comment}" if judged.comment else verdict


def _outcome(value: str) -> str:
    return str(dict(Decision.Outcome.choices).get(value, value)) if value else "–"


def _table(pdf: FPDF, comparison: Comparison) -> None:
    reviews = comparison.reviews
    first = 60 if len(reviews) > 1 else 80
    widths = (first, *[(pdf.epw - first) / len(reviews)] * len(reviews))
    heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=5, padding=1.5,
        headings_style=heading, first_row_as_headings=True,
    ) as table:  # fmt: skip
        pdf.set_font(FONT, "", 9)
        table.row([_("Requirement or area"), *(_reviewer(review) for review in reviews)])
        for row in comparison.rows:
            style = FontFace(fill_color=DISAGREE_FILL) if row.disagree else None
            label = f"{row.label}\n[{_('Disagreement')}]" if row.disagree else row.label
            table.row([label, *(_verdict(judged) for judged in row.judged)], style=style)
        table.row(
            [_("Recommended decision"), *(_outcome(review.recommendation) for review in reviews)]
        )
        table.row(
            [_("Comments for the applicant"), *(review.comments or "–" for review in reviews)]
        )


def _decision(pdf: FPDF, decision: Decision, application: Application) -> None:
    pdf.ln(4)
    local = application.association.local_date(decision.decided_at)
    paragraph(
        pdf,
        _("Decision: %(outcome)s, %(day)s")
        % {"outcome": decision.get_outcome_display(), "day": date_format(local, "DATE_FORMAT")},
        bold=True,
        size=11,
    )
    paragraph(pdf, decision.message)
