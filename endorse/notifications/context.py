from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from endorse.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    """How many notifications the signed-in person hasn't seen (for the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at=None).count()}
