"""Staff pages ask for the second factor in this session, not only on the account.

An account that has an authenticator app must have used it to open the session that
reaches a staff page (a coordinator's, a reviewer's or the admin): a session opened
with the password alone (an old admin sign-in, a session from before this rule) is
sent to type a code first. allauth keeps a log of how the session authenticated;
an ``mfa`` entry there is a code (or recovery code) accepted at sign-in or since.

With ``ENDORSE_REQUIRE_STAFF_MFA`` on, staff without an authenticator are sent to
set one up. Without it (development), they get in with their password.
"""

from __future__ import annotations

from enum import Enum
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Recovery codes alone are no authenticator: they only stand in for one.
AUTHENTICATOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class Missing(Enum):
    """What a signed-in staff member still lacks before a staff page."""

    AUTHENTICATOR = "authenticator"  # the account has none, and staff must have one
    CODE = "code"  # the account has one; this session never used it


def has_authenticator(user: object) -> bool:
    return bool(is_mfa_enabled(user, AUTHENTICATOR_TYPES))


def session_passed_second_factor(request: HttpRequest) -> bool:
    """A code was accepted for this person in this session (at sign-in or since)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def second_factor_missing(request: HttpRequest) -> Missing | None:
    """For a signed-in staff member: what stands between them and a staff page. No side effects."""
    if has_authenticator(request.user):
        return None if session_passed_second_factor(request) else Missing.CODE
    if settings.ENDORSE_REQUIRE_STAFF_MFA:
        return Missing.AUTHENTICATOR
    return None


def second_factor_redirect(request: HttpRequest, missing: Missing) -> HttpResponseRedirect:
    """To where the person supplies what is missing, saying why."""
    if missing is Missing.AUTHENTICATOR:
        messages.warning(
            request,
            _(
                "Staff accounts need two-factor authentication. "
                "Set up an authenticator app to continue."
            ),
        )
        # allauth's two-factor page ignores ``next``.
        return HttpResponseRedirect(reverse("mfa_index"))
    messages.warning(
        request,
        _("Staff pages need the code from your authenticator app. Enter it to continue."),
    )
    url = reverse("mfa_reauthenticate")
    # Back to the page afterwards; a refused form post is not repeated (its page may be
    # POST-only), so the person lands on their home page instead.
    if request.method in ("GET", "HEAD"):
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)
