"""Background work. Arguments are plain JSON values: the worker may run elsewhere."""

from __future__ import annotations

from typing import Any


def notify(user_id: int, template: str, **context: Any) -> None:
    """Tell a person: a notification on the site, and its email queued for the worker, both
    inside the caller's transaction, so a rollback drops them and a commit keeps both."""
    from endorse.notifications.services import notification_create

    notification_create(user_id, template, context)
