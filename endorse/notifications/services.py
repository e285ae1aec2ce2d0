"""Telling a person something: on the site at once, by email through the worker."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from endorse.core.mail import send_to_user
from endorse.notifications.models import Notification


def notification_create(user_id: int, template: str, context: dict[str, Any]) -> Notification:
    from endorse.notifications.tasks import send_notification_email

    notification = Notification.objects.create(user_id=user_id, template=template, context=context)
    send_notification_email.enqueue(notification.pk)
    return notification


@transaction.atomic
def notification_email(notification_id: int) -> bool:
    """Send it unless it was sent; False when there was nothing to do."""
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, emailed_at=None).first()
    )
    if notification is None:
        return False
    send_to_user(notification.user_id, notification.template, notification.context)
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(user_id: int) -> None:
    Notification.objects.filter(user_id=user_id, read_at=None).update(read_at=timezone.now())
