"""Sign-in limits count each client behind the load balancer, and each account, apart.

Every request comes from the balancer (REMOTE_ADDR 10.0.0.1), which appends the
client's address to X-Forwarded-For. With ``ENDORSE_NUM_PROXIES=1`` allauth reads the
client from there, as the API's limit does; wrong passwords or codes lock the account
they were typed for after five, an address only after twenty.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from endorse.accounts.models import User
from tests.applications.conftest import person
from tests.core.test_settings import manage, production_env

pytestmark = pytest.mark.django_db
BALANCER = "10.0.0.1"
PASSWORD = "a-long-Passw0rd"  # tests.applications.conftest.person's
TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."
SECRETS = {
    "ana@example.org": "ANASECRETAAAAAAAAAAAAAAA",
    "bea@example.org": "BEASECRETBBBBBBBBBBBBBBB",
}


@pytest.fixture
def behind_one_proxy(settings: Any) -> None:
    # What ENDORSE_NUM_PROXIES=1 sets (test_the_setting_reaches_allauth_and_the_api).
    settings.ENDORSE_NUM_PROXIES = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def ana() -> User:
    return person("ana@example.org", "Ana")


@pytest.fixture
def bea() -> User:
    return person("bea@example.org", "Bea")


def client_at(address: str) -> Client:
    """A browser at ``address``, reaching the app through the balancer."""
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str = PASSWORD) -> str:
    """What the sign-in form answers: where it sends the person, or its error."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    if response.status_code == 302:
        return str(response["Location"])
    page = response.content.decode()
    return TOO_MANY if TOO_MANY in page else WRONG if WRONG in page else page


def type_code(client: Client, email: str, right: bool) -> str:
    secret = SECRETS[email]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    response = client.post("/accounts/2fa/authenticate/", {"code": code if right else "000000"})
    if response.status_code == 302:
        return str(response["Location"])
    page = response.content.decode()
    return (
        TOO_MANY if TOO_MANY in page else "Incorrect code." if "Incorrect code." in page else page
    )


def test_the_setting_reaches_allauth_and_the_api(tmp_path: Path) -> None:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES'])",
        env={**production_env(tmp_path), "ENDORSE_NUM_PROXIES": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 1"


def test_one_clients_failures_do_not_lock_out_another_client(
    behind_one_proxy: None, ana: User, bea: User
) -> None:
    stuffer = client_at("203.0.113.5")
    # Twenty wrong guesses at as many accounts (no account reaches its own five).
    answers = [sign_in(stuffer, f"user{n}@example.org", "guess") for n in range(20)]
    assert answers == [WRONG] * 20
    assert sign_in(stuffer, "ana@example.org") == TOO_MANY
    assert sign_in(client_at("198.51.100.7"), "bea@example.org") == "/me/"


def test_without_the_setting_everyone_behind_the_balancer_is_one_client(
    ana: User, bea: User
) -> None:
    """The fault this setting mends: one client's guesses lock everyone out."""
    stuffer = client_at("203.0.113.5")
    assert [sign_in(stuffer, f"user{n}@example.org", "guess") for n in range(20)] == [WRONG] * 20
    assert sign_in(client_at("198.51.100.7"), "bea@example.org") == TOO_MANY


def test_failures_for_one_account_from_many_addresses_lock_it_and_no_other(
    behind_one_proxy: None, ana: User, bea: User
) -> None:
    answers = [sign_in(client_at(f"203.0.113.{n}"), "ana@example.org", "guess") for n in range(5)]
    assert answers == [WRONG] * 5
    assert sign_in(client_at("198.51.100.7"), "ana@example.org") == TOO_MANY
    assert sign_in(client_at("203.0.113.1"), "bea@example.org") == "/me/"


def test_wrong_codes_for_one_person_do_not_block_anothers_code_step(
    behind_one_proxy: None, ana: User, bea: User
) -> None:
    for user in (ana, bea):
        TOTP.activate(user, SECRETS[user.email])
    # Both at the same office, behind one address: only Ana's account is locked.
    anas, beas = client_at("203.0.113.5"), client_at("203.0.113.5")
    assert sign_in(anas, "ana@example.org") == "/accounts/2fa/authenticate/"
    assert sign_in(beas, "bea@example.org") == "/accounts/2fa/authenticate/"
    assert [type_code(anas, "ana@example.org", right=False) for _ in range(5)] == [
        "Incorrect code."
    ] * 5
    assert type_code(anas, "ana@example.org", right=True) == TOO_MANY
    assert type_code(beas, "bea@example.org", right=True) == "/me/"
    assert beas.get("/me/").status_code == 200
    assert anas.get("/me/").status_code == 302
