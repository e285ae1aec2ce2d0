"""Authenticator secrets are sealed at rest, so a database dump or backup does not hold them.

allauth stores the TOTP key and the recovery codes' seed (and codes carried over from
another system) in ``Authenticator.data`` and passes each through its adapter's
``encrypt``/``decrypt``. Here they are sealed with a key derived from SECRET_KEY
(``endorse.core.secrets``: after a rotation, keys in SECRET_KEY_FALLBACKS still open
them). A sealed value carries a prefix, so it is never taken for a plain one.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter

from endorse.core.secrets import open_sealed, seal

PURPOSE = b"endorse mfa secrets"
PREFIX = "sealed:"


def is_sealed(text: str) -> bool:
    return text.startswith(PREFIX)


def secret_seal(text: str) -> str:
    return PREFIX + seal(text, purpose=PURPOSE).decode("ascii")


def secret_open(text: str) -> str:
    """Raises ``InvalidToken`` when neither SECRET_KEY nor a fallback sealed it."""
    if not is_sealed(text):
        # Stored before secrets were sealed; migration accounts.0002 seals those, so this
        # only keeps a row restored from an old backup usable.
        return text
    return open_sealed(text.removeprefix(PREFIX).encode("ascii"), purpose=PURPOSE)


class SealingMFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def encrypt(self, text: str) -> str:
        return secret_seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secret_open(encrypted_text)


# The places in ``Authenticator.data`` that hold secrets, by authenticator type
# (WebAuthn keeps only public credentials).
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


def data_transform(
    kind: str, data: dict[str, object], change: Callable[[str], str]
) -> dict[str, object]:
    """``data`` with each secret it holds passed through ``change`` (for the migration)."""
    result = dict(data)
    for field in SECRET_FIELDS.get(kind, ()):
        value = result.get(field)
        if isinstance(value, str):
            result[field] = change(value)
    for field in SECRET_LISTS.get(kind, ()):
        values = result.get(field)
        if isinstance(values, list):
            result[field] = [change(item) if isinstance(item, str) else item for item in values]
    return result
