"""The advisor needs no account; sign-up verifies the address; the account keeps the language."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from endorse.accounts.models import User
from tests.applications.conftest import World

ANSWERS = {"level": "master", "years": "3", "fte": "1", "service": "parent_infant_psychotherapy",
           "age_band": "infant", "families_served": "12", "training_hours": "40", "dei_hours": "5", "pip_hours": "12",
           "rsc_hours": "60", "rsc_months": "14", "license": "licensed"}  # fmt: skip


def test_the_advisor_says_category_by_category_what_is_met_and_missing(world: World) -> None:
    response = world.client(None).get("/ct/advisor/", ANSWERS)
    rows = {row.code: row for row in response.context["rows"]}
    assert rows["IMHS"].ready is True
    assert rows["IMHS"].missing == []
    assert rows["IMHM-C"].ready is False
    assert "0 of the 3 years as a leader in clinical practice" in rows["IMHM-C"].missing
    assert rows["IFS"].ready is True
    assert len(rows) == 12
    page = " ".join(response.content.decode().split())
    assert "Infant Mental Health Specialist (IMHS) – your background meets it" in page


def test_the_advisor_asks_mentors_about_leadership_and_rsc_they_provide(world: World) -> None:
    answers = {**ANSWERS, "years": "6", "rsc_hours": "60", "training_hours": "50", "leadership_years": "3.5",
               "leadership_kind": "clinical", "rsc_provided_years": "3", "rsc_training_hours": "15",
               "rsc_about_providing_hours": "25"}  # fmt: skip
    rows = {
        row.code: row for row in world.client(None).get("/ct/advisor/", answers).context["rows"]
    }
    assert rows["IMHM-C"].ready is True and rows["IMHM-C"].missing == []
    assert "3.5 years as a leader in clinical practice (at least 3 needed)" in rows["IMHM-C"].met
    assert (
        "3 years providing reflective supervision/consultation to others (at least 3 needed)"
        in rows["IMHM-C"].met
    )
    # Clinical leadership is not policy leadership.
    assert "0 of the 3 years as a leader in policy" in rows["IMHM-P"].missing
    short = {
        **answers,
        "leadership_years": "2",
        "rsc_provided_years": "1",
        "rsc_training_hours": "",
    }
    rows = {row.code: row for row in world.client(None).get("/ct/advisor/", short).context["rows"]}
    assert "2 of the 3 years as a leader in clinical practice" in rows["IMHM-C"].missing
    assert "0 of the 15 hours of training on providing reflective supervision/consultation" in (
        rows["IMHM-C"].missing
    )


def test_the_advisor_refuses_topic_hours_beyond_the_total(world: World) -> None:
    answers = {**ANSWERS, "training_hours": "20", "dei_hours": "5", "pip_hours": "12",
               "rsc_training_hours": "4"}  # fmt: skip
    response = world.client(None).get("/ct/advisor/", answers)
    assert response.context["rows"] is None
    assert response.context["form"].non_field_errors() == [
        "The hours on each topic, together, can't be more than the hours in all."
    ]


def test_the_advisor_explains_bad_answers_next_to_the_field(world: World) -> None:
    response = world.client(None).get("/ct/advisor/", {**ANSWERS, "dei_hours": "50"})
    assert response.context["rows"] is None
    assert (
        '<div class="field-error" id="id_dei_hours-error"><p>Can&#x27;t be more than the training '
        "hours in all.</p></div>"
    ) in response.content.decode()


def test_signing_up_needs_the_address_confirmed_and_keeps_the_language(world: World) -> None:
    client = world.client(None)
    client.post("/i18n/setlang/", {"language": "es", "next": "/ct/register/"})
    response = client.post("/accounts/signup/?next=/ct/register/", {
        "email": "lucia@example.org", "password1": "una-clave-larga-9", "password2": "una-clave-larga-9",
        "full_name": "Lucía Pérez"})  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="lucia@example.org")
    assert (user.full_name, user.preferred_language) == ("Lucía Pérez", "es")
    (message,) = mail.outbox[-1:]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link is not None
    # Not confirmed yet: signing in is not enough.
    assert client.get("/ct/register/").status_code == 200
    assert "Crear una cuenta" in client.get("/ct/register/").content.decode()
    path = link.group(0).split("testserver", 1)[-1]
    client.post(path)
    page = client.get("/ct/register/")
    assert page.status_code == 200 and 'name="work_summary"' in page.content.decode()


def test_the_language_switch_is_remembered_by_the_account(world: World, client: Any) -> None:
    client.force_login(world.other)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    world.other.refresh_from_db()
    assert world.other.preferred_language == "es"
    fresh = world.client(world.other)  # another browser: no cookie, the account decides
    assert "Mi Endorsement" in fresh.get("/me/").content.decode()


def test_logging_in_is_rate_limited(world: World) -> None:
    client = world.client(None)
    for _ in range(5):
        client.post("/accounts/login/", {"login": world.other.email, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": world.other.email, "password": "a-long-Passw0rd"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_the_advisor_refuses_more_rsc_about_providing_than_rsc(world: World) -> None:
    answers = {**ANSWERS, "rsc_hours": "10", "rsc_about_providing_hours": "12"}
    response = world.client(None).get("/ct/advisor/", answers)
    assert response.context["rows"] is None
    assert response.context["form"].errors == {
        "rsc_about_providing_hours": ["Can't be more than the RS/C hours in all."]
    }
