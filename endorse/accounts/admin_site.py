"""The admin signs in through the site's own sign-in and asks for the second factor.

Django's admin login form would skip allauth: its rate limits, the verified email and
the authenticator code. So the admin has no login form of its own: it sends people to
``account_login`` and back, and lets in only staff whose session passed the second
factor (the rule of every staff page, ``endorse.accounts.second_factor``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from endorse.accounts.second_factor import second_factor_missing, second_factor_redirect


class EndorseAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_missing(request) is None

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        after = self._next(request)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(after, reverse("account_login"))
        if not (user.is_active and user.is_staff):
            # Signed in, but no admin: sending them to sign in again would come straight back.
            raise PermissionDenied
        missing = second_factor_missing(request)
        if missing is not None:
            return second_factor_redirect(request, missing)
        return HttpResponseRedirect(after)

    def _next(self, request: HttpRequest) -> str:
        after = request.GET.get(REDIRECT_FIELD_NAME, "")
        allowed = url_has_allowed_host_and_scheme(
            after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return after if after and allowed else reverse("admin:index", current_app=self.name)
