"""Real Chromium through Playwright, against the live test server, with axe-core on every page
and no Content-Security-Policy violation anywhere (any one fails the test).

Debian's ``chromium`` is used (Playwright's own browser download can't run here).
Without it the browser tests skip, except when ``CI`` is set: then they fail.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from endorse.accounts.models import User
from endorse.applications.demo.load import load_agreements, load_fees
from endorse.associations.models import StaffRole
from endorse.associations.services import association_upsert
from endorse.eligibility.categories import CATEGORIES
from endorse.ratings.demo import load_rating_items
from endorse.standards.services import baseline_sync

# Playwright's sync API runs an event loop in the test's thread; the Django calls the
# tests make (fixtures, reading the outbox) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; .ci/run installs Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # generous: the suite runs on every core at once

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium fires securitypolicyviolation in the page for every blocked script, style,
# image, form target or eval; the init script runs in every page and frame of a context,
# before the page's own scripts, and hands each one to the test through a binding.
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) =>
    window.__endorseCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));"""


def watch_csp(context: Any) -> list[str]:
    """Every Content-Security-Policy violation in the context's pages, as it happens: the
    page's event, and the console error Chromium writes (which also covers a blocked
    navigation, where the page that would get the event is gone)."""
    found: list[str] = []

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"console {message.type}: {message.text}")

    context.expose_binding(
        "__endorseCspViolation", lambda source, text: found.append(f"{source['frame'].url}: {text}")
    )
    context.add_init_script(CSP_LISTENER)
    context.on("console", console)
    return found


@functools.cache
def axe_source() -> str:
    return AXE.read_text()


def check_accessibility(page: Any) -> None:
    """Fail on any serious or critical axe-core violation of WCAG 2.1 A/AA."""
    # Evaluated through DevTools, not added as an inline <script> the site's
    # Content-Security-Policy would (rightly) block.
    page.evaluate(axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: " + "; ".join(bad)


def check_no_sideways_scrolling(page: Any) -> None:
    """WCAG 1.4.10 reflow: nothing may push the page wider than a phone's screen."""
    scroll_width, client_width, culprits = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            // A box wider than the screen, or text (a long word) sticking out of its box.
            const sticksOut = e => e.getBoundingClientRect().right > width + 0.5
                || (e.scrollWidth > e.clientWidth + 1
                    && getComputedStyle(e).overflowX === 'visible');
            const wide = [...document.body.querySelectorAll('*')].filter(sticksOut)
                .slice(-3).map(e => e.outerHTML.slice(0, 120));
            return [document.documentElement.scrollWidth, width, wide];
        }"""
    )
    assert scroll_width <= client_width, (
        f"{page.url}: {scroll_width}px wide on {client_width}px, because of {culprits}"
    )


class Visitor:
    """A browser tab that runs axe-core on every page it lands on, and fails on any
    Content-Security-Policy violation."""

    def __init__(self, context: Any, base_url: str, csp_violations: list[str]) -> None:
        self.context = context
        self.page = context.new_page()
        self.base_url = base_url
        self.csp_violations = csp_violations

    def goto(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        # Called just after a click that navigates, "load" may still be the old page's while
        # the new one is an empty document; every page of the site names its language.
        # A locator, not wait_for_function: Playwright evaluates a function's text with eval,
        # which the site's CSP refuses (and records as a violation) on a page it lands on.
        self.page.locator("html[lang]:not([lang=''])").wait_for(state="attached")
        self.page.wait_for_load_state("load")
        check_accessibility(self.page)
        check_no_sideways_scrolling(self.page)
        assert not self.csp_violations, f"{self.page.url}: {self.csp_violations}"


@pytest.fixture
def visitor_factory(browser: Any, live_server: Any) -> Iterator[Any]:
    # Every browser signs in from 127.0.0.1, and allauth counts sign-ins per address in the
    # database cache, a table the test database's flush leaves alone. A test that travels
    # back in time sees every earlier test's sign-ins as still inside the minute, and past
    # 30 the site answers 429: each test starts with the counts of its own.
    cache.clear()
    contexts: list[tuple[Any, list[str]]] = []

    def make(*, width: int = 1280, height: int = 900, locale: str = "en-US") -> Visitor:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, accept_downloads=True
        )
        context.set_default_timeout(10_000)
        violations = watch_csp(context)
        contexts.append((context, violations))
        return Visitor(context, live_server.url, violations)

    yield make
    # Also what came after a test's last check (an htmx swap, a download, a redirect).
    late = [violation for _, violations in contexts for violation in violations]
    for context, _ in contexts:
        context.close()
    assert not late, f"Content-Security-Policy violations: {late}"


def sign_in(visitor: Visitor, w: Any, email: str, password: str) -> None:
    """The sign-in form, as a person fills it (``w`` gives the site's words)."""
    page = visitor.goto("/accounts/login/")
    page.get_by_label(w.label("Email")).fill(email)
    page.get_by_label(w.label("Password")).fill(password)
    page.get_by_role("button", name=w("Sign In")).click()
    visitor.check()


@pytest.fixture
def association(transactional_db: None) -> Any:
    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT Assoc",
                            time_zone="America/New_York", minimum_preparation_days=0)  # fmt: skip
    load_fees(ct, 2000)
    load_agreements(ct)
    load_rating_items(ct)
    coordinator = User.objects.create_user("coord@ct.example.org", "coordinator-pass-1",
                                           full_name="Casey Coordinator")  # fmt: skip
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    return ct
