"""Open Badges 3.0 credentials: signed by the association, verifiable by anyone.

The signature is checked here with libsodium (PyNaCl), JCS from the ``jcs`` package and
base58 from the ``base58`` package: none of them is what signs (``cryptography`` and our
own JCS and base58), so a mistake on one side can't hide behind the same mistake on the
other.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import io
import json
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import base58
import jcs
import nacl.exceptions
import nacl.signing
import pytest
from cryptography.fernet import InvalidToken
from django.test import Client

from endorse.endorsements.credentials import _fernet, issuer_key
from endorse.endorsements.models import Endorsement, IssuerKey
from endorse.endorsements.services import endorsement_grant, endorsement_revoke, status_change
from tests.applications.conftest import World

SITE = "https://endorse.example.org"


def granted(world: World) -> Endorsement:
    return endorsement_grant(application=world.application, issued_on=date(2025, 5, 2))


def fetch(address: str) -> Any:
    """What a verifier fetches from a published address of this site."""
    assert address.startswith(SITE)
    response = Client().get(urlsplit(address).path)
    assert response.status_code == 200, address
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def verify_independently(document: dict[str, Any]) -> None:
    """eddsa-jcs-2022 verification; raises nacl's BadSignatureError when it fails."""
    proof = dict(document["proof"])
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-jcs-2022")
    key = fetch(proof["verificationMethod"])
    assert key["type"] == "Multikey" and key["publicKeyMultibase"].startswith("z6Mk")
    raw = base58.b58decode(key["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01" and len(raw) == 34
    signature = base58.b58decode(proof.pop("proofValue")[1:])
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    proof["@context"] = unsigned["@context"]
    hash_data = (
        hashlib.sha256(jcs.canonicalize(proof)).digest()
        + hashlib.sha256(jcs.canonicalize(unsigned)).digest()
    )
    nacl.signing.VerifyKey(raw[2:]).verify(hash_data, signature)


def download(world: World, endorsement: Endorsement) -> dict[str, Any]:
    response = world.client(world.applicant).get(
        f"/me/endorsements/{endorsement.pk}/credential.json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response["Content-Disposition"] == 'attachment; filename="endorsement-CT-2025-0001.json"'
    return json.loads(response.content)


def status_bit(credential: dict[str, Any], purpose: str = "revocation") -> int:
    [entry] = [e for e in credential["credentialStatus"] if e["statusPurpose"] == purpose]
    status_list = fetch(entry["statusListCredential"])
    verify_independently(status_list)
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) == 16 * 1024
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_the_endorsee_downloads_a_signed_open_badge(world: World) -> None:
    endorsement = granted(world)
    credential = download(world, endorsement)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{SITE}/verify/{endorsement.verify_code}/"
    assert credential["issuer"]["id"] == f"{SITE}/ct/credentials/issuer/"
    assert fetch(credential["issuer"]["id"])["name"] == "CT Assoc"
    assert credential["validFrom"] == "2025-05-02T00:00:00Z"
    subject = credential["credentialSubject"]
    assert subject["name"] == "Ana Díaz"
    assert subject["achievement"]["name"] == "Infant Mental Health Specialist (IMHS)"
    identity = subject["identifier"][0]
    assert (
        identity["identityHash"]
        == "sha256$" + hashlib.sha256(("ana@example.org" + identity["salt"]).encode()).hexdigest()
    )
    assert "ana@example.org" not in json.dumps(credential)
    verify_independently(credential)
    assert status_bit(credential) == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"].__setitem__("name", "Eve Impostor"),
        lambda c: c.__setitem__("validFrom", "2020-05-02T00:00:00Z"),
        lambda c: c["credentialSubject"]["achievement"].__setitem__("name", "Mentor (IMHM-C)"),
        lambda c: c["proof"].__setitem__("created", "2020-01-01T00:00:00Z"),
    ],
    ids=["name", "date", "category", "proof options"],
)
def test_a_changed_credential_fails_verification(world: World, change: Any) -> None:
    credential = download(world, granted(world))
    tampered = copy.deepcopy(credential)
    change(tampered)
    with pytest.raises(nacl.exceptions.BadSignatureError):
        verify_independently(tampered)
    response = Client().post("/verify/", {"credential": upload(tampered)})
    assert "Its contents were changed after it was signed" in response.content.decode()


def test_revocation_shows_in_the_status_list(world: World) -> None:
    endorsement = granted(world)
    credential = download(world, endorsement)
    endorsement_revoke(endorsement=endorsement, revoked_on=date(2025, 7, 1), reason="Sanction")
    assert status_bit(credential) == 1
    verify_independently(credential)  # still genuine: it is the status that changed
    text = Client().post("/verify/", {"credential": upload(credential)}).content.decode()
    assert "Genuine, but no longer valid: CT Assoc signed this credential" in text
    assert "the Endorsement® is now Revoked." in text
    assert (
        world.client(world.applicant)
        .get(f"/me/endorsements/{endorsement.pk}/credential.json")
        .status_code
        == 404
    )


def test_a_lapse_sets_the_suspension_bit_and_reinstating_clears_it(world: World) -> None:
    endorsement = granted(world)
    credential = download(world, endorsement)
    assert status_bit(credential, "suspension") == 0
    lapsed = status_change(endorsement=endorsement, to="lapsed", kind="lapsed", actor=None)
    assert (status_bit(credential), status_bit(credential, "suspension")) == (0, 1)
    text = Client().post("/verify/", {"credential": upload(credential)}).content.decode()
    assert "the Endorsement® is now Lapsed." in text
    status_change(endorsement=lapsed, to="active", kind="reinstated", actor=world.coordinator)
    assert status_bit(credential, "suspension") == 0


def upload(document: Any, name: str = "credential.json") -> io.BytesIO:
    data = io.BytesIO(
        json.dumps(document).encode() if not isinstance(document, bytes) else document
    )
    data.name = name
    return data


def test_anyone_checks_a_genuine_credential(world: World) -> None:
    credential = download(world, granted(world))
    page = Client().get("/verify/")
    assert page.status_code == 200 and "Credential file" in page.content.decode()
    text = " ".join(
        Client().post("/verify/", {"credential": upload(credential)}).content.decode().split()
    )
    assert "Genuine and unchanged: CT Assoc signed this credential for Ana Díaz" in text


def test_a_credential_signed_elsewhere_or_not_a_credential_is_refused(world: World) -> None:
    credential = download(world, granted(world))
    # The same document signed with a key this site never published.
    forged = copy.deepcopy(credential)
    stranger = nacl.signing.SigningKey.generate()
    forged["proof"]["verificationMethod"] = "https://elsewhere.example/keys/1"
    forged["proof"]["proofValue"] = "z" + base58.b58encode(stranger.sign(b"x").signature).decode()
    client = Client()
    text = client.post("/verify/", {"credential": upload(forged)}).content.decode()
    assert "It was not signed by an association on this site." in text
    for document, message in (
        ({"hello": "world"}, "It is not an Endorsement® credential signed the way this site signs"),
        ([1, 2], "It is not an Endorsement® credential signed the way this site signs"),
    ):
        assert message in client.post("/verify/", {"credential": upload(document)}).content.decode()
    response = client.post("/verify/", {"credential": upload(b"\x89PNG not json")})
    assert response.status_code == 422
    assert "This file is not a credential: it is not JSON text." in response.content.decode()
    assert client.post("/verify/", {}).status_code == 422


def test_the_private_key_is_stored_encrypted_under_the_secret_key(
    world: World, settings: Any
) -> None:
    key = issuer_key(world.ct)
    assert issuer_key(world.ct) == key  # one per association, made once
    assert IssuerKey.objects.count() == 1
    stored = bytes(key.private_key_encrypted)
    raw = _fernet().decrypt(stored)
    assert len(raw) == 32 and raw not in stored
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"
    with pytest.raises(InvalidToken):
        _fernet().decrypt(stored)
    settings.SECRET_KEY_FALLBACKS = ["test-only-insecure-key-do-not-use-in-production"]
    assert _fernet().decrypt(stored) == raw


def test_only_the_endorsee_downloads_the_credential(world: World) -> None:
    endorsement = granted(world)
    path = f"/me/endorsements/{endorsement.pk}/credential.json"
    assert world.client(world.other).get(path).status_code == 404
    assert world.client(world.coordinator).get(path).status_code == 404
    assert Client().get(path).status_code == 302
    assert Client().get("/ct/credentials/keys/999/").status_code == 404
    assert Client().get("/nm/credentials/keys/1/").status_code == 404  # CT's key, NM's address
