"""Background work. Arguments are plain JSON values: the worker may run elsewhere."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from endorse.core.mail import send_to_user


@task()
def send_user_email(user_id: int, template: str, context: dict[str, Any]) -> None:
    send_to_user(user_id, template, context)


def notify(user_id: int, template: str, **context: Any) -> None:
    """Queue an email; queued inside the caller's transaction so a rollback drops it."""
    send_user_email.enqueue(user_id, template, context)
