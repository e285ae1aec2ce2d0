"""The Content-Security-Policy in a real browser: markup that got into a page can't run, the
browser tests see any violation, and the pages we don't write ourselves (Django's admin,
allauth's authenticator set-up) load without one."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from endorse.accounts.models import User
from tests.browser.conftest import sign_in
from tests.browser.review_steps import REVIEWER_PASSWORD, sign_in_with_code
from tests.browser.test_journey import Words

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# What a stored-script attack would put in the page: an inline script, and an on*= handler
# (the <img> fails to load, so its onerror would fire). Each resolves with the directive
# that blocked it, and the page's title shows whether either ran.
INJECT = """(markup) => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation',
        (e) => resolve([e.effectiveDirective, e.blockedURI]), {once: true});
    document.querySelector('main').insertAdjacentHTML('beforeend', markup);
    if (markup.startsWith('<script')) {
        const script = document.createElement('script');
        script.textContent = "document.title = 'ran'";
        document.body.append(script);
    }
})"""


@pytest.mark.parametrize(
    ("markup", "directive"),
    [
        ("<script></script>", "script-src-elem"),
        ("<img src=x alt='' onerror=\"document.title = 'ran'\">", "script-src-attr"),
        ("<p style='color: red'>red?</p>", "style-src-attr"),
    ],
)
def test_markup_in_a_page_does_not_run_and_the_browser_tests_see_it(
    visitor_factory: Any, association: Any, markup: str, directive: str
) -> None:
    visitor = visitor_factory()
    page = visitor.goto("/")
    title = page.title()

    assert page.evaluate(INJECT, markup) == [directive, "inline"]

    assert page.title() == title
    # The fixture's watch saw it too (and would fail the test at its next check).
    expect(page.locator("main")).to_be_visible()
    assert len(visitor.csp_violations) == 2, visitor.csp_violations
    console, event = sorted(visitor.csp_violations)  # "console …" sorts before "http…"
    assert event.startswith(f"{page.url}: {directive} blocked inline at ")
    assert console.startswith("console error: ") and "Content Security Policy" in console
    visitor.csp_violations.clear()


def test_the_admin_loads_without_a_violation(visitor_factory: Any, association: Any) -> None:
    w = Words("en")
    operator = User.objects.create_superuser(
        "operator@example.org", REVIEWER_PASSWORD, full_name="Olu Operator"
    )
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    TOTP.activate(operator, SECRET)
    visitor = visitor_factory()
    sign_in_with_code(visitor, w, operator.email, SECRET)

    paths = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    paths.append(reverse("admin:accounts_user_change", args=[operator.pk]))
    loaded = 0
    for path in paths:
        response = visitor.page.goto(visitor.base_url + path)
        visitor.page.wait_for_load_state("load")
        # Django's own pages: no axe here, only the policy (and no denial: it's a superuser).
        assert response.status in (200, 403), (path, response.status)
        assert not visitor.csp_violations, (path, visitor.csp_violations)
        loaded += response.status == 200
    assert loaded >= len(admin.site._registry)


def test_setting_up_an_authenticator_shows_its_qr_code(
    visitor_factory: Any, association: Any
) -> None:
    w = Words("en")
    person = User.objects.create_user("pat@example.org", REVIEWER_PASSWORD, full_name="Pat Park")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    visitor = visitor_factory()
    sign_in(visitor, w, person.email, REVIEWER_PASSWORD)

    page = visitor.goto("/accounts/2fa/totp/activate/")
    page.get_by_label(w.label("Password")).fill(REVIEWER_PASSWORD)  # allauth asks again
    page.get_by_role("button", name=w("Confirm")).click()
    visitor.check()

    expect(page).to_have_url(visitor.base_url + "/accounts/2fa/totp/activate/")
    # allauth's QR code is an SVG data: URI, allowed as an image (an image runs no script).
    qr = page.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_have_count(1)
    assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0")
