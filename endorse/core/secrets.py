"""Secrets kept in the database (signing keys, card-provider keys), sealed with Fernet.

The keys are derived from SECRET_KEY and its fallbacks, newest first, so a rotated
SECRET_KEY (kept in SECRET_KEY_FALLBACKS) still opens what was sealed under the old one.
Each use has its own ``purpose``, so one kind of secret can never be opened as another.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "open_sealed", "seal", "sealer"]


def sealer(purpose: bytes) -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = []
    for secret in secrets:
        derived = HKDF(SHA256(), 32, salt=None, info=purpose).derive(str(secret).encode())
        keys.append(Fernet(base64.urlsafe_b64encode(derived)))
    return MultiFernet(keys)


def seal(text: str, *, purpose: bytes) -> bytes:
    return sealer(purpose).encrypt(text.encode())


def open_sealed(token: bytes | memoryview, *, purpose: bytes) -> str:
    """Raises ``InvalidToken`` when no current or fallback key opens it."""
    return sealer(purpose).decrypt(bytes(token)).decode()
