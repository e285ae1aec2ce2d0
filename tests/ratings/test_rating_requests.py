"""Raters rate by a link: sent, opened, saved as a draft, sent back, declined, withdrawn."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core import mail
from django.test import Client

from endorse.applications.models import Application, Reference
from endorse.ratings.demo import load_rating_items
from endorse.ratings.models import Rating, RatingItem, RatingRequest
from tests.applications.conftest import World

LINK = re.compile(r"https://endorse\.example\.org/rate/([0-9a-f]{64})/")


def reference(world: World, application: Application | None = None, **fields: Any) -> Reference:
    application = application or world.application
    values = {"complete": True, "name": "Rita Rater", "email": "rita@example.org",
              "role": "supervisor", **fields}  # fmt: skip
    return Reference.objects.create(
        association=application.association, application=application, **values
    )


def out(row: Reference) -> str:
    """The link out for this rater, as the applicant's page puts it in the form."""
    current = RatingRequest.objects.filter(reference=row, closed_at=None).first()
    return str(current.pk) if current else ""


def send(world: World, row: Reference, language: str = "en") -> str:
    """Send the request as the applicant does (saying which link is out, as the page does);
    the token from the email the rater got."""
    mail.outbox.clear()
    response = world.client(world.applicant).post(
        f"/ct/application/references/{row.pk}/request/",
        {"language": language, "replaces": out(row)},
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[row.email]]
    found = LINK.search(mail.outbox[0].body)
    assert found is not None
    return found.group(1)


def complete_answers(world: World) -> dict[str, str]:
    answers = {"relationship": "supervisor", "setting": "Example Family Services",
               "years_known": "3.5", "endorsed": "yes", "endorsed_category": "IMHM-C",
               "endorsed_association": "CT Assoc", "comments": "Careful and kind.",
               "recommendation": "recommend", "submit_rating": ""}  # fmt: skip
    for item in RatingItem.objects.filter(association=world.ct):
        answers[f"item_{item.pk}"] = "proficient"
    return answers


def test_the_rater_gets_a_link_that_opens_their_form_only(world: World) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    row.refresh_from_db()
    assert row.status == Reference.Status.SENT
    message = mail.outbox[0]
    assert message.subject == "Ana Díaz asks you for a reference rating"
    assert "Infant Mental Health Specialist (IMHS)" in message.body
    # Only a hash of the token is stored, and the token is 256 bits.
    request = RatingRequest.objects.get(reference=row)
    assert request.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(RatingRequest.objects.values()))
    page = Client().get(f"/rate/{token}/")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    text = page.content.decode()
    assert "Reference rating for Ana Díaz" in text
    assert "ana@example.org" not in text  # nothing of the application beyond who asks
    assert text.count('type="radio" name="item_') == 16 * 5
    row.refresh_from_db()
    assert row.status == Reference.Status.OPENED


def test_a_draft_is_kept_and_a_sent_rating_counts_and_closes_the_link(world: World) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    rater = Client()
    half = {"relationship": "colleague", "setting": "Early Head Start", "save_draft": ""}
    response = rater.post(f"/rate/{token}/", half)
    assert response.status_code == 200
    assert "Saved. Come back to this link to finish." in response.content.decode()
    assert Rating.objects.get(reference=row).draft == {
        "relationship": "colleague", "setting": "Early Head Start"}  # fmt: skip
    again = rater.get(f"/rate/{token}/").content.decode()
    assert 'value="Early Head Start"' in again
    # Sending it half-filled keeps it, says what is missing, and counts nothing.
    typed = {key: value for key, value in half.items() if key != "save_draft"}
    response = rater.post(f"/rate/{token}/", {**typed, "submit_rating": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["recommendation"] == ["This field is required."]
    row.refresh_from_db()
    assert row.status == Reference.Status.OPENED
    mail.outbox.clear()
    response = rater.post(f"/rate/{token}/", complete_answers(world))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.rater_endorsed, str(row.received_on)) == (
        "completed",
        True,
        "2025-03-03",
    )
    rating = Rating.objects.get(reference=row)
    assert rating.draft == {}
    assert rating.answers["recommendation"] == "recommend"
    assert set(rating.answers["ratings"].values()) == {"proficient"}
    assert rating.answers["endorsed_category"] == "IMHM-C"
    assert RatingRequest.objects.get(reference=row).closed_reason == "submitted"
    # The applicant hears of it (in Spanish, their language); the link stops.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana@example.org"], "Rita Rater envió su calificación de referencia")]  # fmt: skip
    closed = rater.get(f"/rate/{token}/")
    assert closed.status_code == 404
    assert (
        "Your rating was received. This link no longer opens the form." in closed.content.decode()
    )
    assert rater.post(f"/rate/{token}/", complete_answers(world)).status_code == 404


def test_an_endorsed_rater_must_say_by_whom(world: World) -> None:
    load_rating_items(world.ct)
    token = send(world, reference(world))
    answers = {**complete_answers(world), "endorsed_category": "", "endorsed_association": ""}
    response = Client().post(f"/rate/{token}/", answers)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["endorsed_category"] == ["Needed when you hold an Endorsement®."]
    assert errors["endorsed_association"] == ["Needed when you hold an Endorsement®."]


def test_sending_again_replaces_the_link_and_keeps_the_draft(world: World) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    first = send(world, row)
    Client().post(f"/rate/{first}/", {"setting": "Clinic", "save_draft": ""})
    second = send(world, row, language="es")
    assert first != second
    assert Client().get(f"/rate/{first}/").status_code == 404
    page = Client().get(f"/rate/{second}/")
    assert page.status_code == 200
    assert 'value="Clinic"' in page.content.decode()
    assert "Calificación de referencia para Ana Díaz" in page.content.decode()
    assert mail.outbox[0].subject == "Ana Díaz le pide una calificación de referencia"
    assert list(
        RatingRequest.objects.filter(reference=row).values_list("closed_reason", flat=True)
    ) == ["", "replaced"]


def test_withdrawing_stops_the_link_drops_the_draft_and_frees_the_rater(world: World) -> None:
    row = reference(world)
    token = send(world, row)
    Client().post(f"/rate/{token}/", {"setting": "Clinic", "save_draft": ""})
    response = world.client(world.applicant).post(f"/ct/application/references/{row.pk}/withdraw/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Reference.Status.NOT_REQUESTED and not row.locked
    assert not Rating.objects.filter(reference=row).exists()
    assert Client().get(f"/rate/{token}/").status_code == 404


def test_declining_tells_the_applicant_and_stops_the_link(world: World) -> None:
    row = reference(world)
    token = send(world, row)
    mail.outbox.clear()
    response = Client().post(f"/rate/{token}/decline/", {"reason": "I changed jobs."})
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == Reference.Status.DECLINED
    assert Rating.objects.get(reference=row).decline_reason == "I changed jobs."
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert Client().get(f"/rate/{token}/").status_code == 404


def test_submitting_the_application_stops_every_link(world: World, frozen: Any) -> None:
    from tests.applications.test_submit import READY_DAY, settle_fee

    world.make_ready(world.application)
    settle_fee(world.application)
    row = reference(world, email="late@example.org")
    token = send(world, row)
    frozen.move_to(READY_DAY)
    response = world.client(world.applicant).post(
        "/ct/application/submit/", {"ratings_access": "keep"}
    )
    assert response.status_code == 302
    assert Client().get(f"/rate/{token}/").status_code == 404
    assert RatingRequest.objects.get(reference=row).closed_reason == "application_submitted"


def test_a_rating_recorded_by_the_coordinator_stops_that_raters_link(world: World) -> None:
    row = reference(world)
    token = send(world, row)
    url = f"/ct/manage/applications/{world.application.pk}/references/{row.pk}/"
    response = world.client(world.coordinator).post(
        url, {f"rating-{row.pk}-received_on": "2025-03-01"}
    )
    assert response.status_code == 302
    assert RatingRequest.objects.get(reference=row).closed_reason == "recorded"
    assert Client().get(f"/rate/{token}/").status_code == 404


def test_a_double_click_on_send_thanks_the_rater_twice_and_counts_once(world: World) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    rater = Client()
    assert rater.post(f"/rate/{token}/", complete_answers(world)).status_code == 200
    again = rater.post(f"/rate/{token}/", complete_answers(world))
    assert again.status_code == 404
    assert "Your rating was received. This link no longer opens the form." in again.content.decode()
    assert Rating.objects.filter(reference=row).count() == 1


def test_a_link_closed_between_look_up_and_write_is_a_plain_closed_page(world: World) -> None:
    from endorse.ratings import views

    row = reference(world)
    token = send(world, row)
    looked_up = views.request_for_token(token)
    assert looked_up is not None
    world.client(world.applicant).post(f"/ct/application/references/{row.pk}/withdraw/")
    # The request as it was looked up, before the withdrawal, is what the view works on.
    original = views.request_for_token
    views.request_for_token = lambda _token: looked_up  # type: ignore[assignment]
    try:
        response = Client().post(f"/rate/{token}/", {"setting": "x", "save_draft": ""})
    finally:
        views.request_for_token = original
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_raters_language_choice_counts_only_when_we_offer_it(world: World) -> None:
    token = send(world, reference(world), language="es")
    rater = Client()
    rater.cookies["django_language"] = "zz"
    assert '<html lang="es">' in rater.get(f"/rate/{token}/").content.decode()
    rater.cookies["django_language"] = "en"
    assert '<html lang="en">' in rater.get(f"/rate/{token}/").content.decode()


def test_the_rater_form_posts_with_csrf_enforced(world: World) -> None:
    token = send(world, reference(world))
    rater = Client(enforce_csrf_checks=True)
    page = rater.get(f"/rate/{token}/")
    csrf = page.context["csrf_token"]
    response = rater.post(f"/rate/{token}/", {"csrfmiddlewaretoken": str(csrf), "setting": "x",
                                             "save_draft": ""})  # fmt: skip
    assert response.status_code == 200
    assert (
        Client(enforce_csrf_checks=True).post(f"/rate/{token}/", {"setting": "y"}).status_code
        == 403
    )
    assert Rating.objects.get().draft == {"setting": "x"}


def test_reminder_links_survive_a_rotated_secret_key(world: World, settings: Any) -> None:
    from endorse.ratings.tasks import send_rating_email

    row = reference(world)
    token = send(world, row)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    mail.outbox.clear()
    send_rating_email.call(RatingRequest.objects.get(reference=row).pk, "rating_reminder")
    found = LINK.search(mail.outbox[0].body)
    assert found is not None and found.group(1) == token
    assert Client().get(f"/rate/{token}/").status_code == 200


def test_a_rater_cant_be_the_applicant_and_links_are_limited_per_day(world: World) -> None:
    own = reference(world, email="ANA@example.org")
    client = world.client(world.applicant)
    client.post(f"/ct/application/references/{own.pk}/request/", {"language": "en"})
    assert not RatingRequest.objects.filter(reference=own).exists()
    row = reference(world)
    for _attempt in range(3):
        send(world, row)
    mail.outbox.clear()
    response = client.post(
        f"/ct/application/references/{row.pk}/request/",
        {"language": "en", "replaces": out(row)},
        follow=True,
    )
    assert (
        "Esta persona recibió 3 enlaces hoy; podrá enviar otro mañana." in response.content.decode()
    )
    assert mail.outbox == []
    assert RatingRequest.objects.filter(reference=row).count() == 3


def test_a_made_up_or_malformed_token_opens_nothing(world: World) -> None:
    send(world, reference(world))
    for token in ("0" * 64, "abc", "x" * 64):
        assert Client().get(f"/rate/{token}/").status_code == 404


def test_nobody_else_sends_or_withdraws_an_applicants_request(world: World) -> None:
    unsent = reference(world)
    sent = reference(world, email="sent@example.org")
    send(world, sent)
    mail.outbox.clear()
    before = list(RatingRequest.objects.values())
    for user in (None, world.other, world.coordinator, world.nm_coordinator):
        client = world.client(user)
        for row, action in ((unsent, "request"), (sent, "request"), (sent, "withdraw")):
            response = client.post(f"/ct/application/references/{row.pk}/{action}/",
                                   {"language": "en"})  # fmt: skip
            if user is None:
                assert response.status_code == 302
                assert response["Location"].startswith("/accounts/login/")
            else:
                assert response.status_code == 404
    unsent.refresh_from_db()
    sent.refresh_from_db()
    assert (unsent.status, sent.status) == ("not_requested", "sent")
    assert list(RatingRequest.objects.values()) == before
    assert mail.outbox == []


def test_a_request_needs_a_complete_rater(world: World) -> None:
    row = reference(world, complete=False, email="")
    client = world.client(world.applicant)
    response = client.post(
        f"/ct/application/references/{row.pk}/request/", {"language": "en"}, follow=True
    )
    assert (
        "Complete el nombre, el correo electrónico y el rol de quien califica antes de enviar la "
        "solicitud."
    ) in response.content.decode()
    assert not RatingRequest.objects.exists()


def test_references_out_count_as_requested_and_only_ratings_as_completed(world: World) -> None:
    from endorse.applications.selectors import application_data

    row = reference(world)
    send(world, row)
    data = application_data(application=world.application, today=world.application.opened_at.date())
    assert [(r.role, r.status) for r in data.portfolio.references] == [("supervisor", "requested")]


def test_a_token_opens_its_own_form_and_no_other(world: World) -> None:
    load_rating_items(world.ct)
    mine = reference(world)
    theirs = reference(world, application=world.other_application, email="tom@example.org")
    my_token = send(world, mine)
    mail.outbox.clear()
    world.client(world.other).post(
        f"/ct/application/references/{theirs.pk}/request/", {"language": "en"}
    )
    page = Client().get(f"/rate/{my_token}/").content.decode()
    assert "Reference rating for Ana Díaz" in page and "Olga Other" not in page
    Client().post(f"/rate/{my_token}/", complete_answers(world))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("completed", "sent")
    assert list(Rating.objects.values_list("reference_id", flat=True)) == [mine.pk]
    # A replaced link can't decline either.
    first = send(world, reference(world, email="ron@example.org"))
    row = Reference.objects.get(email="ron@example.org")
    send(world, row)
    assert Client().post(f"/rate/{first}/decline/", {"reason": "x"}).status_code == 404
    row.refresh_from_db()
    assert row.status == "sent"
