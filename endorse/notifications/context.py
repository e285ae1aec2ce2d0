from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from endorse.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    """How many notifications the signed-in person hasn't seen (for the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: only a page that shows the header counts; htmx partials (autosave) don't.
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at=None).count()
        )
    }
