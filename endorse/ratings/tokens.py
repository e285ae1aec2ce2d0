"""The rater's link: ``token = HMAC(SECRET_KEY, nonce)``; only ``sha256(token)`` is stored.

The nonce is random (128 bits) and stored, so the worker can put the same link
in a reminder; without the server's secret the nonce gives nothing away. The
token itself is 256 bits, so it can't be guessed.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import salted_hmac

SALT = "endorse.ratings.RatingRequest"


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(nonce: str) -> str:
    return salted_hmac(SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
