"""Screenshots of the main pages, in English and Spanish, on a desktop and a 375 px phone.

    make screenshots            # or: .venv/bin/python scripts/screenshots.py [--out DIR]

Builds a throwaway demo site (its own SQLite database and media in a temporary
directory, `migrate` + `load_demo`), serves it with Django's development server
on a free loopback port, and drives Debian's Chromium through Playwright as the
demo visitor, applicants, coordinator and a reviewer. Nothing of the developer's own
`var/` database is touched. Files are named `<page>-<language>-<device>.png`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENDORSE = Path(sys.executable).parent / "endorse"
PASSWORD = "endorse-demo"  # noqa: S105 - the published demo login (applications/demo/load.py)
DEVICES = {"desktop": (1280, 900), "phone": (375, 812)}
LANGUAGES = ("en", "es")
ADVISOR_ANSWERS = (
    "level=master&years=3&fte=1&service=prevention&families_served=40&age_band=infant"
    "&training_hours=30&dei_hours=4&pip_hours=0&rsc_hours=20&rsc_months=12&license=none"
)


@dataclass(frozen=True)
class Shot:
    name: str
    who: str  # "visitor" or one of LOGINS
    go: Callable[[Any], None]
    scroll_to: str = ""  # a selector to bring to the top, when the point is below the fold
    devices: tuple[str, ...] = ("desktop", "phone")


def _open(path: str) -> Callable[[Any], None]:
    return lambda page: page.goto(page.base + path)


def _first_registration(page: Any) -> None:
    page.goto(page.base + "/ct/manage/")
    page.locator("a[href^='/ct/manage/registrations/']").first.click()


def _application_in_review(page: Any) -> None:
    page.goto(page.base + "/ct/manage/")
    page.locator("section.queue-group", has=page.locator("#queue-first_review")).locator(
        "a"
    ).first.click()


def _first_endorsement(page: Any) -> None:
    page.goto(page.base + "/me/")
    page.locator("a[href^='/me/endorsements/'][href$='/']").first.click()


def _first_assignment(page: Any) -> None:
    page.goto(page.base + "/ct/review/")
    page.locator("a[href^='/ct/review/']").first.click()


SHOTS = (
    Shot("home", "visitor", _open("/")),
    Shot("association", "visitor", _open("/ct/")),
    Shot("advisor", "visitor", _open("/ct/advisor/")),
    Shot("advisor-result", "visitor", _open("/ct/advisor/?" + ADVISOR_ANSWERS), "#advice-heading"),
    Shot("register", "visitor", _open("/ct/register/")),
    Shot("signup", "visitor", _open("/accounts/signup/")),
    Shot("application-overview", "applicant", _open("/ct/application/")),
    Shot("application-rsc", "applicant", _open("/ct/application/rsc/")),
    Shot("application-training", "applicant", _open("/ct/application/training/")),
    # The compact logs of jobs and sessions, and many rows at once.
    Shot("application-work", "applicant", _open("/ct/application/work/")),
    Shot("application-rsc-add-many", "applicant", _open("/ct/application/rsc/add-many/")),
    # On a phone the checklist comes after the form; on a desktop it is already in view.
    Shot(
        "application-checklist",
        "applicant",
        _open("/ct/application/training/"),
        "#checklist",
        devices=("phone",),
    ),
    Shot("coordinator-dashboard", "coordinator", _open("/ct/manage/")),
    Shot("coordinator-registration", "coordinator", _first_registration),
    Shot("coordinator-review", "coordinator", _application_in_review, "#review-panel-heading"),
    Shot("coordinator-cycles", "coordinator", _open("/ct/manage/cycles/")),
    Shot("coordinator-staff", "coordinator", _open("/ct/manage/staff/")),
    Shot("reviewer-list", "reviewer", _open("/ct/review/")),
    Shot("reviewer-assignment", "reviewer", _first_assignment),
    Shot("applicant-in-review", "in_review", _open("/ct/application/"), "#timeline-heading"),
    Shot("applicant-in-review-ratings", "in_review", _open("/ct/application/"), "#ratings-heading",
         devices=("desktop",)),
    Shot("registry", "visitor", _open("/ct/registry/?name=pena")),
    Shot("registry-all", "visitor", _open("/registry/")),
    Shot("rsc-providers", "visitor", _open("/ct/rsc-providers/")),
    Shot("credential-check", "visitor", _open("/verify/")),
    Shot("endorsee", "endorsee", _open("/me/")),
    Shot("endorsee-listing", "endorsee", _open("/me/registry/")),
    Shot("endorsee-renewal", "endorsee", _open("/ct/renewal/")),
    Shot("endorsee-endorsement", "endorsee", _first_endorsement),
    Shot("coordinator-renewals", "coordinator", _open("/ct/manage/renewals/")),
    Shot("exam-candidate", "candidate", _open("/ct/exam/")),
    Shot("coordinator-exam", "coordinator", _open("/ct/manage/exam/")),
    Shot("coordinator-item-bank", "coordinator", _open("/ct/manage/exam/items/"),
         devices=("desktop",)),
)  # fmt: skip
LOGINS = {
    "applicant": "applicant@endorse.test",
    "coordinator": "coordinator@ct.endorse.test",
    "reviewer": "reviewer1@ct.endorse.test",
    "in_review": "ready@endorse.test",
    "endorsee": "endorsed@endorse.test",
    "candidate": "exam@endorse.test",
}
PEOPLE = ("visitor", *LOGINS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


DEMO_ENV: dict[str, str] = {}


@contextmanager
def demo_site() -> Iterator[str]:
    """A freshly migrated demo site on a free port; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="endorse-screens-") as var:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "ENDORSE_VAR_DIR": var,
        }
        env.pop("DATABASE_URL", None)
        DEMO_ENV.update(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        for command in (["migrate", "--no-input"], ["load_demo", "--base-url", base]):
            subprocess.run([ENDORSE, *command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603
            [ENDORSE, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(base)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_for(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo site did not answer at {base}.")


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not found:
        raise SystemExit("Chromium is missing: apt-get install chromium")
    return found


def sign_in(page: Any, who: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.locator("input[name=login]").fill(LOGINS[who])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/" in page.url:  # staff: the code from the demo authenticator secret
        code = subprocess.run(  # noqa: S603
            [ENDORSE, "demo_code"], env=DEMO_ENV, check=True, capture_output=True, text=True
        ).stdout.strip()
        page.locator("input[name=code]").fill(code)
        page.locator("form:has(input[name=code]) [type=submit]:not([form])").first.click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def choose_language(page: Any, language: str) -> None:
    """Use the switch on every page, as a person would: it also saves the account's choice."""
    page.goto(page.base + "/")
    page.locator("#language-select").select_option(language)
    page.locator("form.language [type=submit]").click()
    page.wait_for_load_state("load")


# Each person signs in once and their session is reused: a two-factor code can't be
# used twice, and the next one would be 30 s away.
SESSIONS: dict[str, Any] = {}


def take(browser: Any, base: str, out: Path, language: str, device: str, who: str) -> list[Path]:
    width, height = DEVICES[device]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="es-ES" if language == "es" else "en-US",
        is_mobile=device == "phone",
        has_touch=device == "phone",
        reduced_motion="reduce",
        storage_state=SESSIONS.get(who),
    )
    page = context.new_page()
    page.base = base
    if who != "visitor" and who not in SESSIONS:
        sign_in(page, who)
        SESSIONS[who] = context.storage_state()
    choose_language(page, language)
    written = []
    for shot in (shot for shot in SHOTS if shot.who == who and device in shot.devices):
        shot.go(page)
        page.wait_for_load_state("networkidle")
        if shot.scroll_to:
            page.locator(shot.scroll_to).evaluate("element => element.scrollIntoView()")
        path = out / f"{shot.name}-{language}-{device}.png"
        # What fits on the screen, as a person first sees it: whole pages run to megabytes.
        page.screenshot(path=str(path), animations="disabled")
        written.append(path)
    context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with demo_site() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        for language in LANGUAGES:
            for device in DEVICES:
                for who in PEOPLE:
                    for path in take(browser, base, args.out, language, device, who):
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        browser.close()


if __name__ == "__main__":
    main()
