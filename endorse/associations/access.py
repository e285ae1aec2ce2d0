"""Access helpers: every view resolves the association first, then the person's role in it.

A coordinator of one association is nobody at another. Views never look rows
up by primary key alone: they go through these helpers and then through
selectors that filter by the association they return.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from rules.permissions import add_perm
from rules.predicates import Predicate

from endorse.accounts.models import User
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_get


def is_coordinator(user: Any, association: Association | None) -> bool:
    if association is None or not user.is_authenticated or not user.is_active:
        return False
    return StaffRole.objects.filter(
        user=user, association=association, role=StaffRole.Role.COORDINATOR
    ).exists()


add_perm("associations.coordinate", Predicate(is_coordinator))  # type: ignore[no-untyped-call]


def person(request: HttpRequest) -> User:
    """The signed-in person of a view that the helpers below already let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


View = Callable[..., HttpResponseBase]


def coordinator_required(view: View) -> View:
    """``view(request, association, ...)`` for this association's coordinators only."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        association = association_get(slug=slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("associations.coordinate", association):
            raise PermissionDenied
        return view(request, association, *args, **kwargs)

    return wrapped


def member_required(view: View) -> View:
    """``view(request, association, ...)`` for any signed-in person (their own rows only)."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        association = association_get(slug=slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, association, *args, **kwargs)

    return wrapped
