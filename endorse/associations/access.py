"""Access helpers: every view resolves the association first, then the person's role in it.

A coordinator of one association is nobody at another. Views never look rows
up by primary key alone: they go through these helpers and then through
selectors that filter by the association they return. Every staff page also
asks for the second factor in this session (``endorse.accounts.second_factor``):
staff with an authenticator app who signed in without its code type one first;
with ``ENDORSE_REQUIRE_STAFF_MFA`` on, staff without one are sent to set one up.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from rules.permissions import add_perm
from rules.predicates import Predicate

from endorse.accounts.models import User
from endorse.accounts.second_factor import second_factor_missing, second_factor_redirect
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


def staff_required(permission: str) -> Callable[[View], View]:
    """``view(request, association, ...)`` for those ``permission`` allows at this association,
    once this session passed the second factor (see ``endorse.accounts.second_factor``)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            association = association_get(slug=slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission, association):
                raise PermissionDenied
            missing = second_factor_missing(request)
            if missing is not None:
                return second_factor_redirect(request, missing)
            with in_time_zone(association):
                return view(request, association, *args, **kwargs)

        # The route tests find every staff page by this mark (tests/accounts).
        wrapped.staff_permission = permission  # type: ignore[attr-defined]
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
