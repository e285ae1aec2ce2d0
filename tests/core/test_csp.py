"""Every HTML page carries the Content-Security-Policy, and it allows no inline script or
style and no eval (the browser tests check that the pages keep to it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import endorse
from tests.applications.conftest import World

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self' https://checkout.stripe.com",
}
ANONYMOUS = ["/", "/ct/", "/registry/", "/ct/registry/", "/verify/", "/ct/register/",
             "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
             "/admin/login/", "/no-such-page/"]  # fmt: skip
APPLICANT = ["/me/", "/me/notifications/", "/me/payments/", "/ct/application/"]
COORDINATOR = ["/ct/manage/", "/ct/manage/ledger/", "/ct/manage/staff/", "/ct/manage/fees/"]


def policy_of(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("who", ["anonymous", "applicant", "coordinator"])
def test_every_page_carries_the_strict_policy(world: World, who: str) -> None:
    client, paths = {
        "anonymous": (Client(), ANONYMOUS),
        "applicant": (world.client(world.applicant), APPLICANT),
        "coordinator": (world.client(world.coordinator), COORDINATOR),
    }[who]
    for path in paths:
        # Followed: a page that sends the visitor elsewhere (to sign in, say) is checked
        # where the visitor lands.
        response = client.get(path, follow=True)
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        assert policy_of(response) == POLICY, path
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, path


def test_no_template_has_inline_script_style_or_handler() -> None:
    """What the policy would block, caught before a browser runs: a <script> without src,
    a <style>, a style= or on*= attribute, a javascript: link, in any of our templates."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:|hx-on|"
        r"hx-vals=['\"]js:",
        re.IGNORECASE,
    )
    root = Path(endorse.__file__).parent
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.glob("**/templates/**/*.html"))
        for match in inline.finditer(path.read_text())
    ]
    assert found == []
