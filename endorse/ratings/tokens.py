"""The rater's link: ``token = HMAC(SECRET_KEY, nonce)``; only ``sha256(token)`` is stored.

The nonce is random (128 bits) and stored, so the worker can put the same link
in a reminder; without the server's secret the nonce gives nothing away. The
token itself is 256 bits, so it can't be guessed.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "endorse.ratings.RatingRequest"


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(nonce: str, secret: str | bytes | None = None) -> str:
    return salted_hmac(SALT, nonce, secret=secret, algorithm="sha256").hexdigest()


def token_matching(nonce: str, stored_hash: str) -> str | None:
    """The link's token as it was made, also after the secret key was rotated (the old key
    kept in ``SECRET_KEY_FALLBACKS``); None once no key we have made it."""
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        token = token_for(nonce, secret)
        if secrets.compare_digest(token_hash(token), stored_hash):
            return token
    return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
