"""Account emails (confirm the address, reset the password) speak for the association the
person came from or belongs to, never for the server's address, and in Spanish say "usted"."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from tests.applications.conftest import World

# What allauth's own Spanish said: "tú", and a greeting from the server's address.
TU = re.compile(r"\b(tu|tus|te|Estás|estás|introdúcelo|Hola de parte)\b")


def spanish(world: World) -> Client:
    client = world.client(None)
    client.post("/i18n/setlang/", {"language": "es", "next": "/ct/register/"})
    return client


def test_signing_up_from_an_associations_page_is_confirmed_in_its_name(world: World) -> None:
    mail.outbox.clear()
    spanish(world).post("/accounts/signup/?next=/ct/register/", {
        "email": "lucia@example.org", "password1": "una-clave-larga-9",
        "password2": "una-clave-larga-9", "full_name": "Lucía Pérez",
        "next": "/ct/register/"})  # fmt: skip
    (message,) = mail.outbox
    assert message.subject == "CT Assoc: Por favor, confirme su dirección de correo electrónico"
    body = message.body
    assert body.startswith("Hola, Lucía Pérez:\n\nPara confirmar su dirección de correo ")
    assert "se dio esta dirección para crear una cuenta en CT Assoc." in body
    assert body.endswith("\n\nCT Assoc\nhttps://endorse.example.org")
    assert not TU.search(body) and "testserver" not in body.replace("http://testserver/", "")


def test_a_password_reset_is_signed_by_the_persons_association(world: World) -> None:
    mail.outbox.clear()
    world.client(None).post("/accounts/password/reset/", {"email": world.other.email})
    (message,) = mail.outbox
    assert message.subject == "CT Assoc: Password Reset Email"
    assert message.body.startswith(
        "Hello Olga Other,\n\nSomeone, probably you, asked to reset the password of your "
        "account. To choose a new password, open this link:\n\nhttp://testserver/accounts/"
    )
    assert message.body.endswith(
        "If you did not ask for it, you can ignore this email: your password stays as it is."
        "\n\nCT Assoc\nhttps://endorse.example.org"
    )


def test_without_an_association_the_site_signs_and_spanish_says_usted(world: World) -> None:
    mail.outbox.clear()
    spanish(world).post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert message.subject.startswith("Endorse: ")
    assert message.body.startswith(
        "Hola:\n\nAlguien, probablemente usted, pidió restablecer la contraseña de una cuenta "
        "con la dirección nobody@example.org, pero ninguna cuenta usa esa dirección."
    )
    assert message.body.endswith("\n\nEndorse\nhttps://endorse.example.org")
    assert not TU.search(message.body)
