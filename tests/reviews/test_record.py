"""The printable review record: every round's reviews side by side, the recommendations,
comments and decisions, in English or Spanish, for the coordinator of this association."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment
from endorse.reviews.selectors import review_requirement_codes
from tests.applications.conftest import World
from tests.reviews.test_workflow import full_answers, reviewed, reviewer

LONG_WORD = "Psicoterapéuticamente" * 5  # wider than any column: it must wrap, not be cut


def pdf_text(content: bytes) -> str:
    """Every page's text, whitespace folded."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _send(assignment: Assignment, user: User, answers: dict[str, Any], **review: str) -> None:
    services.review_save(assignment=assignment, actor=user, answers=answers, submit=True, **review)


def two_rounds(world: World, application: Application) -> str:
    """Round 1: the reviewers disagree on one requirement, then on hold; round 2: approved."""
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=application, actor=world.coordinator)
    reviewed(world, application, first, 1)
    code = review_requirement_codes(application)[0]
    answers = full_answers(application)
    answers["requirements"][code] = {
        "verdict": "not_met", "comment": f"Falta el título de maestría; {LONG_WORD}.",
    }  # fmt: skip
    assignment = assigning.reviewer_assign(
        application=application, reviewer=second, tier=2, actor=world.coordinator
    )
    assigning.assignment_respond(assignment=assignment, actor=second, accept=True, no_conflict=True)
    _send(assignment, second, answers, recommendation="on_hold", comments="Pida el título.")
    services.decide(application=application, actor=world.coordinator, outcome="on_hold",
                    message="Añada su título de maestría.", sections=["education"])  # fmt: skip
    application.refresh_from_db()
    services.resubmit_on_hold(application=application, actor=world.applicant)
    application.refresh_from_db()
    for user in (first, second):
        row = Assignment.objects.get(application=application, round=2, reviewer=user)
        _send(row, user, full_answers(application), recommendation="approved", comments="Bien.")
    services.decide(application=application, actor=world.coordinator, outcome="approved",
                    message="Enhorabuena.")  # fmt: skip
    return code


def test_the_record_in_english_has_every_round_side_by_side(
    world: World, submitted: Application
) -> None:
    two_rounds(world, submitted)
    client = world.client(world.coordinator)
    response = client.get(f"/ct/manage/applications/{submitted.pk}/review-record.pdf?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="review-record-ct-{submitted.pk}-en.pdf"'
    )
    text = pdf_text(response.content)
    submitted.refresh_from_db()
    for expected in (
        "Review record CT Assoc", "Applicant Ana Díaz",
        "Category Infant Mental Health Specialist (IMHS)",
        "Requirement set The Alliance's requirements in force from Jan. 1, 2025",
        "Round 1 The reviewers disagree on 1 point.",
        "Requirement or area First reviewer – Rowan Second reviewer – Sage",
        "[Disagreement]", "Not met Falta el título de maestría;",
        "Recommended decision Approved On hold: changes requested",
        "Comments for the applicant Clear and complete. Pida el título.",
        "Decision: On hold: changes requested, April 1, 2025 Añada su título de maestría.",
        "Round 2 The reviewers disagree on 0 points.",
        "Decision: Approved, April 1, 2025 Enhorabuena.",
    ):  # fmt: skip
        assert expected in text, expected
    assert text.count("[Disagreement]") == 1
    assert text.index("Round 1") < text.index("Añada su") < text.index("Round 2")
    assert LONG_WORD in "".join(text.split())  # wrapped over lines, every letter kept
    assert f"{LONG_WORD}." not in text  # it did not fit on one line


def test_the_record_in_spanish_by_choice_or_by_the_page_language(
    world: World, submitted: Application
) -> None:
    two_rounds(world, submitted)
    url = f"/ct/manage/applications/{submitted.pk}/review-record.pdf"
    text = pdf_text(world.client(world.coordinator).get(f"{url}?lang=es").content)
    for expected in (
        "Registro de la revisión CT Assoc", "Solicitante Ana Díaz", "Ronda 1",
        "Los evaluadores no coinciden en 1 punto.", "[Desacuerdo]",
        "No cumplido Falta el título de maestría;",
        "Decisión: En espera: se piden cambios, 1 de abril de 2025",
        "Ronda 2", "Los evaluadores no coinciden en 0 puntos.",
    ):  # fmt: skip
        assert expected in text, expected
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    response = world.client(world.coordinator).get(f"{url}?lang=fr")  # unknown: the page's
    assert response["Content-Disposition"].endswith('-es.pdf"')
    assert "Registro de la revisión" in pdf_text(response.content)


def test_before_any_review_the_record_says_so(world: World, submitted: Application) -> None:
    response = world.client(world.coordinator).get(
        f"/ct/manage/applications/{submitted.pk}/review-record.pdf"
    )
    assert response.status_code == 200
    assert "No review has been sent yet." in pdf_text(response.content)


def test_only_the_coordinator_of_this_association_gets_it(
    world: World, submitted: Application
) -> None:
    two_rounds(world, submitted)
    url = f"/ct/manage/applications/{submitted.pk}/review-record.pdf"
    rowan = Assignment.objects.filter(tier=1).first()
    assert rowan is not None
    assert world.client(rowan.reviewer).get(url).status_code == 403  # a reviewer isn't enough
    assert world.client(world.applicant).get(url).status_code == 403
    assert world.client(world.nm_coordinator).get(url).status_code == 403
    elsewhere = f"/nm/manage/applications/{submitted.pk}/review-record.pdf"
    assert world.client(world.nm_coordinator).get(elsewhere).status_code == 404


def test_the_decision_form_has_both_reviews_and_the_record_beside_it(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, reviewer(world, "rowan@example.org"), 1)
    second = reviewer(world, "sage@example.org")
    assignment = assigning.reviewer_assign(
        application=submitted, reviewer=second, tier=2, actor=world.coordinator
    )
    assigning.assignment_respond(assignment=assignment, actor=second, accept=True, no_conflict=True)
    _send(assignment, second, full_answers(submitted, "unclear"), recommendation="deferred",
          comments="Wait a cycle.")  # fmt: skip
    html = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    page = html.content.decode()
    form = page.index(f'action="/ct/manage/applications/{submitted.pk}/decide/"')
    compared = page.index('<table class="compared">')
    assert compared < form
    row = page[page.index("Recommended decision</th>", compared) :]
    row = row[: row.index("</tr>")]
    assert "<strong>Approved</strong>" in row
    assert "<strong>Deferred to a later review cycle</strong>" in row
    record = f"/ct/manage/applications/{submitted.pk}/review-record.pdf"
    assert f'<a href="{record}?lang=en" hreflang="en">Review record in English (PDF)</a>' in page
    assert f'<a href="{record}?lang=es" hreflang="es">Review record in Spanish (PDF)</a>' in page
