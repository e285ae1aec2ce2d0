"""Everything we tell a person, kept on the site too: a blocked email never leaves them blind.

The email of a notification is sent at most once: the worker marks ``emailed_at`` in
the same transaction as it sends, so a retried task finds it done.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    template = models.CharField(max_length=64)  # email/<template>_subject.txt and _body.txt
    context: models.JSONField[Any, Any] = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.template} for {self.user_id}"
