"""Keeping the registry in step with names edited outside our services.

A person's name is changed by allauth's forms and the admin, which don't call our
services; this receiver is the one place that follows those edits.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from endorse.accounts.models import User
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import registry_names_refresh


@receiver(post_save, sender=User, dispatch_uid="endorsements.registry_names")
def refresh_registry_names(sender: type[User], instance: User, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and "full_name" not in fields and "email" not in fields:
        return
    if Endorsement.objects.filter(person=instance).exists():
        registry_names_refresh(person=instance)
