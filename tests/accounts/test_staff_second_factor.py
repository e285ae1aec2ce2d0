"""Staff pages ask for the second factor in this session, not only on the account.

A staff member who holds every role at ``ct`` and has an authenticator app, signed in
with the password only, is refused on every staff route (found from the URL patterns,
so a new staff page is covered the day it is added) and in the admin, and nothing
changes. The same person after typing their code gets in.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from endorse.accounts.models import User
from endorse.associations.models import StaffRole
from tests.accounts.sessions import sign_in
from tests.applications.conftest import World
from tests.applications.test_access import objects, snapshot

SECRET = "STAFFSECONDFACTORSECRET2"
REAUTH = "/accounts/2fa/reauthenticate/"
STAFF_ROUTE = re.compile(r"^<slug:slug>/(manage|review|scoring)[/.]")
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
METHODS = ("get", "post")
FILLERS = {"int": "1", "slug": "work", "str": "en"}


def routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, Any]]:
    """Every URL pattern of the site as (route, view), the admin and allauth left out."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(("admin/", "accounts/")):
                found += routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.callback))
    return found


STAFF_ROUTES = [(route, view) for route, view in routes() if STAFF_ROUTE.match(route)]


def address(route: str) -> str:
    """A concrete address for a route; any ids will do, the check comes before any lookup."""
    return "/" + CONVERTER.sub(
        lambda m: "ct" if m.group(2) == "slug" else FILLERS[m.group(1) or "str"], route
    )


def code(secret: str = SECRET) -> str:
    """What the authenticator app shows now (the tests run at a frozen moment)."""
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.fixture
def staff(world: World) -> User:
    """Coordinator, administrator and reviewer at ct, with an authenticator app."""
    user = world.coordinator
    for role in (StaffRole.Role.ADMIN, StaffRole.Role.REVIEWER):
        StaffRole.objects.create(association=world.ct, user=user, role=role)
    user.is_staff = user.is_superuser = True
    user.save()
    TOTP.activate(user, SECRET)
    return user


def password_only(user: User) -> Client:
    return sign_in(Client(), user, second_factor=False)


def test_every_staff_route_goes_through_the_staff_check() -> None:
    unguarded = [route for route, view in STAFF_ROUTES if not hasattr(view, "staff_permission")]
    assert unguarded == []
    print(f"\n{len(STAFF_ROUTES)} staff routes")
    assert len(STAFF_ROUTES) >= 45


def allowed_methods(view: Any) -> set[str]:
    """The methods a view's ``require_GET``/``require_POST`` lets through (all, without one)."""
    while view is not None:
        names = dict(zip(view.__code__.co_freevars, view.__closure__ or (), strict=True))
        if "request_method_list" in names:
            return {method.lower() for method in names["request_method_list"].cell_contents}
        view = getattr(view, "__wrapped__", None)
    return set(METHODS)


def test_a_password_only_session_is_refused_on_every_staff_route(
    world: World, staff: User, report_figure: Any
) -> None:
    objects(world)  # every kind of row there is, so that a change would show
    client = password_only(staff)
    before = snapshot()
    answers, expected = {}, {}
    for route, view in STAFF_ROUTES:
        url = address(route)
        for method in METHODS:
            data = {"decision": "accept", "action": "pay"} if method == "post" else {}
            response = getattr(client, method)(url, data)
            answers[(method, url)] = (response.status_code, response.get("Location"))
            # A method the page does not take is refused (405) before anyone is asked anything.
            expected[(method, url)] = (
                (405, None) if method not in allowed_methods(view)
                else (302, f"{REAUTH}?next={url.replace('/', '%2F')}") if method == "get"
                else (302, REAUTH)
            )  # fmt: skip
    assert answers == expected
    assert snapshot() == before
    refused_by_the_check = sum(status == 302 for status, _location in answers.values())
    report_figure(f"{len(answers)} requests on {len(STAFF_ROUTES)} staff routes: "
                  f"{refused_by_the_check} sent to type the code, the rest 405")  # fmt: skip


def test_the_same_person_with_both_factors_gets_in(world: World, staff: User) -> None:
    client = sign_in(Client(), staff)
    pages = ("/ct/manage/", "/ct/manage/ledger/", "/ct/manage/payments/card/", "/ct/review/",
             "/ct/scoring/", "/ct/manage/staff/", "/admin/")  # fmt: skip
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/ct/manage/registrations/{pending}/decide/", {"decision": "accept"}),
        ("/ct/manage/charges/{charge}/", {"action": "pay", "charge-{charge}-method": "check",
                                          "charge-{charge}-received_on": "2025-03-01"}),
        ("/ct/manage/transcripts/{transcript}/official/", {"official": "1"}),
        ("/ct/manage/endorsements/{endorsement}/revoke/", {"revoke-reason": "Sanction."}),
        ("/ct/manage/payments/card/", {"secret_key": "sk_test_changed", "webhook_secret": "whsec_x"}),
        ("/ct/manage/staff/", {"email": "olga@example.org", "role": "admin"}),
    ],
)  # fmt: skip
def test_staff_actions_with_the_password_only_change_nothing(
    world: World, staff: User, url: str, data: dict[str, str]
) -> None:
    ids = objects(world)
    client = password_only(staff)
    before = snapshot(), list(StaffRole.objects.order_by("pk").values())
    response = client.post(
        url.format(**ids), {key.format(**ids): value for key, value in data.items()}
    )
    assert (response.status_code, response["Location"]) == (302, REAUTH)
    assert (snapshot(), list(StaffRole.objects.order_by("pk").values())) == before


def test_the_code_typed_later_opens_the_staff_pages(world: World, staff: User) -> None:
    client = password_only(staff)
    page = client.get("/ct/manage/ledger/", follow=True)
    assert page.redirect_chain == [(f"{REAUTH}?next=%2Fct%2Fmanage%2Fledger%2F", 302)]
    assert "Staff pages need the code from your authenticator app." in page.content.decode()
    response = client.post(f"{REAUTH}?next=%2Fct%2Fmanage%2Fledger%2F", {"code": code()})
    assert (response.status_code, response["Location"]) == (302, "/ct/manage/ledger/")
    assert client.get("/ct/manage/ledger/").status_code == 200


def test_a_wrong_code_opens_nothing(world: World, staff: User) -> None:
    client = password_only(staff)
    assert client.post(REAUTH, {"code": "000000"}).status_code == 200
    assert client.get("/ct/manage/").status_code == 302


def test_signing_in_with_the_password_and_the_code_opens_the_staff_pages(
    world: World, staff: User
) -> None:
    EmailAddress.objects.filter(user=staff).update(verified=True)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": staff.email, "password": "a-long-Passw0rd"}
    )
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/authenticate/")
    assert client.get("/ct/manage/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": code()})
    assert (response.status_code, response["Location"]) == (302, "/ct/manage/")  # staff land there
    assert client.get("/ct/manage/").status_code == 200


# The admin.


def admin_pages() -> list[str]:
    pages = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        pages += [f"/admin/{meta.app_label}/{meta.model_name}/",
                  f"/admin/{meta.app_label}/{meta.model_name}/add/"]  # fmt: skip
    return pages


def test_the_admin_refuses_a_password_only_session_and_changes_nothing(
    world: World, staff: User, report_figure: Any
) -> None:
    objects(world)
    client = password_only(staff)
    before = snapshot(), list(User.objects.order_by("pk").values())
    pages = admin_pages()
    answers = {page: client.get(page)["Location"] for page in pages}
    assert answers == {page: f"/admin/login/?next={page}" for page in pages}
    posted = {page: client.post(page, {"email": "x@example.org", "name": "Changed"}).status_code
              for page in pages}  # fmt: skip
    assert posted == dict.fromkeys(pages, 302)
    response = client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response["Location"]) == (
        302,
        f"{REAUTH}?next=%2Fadmin%2Flogin%2F%3Fnext%3D%2Fadmin%2F",
    )
    assert (snapshot(), list(User.objects.order_by("pk").values())) == before
    report_figure(f"{len(pages)} admin pages, each read and posted, refused")


def test_the_admin_login_page_is_the_sites_sign_in(world: World, staff: User) -> None:
    client = Client()
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/admin/")


def test_the_admin_login_form_signs_nobody_in(world: World, staff: User) -> None:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": "a-long-Passw0rd", "next": "/admin/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/admin/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_admin_is_forbidden_to_signed_in_people_who_are_not_staff(world: World) -> None:
    response = world.client(world.applicant).get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_the_admin_sends_elsewhere_only_to_this_site(world: World, staff: User) -> None:
    client = sign_in(Client(), staff)
    response = client.get("/admin/login/?next=https://evil.example/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@override_settings(ENDORSE_REQUIRE_STAFF_MFA=True)
def test_with_the_setting_admins_without_an_authenticator_set_one_up(world: World) -> None:
    root = User.objects.create_superuser("root@example.org", "x")
    client = sign_in(Client(), root, second_factor=False)
    response = client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/")


@override_settings(ENDORSE_REQUIRE_STAFF_MFA=False)
def test_an_authenticator_is_asked_for_even_when_the_setting_is_off(
    world: World, staff: User
) -> None:
    response = password_only(staff).get("/ct/manage/")
    assert (response.status_code, response["Location"]) == (302, f"{REAUTH}?next=%2Fct%2Fmanage%2F")
