"""Staff need two-factor authentication when ``ENDORSE_REQUIRE_STAFF_MFA`` is on.

The order stays: nobody signed in goes to the login page, a person who does not
run this association gets 403, and only then is a coordinator without an
authenticator app sent to set one up. Applicants never are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import override_settings

from endorse.accounts.models import User
from tests.applications.conftest import World
from tests.applications.test_access import objects, snapshot
from tests.core.test_settings import manage, production_env

MFA_PAGE = "/accounts/2fa/"
DASHBOARD = "/ct/manage/"
MESSAGE = "Staff accounts need two-factor authentication. Set up an authenticator app to continue."

require_mfa = override_settings(ENDORSE_REQUIRE_STAFF_MFA=True)


def turn_on_totp(user: User) -> None:
    TOTP.activate(user, generate_totp_secret())


@require_mfa
def test_coordinator_without_an_authenticator_is_sent_to_set_one_up(world: World) -> None:
    response = world.client(world.coordinator).get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == MFA_PAGE


@require_mfa
def test_the_two_factor_page_says_why(world: World) -> None:
    page = world.client(world.coordinator).get(DASHBOARD, follow=True)
    assert page.redirect_chain == [(MFA_PAGE, 302)]
    assert page.status_code == 200
    assert MESSAGE in page.content.decode()


@require_mfa
def test_the_message_is_in_the_coordinators_language(world: World) -> None:
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    page = world.client(world.coordinator).get(DASHBOARD, follow=True).content.decode()
    assert "autenticación de dos factores" in page
    assert MESSAGE not in page


@require_mfa
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/ct/manage/registrations/{pending}/decide/", {"decision": "accept"}),
        ("/ct/manage/charges/{charge}/", {"action": "pay", "charge-{charge}-method": "check",
                                          "charge-{charge}-received_on": "2025-03-01"}),
        ("/ct/manage/applications/{application}/comment/work/", {"comment-work-comment": "x"}),
        ("/ct/manage/transcripts/{transcript}/official/", {"official": "1"}),
        ("/ct/manage/cycles/", {"month": "3", "day": "15"}),
        ("/ct/manage/cycles/{deadline}/remove/", {}),
    ],
)  # fmt: skip
def test_coordinator_actions_without_an_authenticator_change_nothing(
    world: World, url: str, data: dict[str, str]
) -> None:
    ids = objects(world)
    before = snapshot()
    response = world.client(world.coordinator).post(
        url.format(**ids), {key.format(**ids): value for key, value in data.items()}
    )
    assert response.status_code == 302
    assert response["Location"] == MFA_PAGE
    assert snapshot() == before


@require_mfa
def test_coordinator_with_an_authenticator_app_gets_in(world: World) -> None:
    turn_on_totp(world.coordinator)
    assert world.client(world.coordinator).get(DASHBOARD).status_code == 200


@require_mfa
def test_recovery_codes_alone_are_not_enough(world: World) -> None:
    Authenticator.objects.create(
        user=world.coordinator, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"}
    )
    response = world.client(world.coordinator).get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == MFA_PAGE


@override_settings(ENDORSE_REQUIRE_STAFF_MFA=False)
def test_without_the_setting_a_coordinator_needs_no_authenticator(world: World) -> None:
    assert world.client(world.coordinator).get(DASHBOARD).status_code == 200


def test_the_setting_is_off_outside_production() -> None:
    assert settings.ENDORSE_REQUIRE_STAFF_MFA is False


@require_mfa
def test_another_associations_coordinator_is_still_refused(world: World) -> None:
    assert world.client(world.nm_coordinator).get(DASHBOARD).status_code == 403
    turn_on_totp(world.nm_coordinator)
    assert world.client(world.nm_coordinator).get(DASHBOARD).status_code == 403


@require_mfa
def test_applicants_still_go_to_the_login_page_first(world: World) -> None:
    response = world.client(None).get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={DASHBOARD}"


@require_mfa
def test_applicants_need_no_authenticator(world: World) -> None:
    client = world.client(world.applicant)
    assert client.get("/ct/application/").status_code == 200
    assert client.get("/ct/application/work/").status_code == 200
    assert client.get(DASHBOARD).status_code == 403


def production_setting(tmp_path: Path, **env: str) -> str:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.ENDORSE_REQUIRE_STAFF_MFA)",
        env={**production_env(tmp_path), **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_requires_staff_mfa(tmp_path: Path) -> None:
    # Unset (empty) in the environment: production's own default applies.
    assert production_setting(tmp_path, ENDORSE_REQUIRE_STAFF_MFA="") == "True"


def test_production_can_turn_it_off(tmp_path: Path) -> None:
    assert production_setting(tmp_path, ENDORSE_REQUIRE_STAFF_MFA="false") == "False"


@require_mfa
def test_an_administrator_without_an_authenticator_changes_no_staff(world: World) -> None:
    from endorse.associations.models import StaffRole

    StaffRole.objects.filter(user=world.coordinator).update(role="admin")
    before = list(StaffRole.objects.values())
    client = world.client(world.coordinator)
    for response in (client.get("/ct/manage/staff/"),
                     client.post("/ct/manage/staff/", {"email": "olga@example.org", "role": "admin"})):  # fmt: skip
        assert (response.status_code, response["Location"]) == (302, MFA_PAGE)
    assert list(StaffRole.objects.values()) == before
    turn_on_totp(world.coordinator)
    assert client.get("/ct/manage/staff/").status_code == 200
