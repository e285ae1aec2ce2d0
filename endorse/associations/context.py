"""What the header needs about the signed-in person's staff roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from endorse.associations.people import staff_start_url


def staff(request: HttpRequest) -> dict[str, Any]:
    """``manage_url``: where the header's "Manage" link goes, empty for someone without a
    staff role. Lazy, like the notification count: htmx partials never ask."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"manage_url": SimpleLazyObject(lambda: staff_start_url(user_id=user.pk) or "")}
