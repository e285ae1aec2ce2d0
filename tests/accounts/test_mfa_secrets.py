"""Authenticator secrets are sealed in the database; sign-in with a code still works."""

from __future__ import annotations

import importlib
import json
import time
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps
from django.db import connection
from django.test import Client

from endorse.accounts.mfa import PREFIX, secret_open, secret_seal
from endorse.accounts.models import User
from tests.applications.conftest import person

pytestmark = pytest.mark.django_db
SECRET = "SEALEDTOTPSECRETAAAAAAAA"
PASSWORD = "a-long-Passw0rd"  # tests.applications.conftest.person's
migration = importlib.import_module("endorse.accounts.migrations.0002_seal_authenticator_secrets")


def code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def stored() -> list[dict[str, Any]]:
    """The rows as a dump would show them, read past the ORM and allauth."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator ORDER BY id")
        return [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in cursor]


def sign_in_with(client: Client, user: User, answer: str) -> int:
    """Password, then ``answer`` at the code step; the status of /me/ afterwards."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": answer})
    assert (response.status_code, response["Location"]) == (302, "/me/")
    return client.get("/me/").status_code


def test_the_totp_key_is_not_in_the_database_and_its_codes_sign_in() -> None:
    user = person("ana@example.org", "Ana")
    TOTP.activate(user, SECRET)
    (row,) = stored()
    assert SECRET not in json.dumps(row)
    assert isinstance(row["secret"], str) and row["secret"].startswith(PREFIX)
    assert secret_open(row["secret"]) == SECRET
    assert sign_in_with(Client(), user, code()) == 200


def test_the_recovery_codes_seed_is_sealed_and_a_recovery_code_signs_in() -> None:
    user = person("ana@example.org", "Ana")
    TOTP.activate(user, SECRET)
    codes = RecoveryCodes.activate(user).generate_codes()
    rows = stored()
    seed = rows[1]["seed"]
    assert isinstance(seed, str) and seed.startswith(PREFIX)
    assert len(secret_open(seed)) == 80  # 40 random bytes in hex, only after opening
    assert not any(recovery in json.dumps(rows) for recovery in codes)
    assert sign_in_with(Client(), user, codes[0]) == 200
    recovery = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(recovery).get_unused_codes() == codes[1:]


def test_a_rotated_secret_key_still_opens_them(settings: Any) -> None:
    user = person("ana@example.org", "Ana")
    TOTP.activate(user, SECRET)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation"
    assert TOTP(Authenticator.objects.get()).validate_code(code())


def test_the_migration_seals_plain_secrets_and_leaves_sealed_ones() -> None:
    ana, bea = person("ana@example.org", "Ana"), person("bea@example.org", "Bea")
    sealed = secret_seal("BEASECRETBBBBBBBBBBBBBBB")
    # As allauth stored them before: in the clear (bypassing the adapter).
    Authenticator.objects.bulk_create([
        Authenticator(user=ana, type="totp", data={"secret": SECRET}),
        Authenticator(user=ana, type="recovery_codes",
                      data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]}),
        Authenticator(user=bea, type="totp", data={"secret": sealed}),
    ])  # fmt: skip
    migration.seal_all(apps, None)
    rows = stored()
    assert SECRET not in json.dumps(rows) and "ab" * 40 not in json.dumps(rows)
    assert "12345678" not in json.dumps(rows)
    assert rows[2] == {"secret": sealed}  # already sealed: untouched
    assert [secret_open(rows[0]["secret"]), secret_open(rows[1]["seed"])] == [SECRET, "ab" * 40]
    assert rows[1]["used_mask"] == 0
    assert TOTP(Authenticator.objects.get(user=ana, type="totp")).validate_code(code())
    recovery = RecoveryCodes(Authenticator.objects.get(type="recovery_codes"))
    assert recovery.validate_code("12345678")
    migration.seal_all(apps, None)  # twice is once
    assert stored()[0] == rows[0]


def test_the_migration_backwards_opens_them_again() -> None:
    ana = person("ana@example.org", "Ana")
    TOTP.activate(ana, SECRET)
    migration.open_all(apps, None)
    assert stored() == [{"secret": SECRET}]


def test_a_plain_secret_left_from_before_still_signs_in() -> None:
    user = person("ana@example.org", "Ana")
    Authenticator.objects.create(user=user, type="totp", data={"secret": SECRET})
    assert sign_in_with(Client(), user, code()) == 200
