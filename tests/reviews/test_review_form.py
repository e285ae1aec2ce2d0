"""The reviewer's form: required choices marked, a progress line, each missing answer
refused next to its radio group with a summary of links, a draft that saves itself, and a
double click that sends one review."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from endorse.applications.models import Application, Event
from endorse.ratings.models import Area
from endorse.reviews import services
from endorse.reviews.models import Assignment, Review
from endorse.reviews.selectors import review_requirement_codes
from tests.applications.conftest import World
from tests.reviews.test_workflow import accepted, reviewer

HTMX = {"HTTP_HX_REQUEST": "true"}


def _accepted(world: World, application: Application) -> Assignment:
    services.completeness_accept(application=application, actor=world.coordinator)
    return accepted(world, application, reviewer(world, "rowan@example.org"), 1)


def _every_verdict(application: Application) -> dict[str, str]:
    data = {f"requirements-{code}-verdict": "met" for code in review_requirement_codes(application)}
    data.update({f"areas-{area}-verdict": "met" for area in Area.values})
    return data


def _progress(html: str) -> str:
    found = re.search(r'<p class="progress" id="review-progress"[^>]*>([^<]*)</p>', html)
    assert found is not None
    return found.group(1)


def test_an_incomplete_send_marks_each_unanswered_choice_and_keeps_what_was_typed(
    world: World, submitted: Application
) -> None:
    assignment = _accepted(world, submitted)
    client = world.client(assignment.reviewer)
    codes = review_requirement_codes(submitted)
    first = codes[0]
    long_word = "Interdisciplinariedad" * 4
    response = client.post(f"/ct/review/{assignment.pk}/", {
        "send_review": "", f"requirements-{first}-verdict": "not_met",
        f"requirements-{first}-comment": f"Falta el título <b>oficial</b>, {long_word}.",
        "comments": "Pídale el título de maestría.",
    })  # fmt: skip

    assert response.status_code == 422
    html = response.content.decode()
    missing = [f"requirements-{code}-verdict" for code in codes[1:]]
    missing += [f"areas-{area}-verdict" for area in Area.values]
    for name in missing:  # the error in the radio group's fieldset, the radios marked
        fieldset = re.search(
            rf'<fieldset class="field choice-group has-error" aria-describedby="id_{name}-error">'
            rf"(.*?)</fieldset>", html, re.DOTALL,
        )  # fmt: skip
        assert fieldset is not None, name
        assert (
            f'<div class="field-error" id="id_{name}-error"><p>Choose Met, Not met or Unclear.</p>'
            in fieldset.group(1)
        )
        assert fieldset.group(1).count('aria-invalid="true"') == 3
    assert (
        '<div class="field-error" id="id_recommendation-error">'
        "<p>Choose the decision you recommend.</p>" in html
    )
    assert (
        '<select name="recommendation" aria-describedby="id_recommendation-error" '
        'aria-invalid="true" id="id_recommendation">' in html
    )
    # The summary at the top: one link per missing answer, to its first radio
    summary = html[
        html.index('<div class="form-errors error-summary"') : html.index('<p class="help">')
    ]
    assert f"The review was not sent: {len(missing) + 1} answers are missing." in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)
    assert [anchor for anchor, _text in links] == [
        *(f"id_{name}_0" for name in missing), "id_recommendation",
    ]  # fmt: skip
    assert links[-1][1] == "Recommended decision: Choose the decision you recommend."
    assert links[len(codes) - 1][1].endswith(": Choose Met, Not met or Unclear.")
    assert html.index('<div class="form-errors error-summary"') < html.index("<fieldset")
    # No internal keys, and what was typed is all there (escaped)
    assert "Give a verdict" not in html and 'class="form-errors"' not in html
    assert f'value="not_met" id="id_requirements-{first}-verdict_1" checked>' in html
    assert f"Falta el título &lt;b&gt;oficial&lt;/b&gt;, {long_word}.</textarea>" in html
    assert "Pídale el título de maestría.</textarea>" in html
    assert _progress(html) == f"1 of {len(codes) + len(Area.values)} judged"
    # Nothing was sent
    submitted.refresh_from_db()
    assert submitted.status == "first_review"
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


def test_required_choices_are_marked_and_the_progress_line_counts_verdicts(
    world: World, submitted: Application
) -> None:
    assignment = _accepted(world, submitted)
    client = world.client(assignment.reviewer)
    url = f"/ct/review/{assignment.pk}/"
    total = len(review_requirement_codes(submitted)) + len(Area.values)
    html = client.get(url).content.decode()
    assert _progress(html) == f"0 of {total} judged"
    assert html.count('<span class="required">(required)</span></legend>') == total
    assert (
        '<label for="id_recommendation">Recommended decision '
        '<span class="required">(required)</span></label>' in html
    )
    area = Area.values[0]
    assert re.search(rf"<fieldset [^>]*>\s*<legend>{Area(area).label} <span", html)

    draft = {"save_review": "", f"areas-{area}-verdict": "unclear",
             f"areas-{Area.values[1]}-verdict": "met"}  # fmt: skip
    assert client.post(url, draft).status_code == 302  # a draft needs nothing
    html = client.get(url).content.decode()
    assert _progress(html) == f"2 of {total} judged"
    assert "Saved at 11:00 a.m. ET" in html  # 15:00 UTC in New York, in summer time


def test_the_draft_saves_itself_and_answers_the_saved_time_and_progress(
    world: World, submitted: Application, frozen: Any
) -> None:
    assignment = _accepted(world, submitted)
    client = world.client(assignment.reviewer)
    url = f"/ct/review/{assignment.pk}/save/"
    total = len(review_requirement_codes(submitted)) + len(Area.values)
    frozen.move_to("2025-04-02 18:03:00+00:00")
    area = Area.values[0]
    response = client.post(
        url, {f"areas-{area}-verdict": "met", f"areas-{area}-comment": "Años de práctica."}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<p class="saved" id="review-saved" role="status" aria-live="polite" '
        'hx-swap-oob="true">Saved at 2:03 p.m. ET</p>' in html
    )
    assert f'id="review-progress" hx-swap-oob="true">1 of {total} judged</p>' in html
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is None
    assert review.answers["areas"] == {area: {"verdict": "met", "comment": "Años de práctica."}}

    # A comment too long is refused next to it; the saved draft stays as it was
    refused = client.post(url, {f"areas-{area}-comment": "x" * 2001}, **HTMX)
    assert refused.status_code == 200
    assert (
        f'<div class="field-error" id="id_areas-{area}-comment-error" hx-swap-oob="true">'
        "<p>Ensure this value has at most 2000 characters (it has 2001).</p>"
        in refused.content.decode()
    )
    review.refresh_from_db()
    assert review.answers["areas"][area]["comment"] == "Años de práctica."

    # The page's form posts each change there, and shows the same status region
    page = client.get(f"/ct/review/{assignment.pk}/").content.decode()
    assert f'hx-post="{url}"' in page and 'hx-trigger="change, input delay:800ms"' in page
    assert "Saved at 2:03 p.m. ET" in page


def test_after_the_review_is_sent_autosave_is_refused_and_changes_nothing(
    world: World, submitted: Application
) -> None:
    assignment = _accepted(world, submitted)
    client = world.client(assignment.reviewer)
    sent = {"send_review": "", "recommendation": "approved", **_every_verdict(submitted)}
    assert client.post(f"/ct/review/{assignment.pk}/", sent).status_code == 302
    before = Review.objects.get(assignment=assignment).answers
    response = client.post(
        f"/ct/review/{assignment.pk}/save/", {"areas-thinking-verdict": "not_met"}, **HTMX
    )
    assert response.status_code == 409
    assert response.content.decode() == "This review was already sent."
    assert Review.objects.get(assignment=assignment).answers == before


def test_a_double_click_on_send_sends_one_review(world: World, submitted: Application) -> None:
    assignment = _accepted(world, submitted)
    client = world.client(assignment.reviewer)
    url = f"/ct/review/{assignment.pk}/"
    data = {"send_review": "", "recommendation": "approved", "comments": "Clear.",
            **_every_verdict(submitted)}  # fmt: skip
    mail.outbox.clear()
    first = client.post(url, data)
    emails = [(m.to, m.subject) for m in mail.outbox]
    second = client.post(url, data, follow=True)
    assert (first.status_code, second.status_code) == (302, 200)
    assert "Your review was sent." in second.content.decode()
    assert Review.objects.filter(assignment=assignment, submitted_at__isnull=False).count() == 1
    assert Event.objects.filter(application=submitted, to_state="second_review").count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == emails  # nothing sent twice
    # A different send after it is refused, and changes nothing
    changed = client.post(url, {**data, "comments": "Changed my mind."}, follow=True)
    assert "This review was already sent." in changed.content.decode()
    assert Review.objects.get(assignment=assignment).comments == "Clear."


def test_the_form_reads_in_spanish(world: World, submitted: Application) -> None:
    assignment = _accepted(world, submitted)
    assignment.reviewer.preferred_language = "es"
    assignment.reviewer.save()
    client = world.client(assignment.reviewer)
    total = len(review_requirement_codes(submitted)) + len(Area.values)
    response = client.post(f"/ct/review/{assignment.pk}/", {"send_review": ""})
    html = response.content.decode()
    assert _progress(html) == f"0 de {total} evaluados"
    assert f"No se envió la revisión: faltan {total + 1} respuestas." in html
    assert "Elija Cumplido, No cumplido o No está claro." in html
    assert "> Cumplido</label>" in html and "Lo que ya cumple" not in html
    assert "Elija la decisión que recomienda." in html
