"""The coordinator revokes an endorsement: the verification page and the registry say so."""

from __future__ import annotations

from datetime import date

from django.core import mail
from django.test import Client

from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant
from tests.applications.conftest import World
from tests.endorsements.test_registry import names


def granted(world: World) -> Endorsement:
    return endorsement_grant(application=world.application, issued_on=date(2025, 3, 1))


def test_the_coordinator_revokes_with_a_reason(world: World) -> None:
    endorsement = granted(world)
    client = world.client(world.coordinator)
    page = client.get(f"/ct/manage/applications/{world.application.pk}/").content.decode()
    assert "Revoke this Endorsement®" in page and "CT-2025-0001" in page
    mail.outbox.clear()
    response = client.post(f"/ct/manage/endorsements/{endorsement.pk}/revoke/",
                           {"revoke-reason": "Licensing-board sanction"}, follow=True)  # fmt: skip
    assert "Endorsement® CT-2025-0001 is revoked." in response.content.decode()
    endorsement.refresh_from_db()
    assert (endorsement.status, endorsement.revoked_on) == ("revoked", date(2025, 3, 3))
    assert endorsement.revoked_reason == "Licensing-board sanction"
    text = " ".join(Client().get(f"/verify/{endorsement.verify_code}/").content.decode().split())
    assert "This Endorsement® is not valid: Revoked." in text
    assert "<dt>Revoked on</dt><dd>March 3, 2025</dd>" in text
    assert names(Client().get("/ct/registry/")) == []
    assert names(Client().get("/ct/registry/", {"name": "ana"})) == []
    assert [m.subject for m in mail.outbox] == ["Su Endorsement® CT-2025-0001 ha sido revocado"]
    assert "Licensing-board sanction" in mail.outbox[0].body
    again = client.post(f"/ct/manage/endorsements/{endorsement.pk}/revoke/",
                        {"revoke-reason": "Twice"}, follow=True)  # fmt: skip
    assert "there is nothing to revoke" in again.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.revoked_reason == "Licensing-board sanction"


def test_a_reason_is_needed(world: World) -> None:
    endorsement = granted(world)
    response = world.client(world.coordinator).post(
        f"/ct/manage/endorsements/{endorsement.pk}/revoke/", {"revoke-reason": "  "}, follow=True
    )
    assert "Give the reason for revoking this Endorsement®." in response.content.decode()
    assert Endorsement.objects.get(pk=endorsement.pk).status == "active"


def test_no_one_else_revokes(world: World) -> None:
    endorsement = granted(world)
    path = f"/ct/manage/endorsements/{endorsement.pk}/revoke/"
    assert world.client(world.nm_coordinator).post(path, {"revoke-reason": "x"}).status_code == 403
    assert world.client(world.applicant).post(path, {"revoke-reason": "x"}).status_code == 403
    assert Client().post(path, {"revoke-reason": "x"}).status_code == 302
    # Another association's coordinator, through their own association's address.
    other = f"/nm/manage/endorsements/{endorsement.pk}/revoke/"
    assert world.client(world.nm_coordinator).post(other, {"revoke-reason": "x"}).status_code == 404
    assert world.client(world.coordinator).get(path).status_code == 405
    endorsement.refresh_from_db()
    assert (endorsement.status, endorsement.revoked_reason) == ("active", "")
