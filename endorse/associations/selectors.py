"""Reads about associations, always by slug first (the tenant scope)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from endorse.associations.models import Association
from endorse.eligibility.describe import describe
from endorse.standards.models import Category
from endorse.standards.selectors import requirement_catalog


def association_list() -> QuerySet[Association]:
    return Association.objects.order_by("name")


def association_get(*, slug: str) -> Association:
    return get_object_or_404(Association, slug=slug)


def association_today(*, association: Association) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(association.time_zone))


@dataclass(frozen=True)
class CategorySummary:
    category: Category
    needs: list[str]
    requires_exam: bool
    closed_until: date | None
    closed_reason: str


def association_categories(
    *, association: Association, on: date, lang: str
) -> list[CategorySummary]:
    """The categories an association offers, described by the set in force on ``on``."""
    catalog = requirement_catalog(association=association)
    offered = Category.objects.filter(offering__association=association).order_by("sort_order")
    rows: list[CategorySummary] = []
    for category in offered:
        version = catalog.in_force(category.code, on)
        if version is None:
            continue
        closed = next((w for w in version.closed if w.contains(on)), None)
        rows.append(
            CategorySummary(
                category=category,
                needs=describe(version, category.age_band, lang),
                requires_exam=version.requires_exam,
                closed_until=closed.end if closed else None,
                closed_reason=closed.reason_in(lang) if closed else "",
            )
        )
    return rows
