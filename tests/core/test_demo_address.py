"""Links follow the address the site runs at: `load_demo --base-url`, and the credential
served by a web process that `endorse serve` gave its address (see test_supervisor.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command

from endorse.endorsements.credentials import endorsement_credential
from endorse.endorsements.models import Endorsement
from endorse.notifications.models import Notification

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8101"


def test_load_demo_builds_every_link_on_the_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    default = django_settings.SITE_URL
    with time_machine.travel("2026-11-16 15:00:00+00:00", tick=True):
        call_command("load_demo", "--force", "--base-url", SITE + "/")

    # The demo's notifications (kept, shown on the site) and their emails.
    texts = json.dumps([n.context for n in Notification.objects.all()])
    texts += "\n".join(message.body for message in mail.outbox)
    links = re.findall(r"https?://[^\s\"'<>)]+", texts)
    assert len(links) > 20
    assert {link[: len(SITE) + 1] for link in links} == {SITE + "/"}
    lucia = Endorsement.objects.filter(person__email="endorsed@endorse.test").first()
    assert lucia is not None
    assert f"{SITE}/verify/{lucia.verify_code}/" in links
    # The printed logins name it too; and the process's own setting is left as it was.
    output = capsys.readouterr().out
    assert f"  Admin:   {SITE}/admin/  admin@endorse.test / endorse-demo" in output
    assert f"  Site:    {SITE}/  (associations /ct/ and /nm/)" in output
    assert default == django_settings.SITE_URL


def test_a_credential_and_its_certificate_address_follow_site_url(
    settings: Any,
) -> None:
    with time_machine.travel("2026-11-16 15:00:00+00:00", tick=True):
        call_command("load_demo", "--force", stdout=None)
    # What `endorse serve --port 8101` gives the web process and its worker.
    settings.SITE_URL = SITE
    endorsement = Endorsement.objects.filter(person__email="endorsed@endorse.test").first()
    assert endorsement is not None

    credential = endorsement_credential(endorsement)

    verify = f"{SITE}/verify/{endorsement.verify_code}/"
    assert (credential["id"], endorsement.verify_address) == (verify, verify)
    assert credential["issuer"]["id"] == f"{SITE}/ct/credentials/issuer/"
