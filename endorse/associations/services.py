"""Writes about associations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from endorse.associations.models import Association
from endorse.standards.models import Category, Offering


@transaction.atomic
def association_upsert(*, slug: str, offered: list[str], **fields: Any) -> Association:
    """Create or update an association and the categories it offers."""
    association, _created = Association.objects.update_or_create(slug=slug, defaults=fields)
    categories = list(Category.objects.filter(code__in=offered))
    Offering.objects.filter(association=association).exclude(category__in=categories).delete()
    for category in categories:
        Offering.objects.get_or_create(association=association, category=category)
    return association
