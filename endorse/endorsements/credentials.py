"""Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0) for endorsements.

Each association signs with its own Ed25519 key (IssuerKey) using the Data Integrity
cryptosuite ``eddsa-jcs-2022``: the document and the proof options are canonicalized
with JCS (RFC 8785), hashed with SHA-256 each, and the two hashes signed. The public key
is published as a Multikey at a stable address, and each credential points at its
association's revocation list (a ``BitstringStatusListCredential``, signed the same way),
so a revoked endorsement shows as revoked to any verifier.

Our documents hold only strings, integers, booleans, lists and objects with ASCII keys,
for which JCS is exactly ``json.dumps`` with sorted keys, no spaces and UTF-8 text; a
float anywhere is refused rather than canonicalized approximately.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import MultiFernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.db import transaction

from endorse.associations.models import Association
from endorse.core.secrets import sealer
from endorse.core.urls import site_url
from endorse.endorsements.models import Endorsement, IssuerKey

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_LIST_BITS = 131_072  # the smallest list the Bitstring Status List spec allows (16 KB)
_ED25519_MULTICODEC = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# Encoding ------------------------------------------------------------------------------


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _B58[rest] + digits
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def from_base58btc(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)  # ValueError on a foreign character
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def canonical(document: Any) -> bytes:
    """JCS (RFC 8785) for the JSON values credentials hold; see the module's note."""
    _refuse_floats(document)
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise ValueError("floats are not canonicalized here")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_floats(item)


# Keys ----------------------------------------------------------------------------------


def _fernet() -> MultiFernet:
    return sealer(b"endorse issuer keys")


@transaction.atomic
def issuer_key(association: Association) -> IssuerKey:
    """The association's signing key, made the first time it is needed."""
    Association.objects.select_for_update().get(pk=association.pk)
    key = IssuerKey.objects.filter(association=association, retired_at=None).order_by("-pk").first()
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return IssuerKey.objects.create(
        association=association,
        public_key=private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        private_key_encrypted=_fernet().encrypt(raw),
    )


def _private_key(key: IssuerKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_fernet().decrypt(bytes(key.private_key_encrypted)))


def public_key_multibase(key: IssuerKey) -> str:
    return "z" + base58btc(_ED25519_MULTICODEC + bytes(key.public_key))


# Addresses -----------------------------------------------------------------------------


def issuer_url(association: Association) -> str:
    return site_url("endorsements:issuer", slug=association.slug)


def key_url(key: IssuerKey, association: Association) -> str:
    return site_url("endorsements:issuer_key", slug=association.slug, pk=key.pk)


# Revocation is final; suspension is set while an endorsement has lapsed or is inactive
# and cleared when it is reinstated or reactivated.
PURPOSES = ("revocation", "suspension")


def status_list_url(association: Association, purpose: str = "revocation") -> str:
    if purpose == "suspension":
        return site_url("endorsements:suspension_list", slug=association.slug)
    return site_url("endorsements:status_list", slug=association.slug)


# Documents -----------------------------------------------------------------------------


def issuer_profile(association: Association) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": issuer_url(association),
        "type": ["Profile"],
        "name": association.name,
        "url": site_url("associations:detail", slug=association.slug),
    }
    if association.contact_email:
        profile["email"] = association.contact_email
    return profile


def multikey(key: IssuerKey, association: Association) -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/security/multikey/v1",
        "id": key_url(key, association),
        "type": "Multikey",
        "controller": issuer_url(association),
        "publicKeyMultibase": public_key_multibase(key),
    }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def endorsement_credential(endorsement: Endorsement) -> dict[str, Any]:
    """The endorsement as a signed OpenBadgeCredential."""
    association, category = endorsement.association, endorsement.category
    credential = {
        "@context": CONTEXTS,
        "id": endorsement.verify_address,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Endorsement® {category.name_en} ({category.code})",
        "issuer": {"id": issuer_url(association), "type": ["Profile"], "name": association.name},
        "validFrom": _timestamp(datetime.combine(endorsement.issued_on, time(), tzinfo=UTC)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": endorsement.person.get_full_name(),
            "identifier": [_email_identity(endorsement)],
            "achievement": {
                "id": site_url("associations:detail", slug=association.slug)
                + f"#category-{category.code}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": f"{category.name_en} ({category.code})",
                "description": (
                    f"Endorsement® as {category.name_en}: recognized competency in infant and "
                    "early childhood mental health. It is not a license to practice."
                ),
                "criteria": {"narrative": "Met the association's requirements for this category."},
            },
        },
        "credentialStatus": [
            {
                "id": f"{status_list_url(association, purpose)}#{endorsement.status_index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(endorsement.status_index),
                "statusListCredential": status_list_url(association, purpose),
            }
            for purpose in PURPOSES
        ],
    }
    return sign(credential, association)


def _email_identity(endorsement: Endorsement) -> dict[str, Any]:
    """The holder's email address, salted and hashed: provable by them, not readable."""
    salt = hashlib.sha256(f"{endorsement.verify_code}:salt".encode()).hexdigest()[:16]
    digest = hashlib.sha256((endorsement.person.email.lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
        "identityHash": f"sha256${digest}",
    }


def status_list_credential(
    association: Association, indexes: list[int], purpose: str = "revocation"
) -> dict[str, Any]:
    """The association's list for ``purpose``: bit ``i`` set when the endorsement with
    ``status_index == i`` is revoked (or, for suspension, lapsed or inactive); bit 0 is
    the first byte's highest bit."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": status_list_url(association, purpose),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(association),
        "credentialSubject": {
            "id": f"{status_list_url(association, purpose)}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": "u" + encoded.decode(),
        },
    }
    return sign(credential, association)


# Proofs --------------------------------------------------------------------------------


def _hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof_options.items() if k != "proofValue"}
    options["@context"] = unsigned.get("@context")
    return (
        hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(unsigned)).digest()
    )


def sign(document: dict[str, Any], association: Association) -> dict[str, Any]:
    key = issuer_key(association)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": _timestamp(key.created_at),
        "verificationMethod": key_url(key, association),
        "proofPurpose": "assertionMethod",
    }
    signature = _private_key(key).sign(_hash_data(document, proof))
    return {**document, "proof": {**proof, "proofValue": "z" + base58btc(signature)}}


@dataclass(frozen=True)
class Checked:
    """What checking an uploaded credential found. ``problem`` is a code, None when sound."""

    problem: str | None
    endorsement: Endorsement | None = None


def check_credential(document: Any) -> Checked:
    """Whether ``document`` is a credential one of this site's associations signed, unchanged
    since; and the endorsement it stands for, whose status today the caller reports."""
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return Checked("not_a_credential")
    proof = document["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return Checked("unknown_proof")
    key = _key_named(proof.get("verificationMethod"))
    if key is None:
        return Checked("unknown_issuer")
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != issuer_url(key.association):
        return Checked("unknown_issuer")
    try:
        signature = from_base58btc(str(proof.get("proofValue", ""))[1:])
        public = Ed25519PublicKey.from_public_bytes(bytes(key.public_key))
        public.verify(signature, _hash_data(document, proof))
    except (InvalidSignature, ValueError, TypeError):
        return Checked("tampered")
    endorsement = (
        Endorsement.objects.filter(association=key.association)
        .select_related("person", "category", "association")
        .filter(verify_code=_verify_code_of(document.get("id")))
        .first()
    )
    if endorsement is None:
        return Checked("unknown_endorsement")
    return Checked(None, endorsement)


def _key_named(address: Any) -> IssuerKey | None:
    """Our key whose published address is ``address``; only ours are trusted."""
    if not isinstance(address, str):
        return None
    for key in IssuerKey.objects.select_related("association").filter(pk=_last_number(address)):
        if key_url(key, key.association) == address:
            return key
    return None


def _last_number(address: str) -> int:
    parts = [p for p in address.rstrip("/").split("/") if p.isdigit()]
    return int(parts[-1]) if parts else 0


def _verify_code_of(address: Any) -> str:
    if not isinstance(address, str) or "/verify/" not in address:
        return ""
    return address.rstrip("/").rsplit("/", 1)[-1]
