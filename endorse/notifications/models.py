"""Everything we tell a person, kept on the site too: a blocked email never leaves them blind.

The email of a notification reaches the mail server once, across crashes: see
``core/email_once.py`` and docs/decisions/0004-emails-handed-over-once.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    template = models.CharField(max_length=64)  # email/<template>_subject.txt and _body.txt
    context: models.JSONField[Any, Any] = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the message was handed to the mail server: committed just before SMTP's final
    # ".", so a set value means "never send again", and a null one "owed".
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The sending attempt that holds this email (a random token), from its start until the
    # server confirms it; still set beside emailed_at, it means the answer never came.
    email_claim = models.CharField(max_length=32, blank=True, default="")
    email_claimed_at = models.DateTimeField(null=True, blank=True)  # the last attempt's start

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The clock's look for owed emails reads only the few unsent rows.
            models.Index(
                fields=["created_at"], condition=Q(emailed_at=None), name="notification_owed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} for {self.user_id}"
