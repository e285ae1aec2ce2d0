"""Signing a test client in as a person would: with the password and, by default, the code.

``force_login`` alone makes a password-only session (allauth logged no second factor),
which staff pages refuse for an account with an authenticator. The log written here is
the one allauth writes when a code is accepted at sign-in.
"""

from __future__ import annotations

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from django.test import Client

from endorse.accounts.models import User


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> Client:
    client.force_login(user)
    records: list[dict[str, object]] = [{"method": "password", "at": time.time()}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client
