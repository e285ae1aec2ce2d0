"""Sign-up, sign-in, password and two-factor pages (allauth's) look and read like the rest of
the site: its layout, a label above each field, each error next to its field, and Spanish
that says "usted"."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.utils import translation

from endorse.accounts.allauth_words import ALLAUTH_WORDS
from endorse.accounts.models import User
from tests.accounts.sessions import sign_in
from tests.applications.conftest import person

pytestmark = pytest.mark.django_db
SECRET = "ACCOUNTPAGESSECRETAAAAAA"


def spanish() -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    return client


def flat(html: str) -> str:
    return " ".join(html.split())


def test_the_sign_in_page_has_the_sites_layout_labels_and_the_error_above_the_form() -> None:
    person("ana@example.org", "Ana")
    page = flat(Client().get("/accounts/login/").content.decode())
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert 'href="/static/endorse/site.css"' in page and "Menu:" not in page
    assert '<div class="field"> <label for="id_login">Email</label>' in page
    assert '<p class="help" id="id_password-help"><a href="/accounts/password/reset/">' in page
    assert 'aria-describedby="id_password-error id_password-help"' in page
    assert '<div class="form-actions"> <button type="submit"> Sign In </button> </div>' in page

    wrong = Client().post(
        "/accounts/login/", {"login": "ana@example.org", "password": "not-her-password"}
    )
    assert (
        '<div class="form-errors" role="alert"><p>The email address and/or password you '
        "specified are not correct.</p></div>"
    ) in wrong.content.decode()
    assert "_auth_user_id" not in wrong.client.session


def test_sign_up_errors_stand_next_to_their_field() -> None:
    person("ana@example.org", "Ana")
    response = Client().post("/accounts/signup/", {
        "email": "ana@example.org", "full_name": "Ana Again",
        "password1": "una-clave-larga-9", "password2": "otra-clave-larga-9"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<div class="field-error" id="id_password2-error"><p>You must type the same password '
        r"each time.</p></div>",
        page,
    )
    assert re.search(r'<input type="password" name="password2"[^>]*aria-invalid="true"', page)
    assert User.objects.filter(full_name="Ana Again").count() == 0


def test_the_pages_read_in_spanish_with_usted() -> None:
    client = spanish()
    page = flat(client.get("/accounts/login/").content.decode())
    assert "<h1> Iniciar sesión </h1>" in page
    assert '<label for="id_login">Correo electrónico</label>' in page
    assert "Si aún no ha creado una cuenta" in page
    reset = flat(client.get("/accounts/password/reset/").content.decode())
    assert "¿Ha olvidado su contraseña?" in reset


def test_allauths_own_words_in_spanish_say_usted() -> None:
    with translation.override("es"):
        said = [translation.gettext(words) for words in ALLAUTH_WORDS]
    assert said == [
        "Tenga paciencia: está enviando demasiadas solicitudes.",
        "Seleccione solo una opción.",
        "Use la aplicación de autenticación o un código",
        "No puede generar códigos de recuperación sin tener activada la autenticación de dos "
        "factores.",
    ]


def test_the_two_factor_pages_use_the_sites_panels_and_buttons() -> None:
    ana = person("ana@example.org", "Ana", lang="es")
    TOTP.activate(ana, SECRET)
    RecoveryCodes.activate(ana)
    client = sign_in(Client(), ana)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    index = flat(client.get("/accounts/2fa/").content.decode())
    assert '<section class="panel account-panel"> <h2> Aplicación de autenticación </h2>' in index
    # Reading the codes asks for the password again first, on a page styled like the others.
    again = client.get("/accounts/2fa/recovery-codes/", follow=True)
    reauthenticate = again.redirect_chain[-1][0]
    assert reauthenticate.startswith("/accounts/reauthenticate/")
    assert '<div class="form-actions">' in again.content.decode()
    client.post(reauthenticate, {"password": "a-long-Passw0rd"})
    codes = flat(client.get("/accounts/2fa/recovery-codes/").content.decode())
    assert '<a class="button" href="/accounts/2fa/recovery-codes/download/">' in codes
    assert "Descargar los códigos" in codes and "Descarga los códigos" not in codes
    assert '<label for="recovery_codes">Códigos sin usar</label>' in codes
    assert Authenticator.objects.filter(user=ana).count() == 2
