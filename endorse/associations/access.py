"""Access helpers: every view resolves the association first, then the person's role in it.

A coordinator of one association is nobody at another. Views never look rows
up by primary key alone: they go through these helpers and then through
selectors that filter by the association they return. With
``ENDORSE_REQUIRE_STAFF_MFA`` on, staff without an authenticator app are sent
to set one up before any staff page.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.permissions import add_perm
from rules.predicates import Predicate

from endorse.accounts.models import User
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_get


def has_role(*roles: str) -> Callable[[Any, Association | None], bool]:
    """A rules predicate: the user holds one of ``roles`` at this association (and only there)."""

    def check(user: Any, association: Association | None) -> bool:
        if association is None or not user.is_authenticated or not user.is_active:
            return False
        return StaffRole.objects.filter(user=user, association=association, role__in=roles).exists()

    check.__name__ = "has_role_" + "_or_".join(roles)
    return check


R = StaffRole.Role
# An association's administrator also coordinates; only they manage its staff.
add_perm("associations.coordinate", Predicate(has_role(R.COORDINATOR, R.ADMIN)))  # type: ignore[no-untyped-call]
add_perm("associations.administer", Predicate(has_role(R.ADMIN)))  # type: ignore[no-untyped-call]
add_perm("associations.review", Predicate(has_role(R.REVIEWER)))  # type: ignore[no-untyped-call]


def person(request: HttpRequest) -> User:
    """The signed-in person of a view that the helpers below already let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


View = Callable[..., HttpResponseBase]


def staff_mfa_missing(request: HttpRequest) -> bool:
    """Staff must use two-factor authentication here and this signed-in person has none yet."""
    if not settings.ENDORSE_REQUIRE_STAFF_MFA:
        return False
    return not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])


def staff_mfa_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To allauth's two-factor page (it ignores ``next``), saying why."""
    messages.warning(
        request,
        _(
            "Staff accounts need two-factor authentication. "
            "Set up an authenticator app to continue."
        ),
    )
    return HttpResponseRedirect(reverse("mfa_index"))


def staff_required(permission: str) -> Callable[[View], View]:
    """``view(request, association, ...)`` for those ``permission`` allows at this association;
    with ``ENDORSE_REQUIRE_STAFF_MFA``, only once they use two-factor authentication."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            association = association_get(slug=slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission, association):
                raise PermissionDenied
            if staff_mfa_missing(request):
                return staff_mfa_redirect(request)
            with in_time_zone(association):
                return view(request, association, *args, **kwargs)

        return wrapped

    return decorator


coordinator_required = staff_required("associations.coordinate")
admin_required = staff_required("associations.administer")
reviewer_required = staff_required("associations.review")


def member_required(view: View) -> View:
    """``view(request, association, ...)`` for any signed-in person (their own rows only)."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        association = association_get(slug=slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with in_time_zone(association):
            return view(request, association, *args, **kwargs)

    return wrapped


def in_time_zone(association: Association) -> AbstractContextManager[None]:
    """Times shown on the association's pages are the association's local times."""
    return timezone.override(association.zone)
