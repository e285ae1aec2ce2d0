"""Staff find their work: a "Manage" link in the header goes to their staff page (or, at
several associations, to the list of them), and signing in lands them there."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from endorse.associations.models import StaffRole
from tests.accounts.test_staff_second_factor import SECRET, code
from tests.applications.conftest import World, person

PASSWORD = "a-long-Passw0rd"  # tests.applications.conftest.person's


def header(client: Client) -> str:
    page = client.get("/me/").content.decode()
    return page[page.index('<nav class="account-nav"') : page.index("</nav>")]


def signed_in_to(email: str, **extra: str) -> str:
    response = Client().post("/accounts/login/", {"login": email, "password": PASSWORD, **extra})
    assert response.status_code == 302
    return str(response["Location"])


def test_the_header_links_each_person_to_their_staff_page(world: World) -> None:
    reviewer = person("rowan@example.org", "Rowan Reviewer")
    StaffRole.objects.create(association=world.nm, user=reviewer, role="reviewer")
    assert '<a href="/ct/manage/">Manage</a>' in header(world.client(world.coordinator))
    assert '<a href="/nm/review/">Manage</a>' in header(world.client(reviewer))
    assert "Manage" not in header(world.client(world.other))  # an applicant


def test_staff_at_several_associations_choose_from_a_list(world: World) -> None:
    StaffRole.objects.create(association=world.nm, user=world.coordinator, role="reviewer")
    StaffRole.objects.create(association=world.ct, user=world.coordinator, role="reviewer")
    client = world.client(world.coordinator)
    assert '<a href="/me/staff/">Manage</a>' in header(client)
    page = " ".join(client.get("/me/staff/").content.decode().split())
    assert (
        '<li><strong>CT Assoc</strong>: <a href="/ct/manage/">Coordinator</a> · '
        '<a href="/ct/review/">My reviews</a> </li>'
    ) in page
    assert '<li><strong>NM Assoc</strong>: <a href="/nm/review/">My reviews</a> </li>' in page
    assert "No tiene" not in page and "You have no staff role" not in page
    nobody = world.client(world.other).get("/me/staff/").content.decode()
    assert "You have no staff role at any association." in nobody


def test_staff_land_on_their_staff_page_after_signing_in(world: World) -> None:
    assert signed_in_to(world.coordinator.email) == "/ct/manage/"
    assert signed_in_to(world.other.email) == "/me/"
    assert signed_in_to(world.coordinator.email, next="/ct/registry/") == "/ct/registry/"
    StaffRole.objects.create(association=world.nm, user=world.coordinator, role="reviewer")
    assert signed_in_to(world.coordinator.email) == "/me/staff/"


def test_with_an_authenticator_staff_land_there_after_the_code(world: World) -> None:
    TOTP.activate(world.coordinator, SECRET)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": world.coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": code()})
    assert response["Location"] == "/ct/manage/"
    assert client.get("/ct/manage/").status_code == 200
