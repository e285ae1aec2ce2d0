"""A rater's link expires the association's number of days after it was sent (60 unless
the association's administrator set another): it then shows when it expired and opens
nothing, and the applicant sends a new one, once, however often they click."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from endorse.applications.models import Event, Reference
from endorse.associations.models import StaffRole
from endorse.ratings import services
from endorse.ratings.demo import load_rating_items
from endorse.ratings.models import Rating, RatingRequest
from endorse.ratings.services import reminders_send_due
from endorse.ratings.tasks import send_rating_email
from tests.applications.conftest import World, person
from tests.ratings.test_rating_requests import LINK, complete_answers, out, reference, send

SENT = "2025-03-03 15:00:00+00:00"  # the frozen clock: 10:00 in Connecticut
EXPIRED_EN = "This link expired on May 2, 2025. Nothing you send through it can be saved."
EXPIRED_ES = "Este enlace venció el 2 de mayo de 2025. Nada de lo que envíe por él puede guardarse."
ASK_EN = "If you still want to give a rating, ask the applicant to send you a new link."
# The applicant (Ana) reads her pages in Spanish.
EXPIRED_FOR_APPLICANT = (
    "El enlace enviado el 3 de marzo de 2025 venció el 2 de mayo de 2025: quien califica ya no "
    "puede abrirlo. Envíe un enlace nuevo para volver a pedirlo."
)


def forms_on(page: str) -> list[str]:
    """The actions of the page's forms (the site's language switch is on every page)."""
    return re.findall(r'<form[^>]*action="([^"]*)"', page)


def state(row: Reference) -> list[Any]:
    return [
        list(Reference.objects.filter(pk=row.pk).values()),
        list(RatingRequest.objects.order_by("pk").values()),
        list(Rating.objects.order_by("pk").values()),
        list(Event.objects.order_by("pk").values()),
    ]


def references_page(world: World) -> str:
    response = world.client(world.applicant).get("/ct/application/references/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_email_says_until_when_the_link_works(world: World) -> None:
    send(world, reference(world))
    assert (
        "This link works until May 2, 2025; after that, ask the applicant for a new one."
        in mail.outbox[0].body
    )


def test_an_expired_link_says_since_when_and_shows_no_form(world: World, frozen: Any) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    frozen.shift(timedelta(days=60))
    page = Client().get(f"/rate/{token}/")
    assert page.status_code == 410
    text = page.content.decode()
    assert "<h1>This link has expired</h1>" in text
    assert EXPIRED_EN in text and ASK_EN in text
    assert forms_on(text) == ["/i18n/setlang/"]
    assert 'name="item_' not in text and "Reference rating for" not in text
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    # Opening it wrote nothing: the link was not "opened".
    row.refresh_from_db()
    assert row.status == Reference.Status.SENT
    assert RatingRequest.objects.get(reference=row).opened_at is None
    decline = Client().get(f"/rate/{token}/decline/")
    assert decline.status_code == 410
    assert forms_on(decline.content.decode()) == ["/i18n/setlang/"]


def test_the_expired_page_speaks_the_raters_language(world: World, frozen: Any) -> None:
    token = send(world, reference(world), language="es")
    frozen.shift(timedelta(days=61))
    page = Client().get(f"/rate/{token}/")
    assert page.status_code == 410
    text = page.content.decode()
    assert "<h1>Este enlace venció</h1>" in text
    assert EXPIRED_ES in text


def test_posting_to_an_expired_link_changes_nothing(world: World, frozen: Any) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    Client().post(f"/rate/{token}/", {"setting": "Clinic", "save_draft": ""})
    frozen.shift(timedelta(days=60))
    mail.outbox.clear()
    before = state(row)
    for url, data in (
        (f"/rate/{token}/", {"setting": "Changed", "save_draft": ""}),
        (f"/rate/{token}/", complete_answers(world)),
        (f"/rate/{token}/decline/", {"reason": "Too busy"}),
    ):
        response = Client().post(url, data)
        assert response.status_code == 410
        assert EXPIRED_EN in response.content.decode()
    assert state(row) == before
    assert Rating.objects.get(reference=row).draft == {"setting": "Clinic"}
    assert mail.outbox == []


def test_a_link_works_until_the_moment_its_days_are_up(world: World, frozen: Any) -> None:
    """The boundary: sent at 10:00, a 60-day link opens at 9:59:59 on the 60th day after and
    not at 10:00; the page and the applicant's page say it works until that day."""
    row = reference(world)
    token = send(world, row)
    sent_at = timezone.now()
    assert "enlace enviado el 3 de marzo de 2025, funciona hasta el 2 de mayo de 2025" in (
        references_page(world)
    )
    frozen.move_to(sent_at + timedelta(days=60) - timedelta(seconds=1))
    assert Client().get(f"/rate/{token}/").status_code == 200
    assert EXPIRED_FOR_APPLICANT not in references_page(world)
    frozen.move_to(sent_at + timedelta(days=60))
    assert Client().get(f"/rate/{token}/").status_code == 410
    assert EXPIRED_FOR_APPLICANT in references_page(world)


def test_a_shorter_setting_counts_for_links_already_out(world: World, frozen: Any) -> None:
    row = reference(world)
    token = send(world, row)
    sent_at = timezone.now()
    admin = person("admin@ct.example.org", "Ada Admin")
    StaffRole.objects.create(association=world.ct, user=admin, role="admin")
    saved = world.client(admin).post("/ct/manage/settings/", {"rating_link_days": "10"})
    assert saved.status_code == 302
    world.ct.refresh_from_db()
    assert world.ct.rating_link_days == 10
    frozen.move_to(sent_at + timedelta(days=10) - timedelta(seconds=1))
    assert Client().get(f"/rate/{token}/").status_code == 200
    frozen.move_to(sent_at + timedelta(days=10))
    page = Client().get(f"/rate/{token}/")
    assert page.status_code == 410
    assert "This link expired on March 13, 2025." in page.content.decode()
    # Another association's setting does not count here.
    world.nm.rating_link_days = 365
    world.nm.save()
    assert Client().get(f"/rate/{token}/").status_code == 410


def test_a_new_link_works_the_old_one_not_and_a_second_click_sends_nothing(
    world: World, frozen: Any
) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    old_token = send(world, row)
    old = RatingRequest.objects.get(reference=row)
    frozen.shift(timedelta(days=7))
    assert reminders_send_due(timezone.now()) == 1
    frozen.shift(timedelta(days=60))
    page = references_page(world)
    assert EXPIRED_FOR_APPLICANT in page
    assert f'<input type="hidden" name="replaces" value="{old.pk}">' in page
    assert "Enviar un enlace nuevo" in page
    mail.outbox.clear()
    client = world.client(world.applicant)
    url = f"/ct/application/references/{row.pk}/request/"
    first = client.post(url, {"language": "en", "replaces": str(old.pk)})
    second = client.post(url, {"language": "en", "replaces": str(old.pk)}, follow=True)
    assert first.status_code == 302
    assert "Ya se envió un enlace nuevo; no se envió nada más." in second.content.decode()
    # One new link, one email.
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]
    found = LINK.search(mail.outbox[0].body)
    assert found is not None
    new_token = found.group(1)
    requests = list(RatingRequest.objects.filter(reference=row).order_by("pk"))
    assert [(r.pk, r.closed_reason) for r in requests] == [
        (old.pk, "replaced"),
        (requests[1].pk, ""),
    ]
    new = requests[1]
    assert (new.sent_at, new.reminders_sent, new.opened_at) == (timezone.now(), 0, None)
    assert out(row) == str(new.pk)
    # The new link opens the form; the old one is just a link that no longer works.
    assert Client().get(f"/rate/{new_token}/").status_code == 200
    closed = Client().get(f"/rate/{old_token}/")
    assert closed.status_code == 404
    assert "This link no longer works" in closed.content.decode()
    # The application's history keeps it, as every state change.
    event = Event.objects.get(to_state="link_resent")
    assert (event.application_id, event.actor_id, event.from_state, event.note, event.at) == (
        world.application.pk,
        world.applicant.pk,
        "link_expired",
        f"reference {row.pk}",
        timezone.now(),
    )
    assert EXPIRED_FOR_APPLICANT not in references_page(world)


def test_nobody_else_sends_a_new_link_for_an_expired_one(world: World, frozen: Any) -> None:
    row = reference(world)
    token = send(world, row)
    old = RatingRequest.objects.get(reference=row)
    frozen.shift(timedelta(days=61))
    nm_applicant = person("nora@example.org", "Nora NM")
    mail.outbox.clear()
    before = state(row)
    data = {"language": "en", "replaces": str(old.pk)}
    for user in (world.other, world.coordinator, world.nm_coordinator, nm_applicant):
        response = world.client(user).post(f"/ct/application/references/{row.pk}/request/", data)
        assert response.status_code == 404
    # Nor Ana herself under another association's address.
    response = world.client(world.applicant).post(
        f"/nm/application/references/{row.pk}/request/", data
    )
    assert response.status_code == 404
    anonymous = Client().post(f"/ct/application/references/{row.pk}/request/", data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert state(row) == before
    assert mail.outbox == []
    assert Client().get(f"/rate/{token}/").status_code == 410


def test_no_reminder_carries_an_expired_link(world: World, frozen: Any) -> None:
    world.ct.rating_link_days = 10
    world.ct.save()
    send(world, reference(world))
    start = timezone.now()
    frozen.move_to(start + timedelta(days=7))
    assert reminders_send_due(timezone.now()) == 1
    frozen.move_to(start + timedelta(days=14))
    mail.outbox.clear()
    assert reminders_send_due(timezone.now()) == 0
    assert RatingRequest.objects.get().reminders_sent == 1
    # A reminder queued before the link expired and run after (a worker that was down).
    send_rating_email.call(RatingRequest.objects.get().pk, "rating_reminder")
    assert mail.outbox == []


def test_a_rating_received_stays_received_after_the_days_are_up(world: World, frozen: Any) -> None:
    load_rating_items(world.ct)
    row = reference(world)
    token = send(world, row)
    frozen.shift(timedelta(days=5))
    assert Client().post(f"/rate/{token}/", complete_answers(world)).status_code == 200
    frozen.shift(timedelta(days=100))
    page = Client().get(f"/rate/{token}/")
    assert page.status_code == 404
    assert "Your rating was received." in page.content.decode()
    row.refresh_from_db()
    assert row.status == Reference.Status.COMPLETED
    assert Rating.objects.get(reference=row).submitted_at is not None
    assert "venció" not in references_page(world)


def test_the_administrator_sets_the_days_between_1_and_365(world: World) -> None:
    admin = person("admin@ct.example.org", "Ada Admin")
    StaffRole.objects.create(association=world.ct, user=admin, role="admin")
    client = world.client(admin)
    page = client.get("/ct/manage/settings/")
    assert page.status_code == 200
    assert 'name="rating_link_days" value="60"' in page.content.decode()
    for typed in ("0", "366", "-5", "many"):
        refused = client.post("/ct/manage/settings/", {"rating_link_days": typed})
        assert refused.status_code == 422
        expected = (
            "Enter a whole number."
            if typed == "many"
            else "Choose a number of days between 1 and 365."
        )
        assert refused.context["form"].errors == {"rating_link_days": [expected]}
    world.ct.refresh_from_db()
    assert world.ct.rating_link_days == 60
    for days in ("1", "365"):
        assert client.post("/ct/manage/settings/", {"rating_link_days": days}).status_code == 302
        world.ct.refresh_from_db()
        assert world.ct.rating_link_days == int(days)
    # A coordinator who is not the administrator, and another association's administrator.
    nm_admin = person("admin@nm.example.org", "Nel Admin")
    StaffRole.objects.create(association=world.nm, user=nm_admin, role="admin")
    for user in (world.coordinator, nm_admin, world.applicant):
        response = world.client(user).post("/ct/manage/settings/", {"rating_link_days": "30"})
        assert response.status_code == 403
    world.ct.refresh_from_db()
    assert world.ct.rating_link_days == 365


def test_a_write_that_reaches_the_service_after_the_link_expired_is_refused(
    world: World, frozen: Any
) -> None:
    """The page checks first; the service checks again under the row lock, for a form
    opened before the moment and sent after it."""
    row = reference(world)
    send(world, row)
    rating_request = RatingRequest.objects.get(reference=row)
    frozen.shift(timedelta(days=60))
    before = state(row)
    for write in (
        lambda: services.request_opened(rating_request=rating_request),
        lambda: services.rating_save_draft(rating_request=rating_request, typed={"setting": "x"}),
        lambda: services.rating_decline(rating_request=rating_request, reason="x"),
    ):
        with pytest.raises(ValidationError) as refused:
            write()
        assert refused.value.code == "expired"
    assert state(row) == before
