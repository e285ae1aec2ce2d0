"""Writes: load the bundled baseline into the database; check an override."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from endorse.associations.models import Association
from endorse.eligibility.categories import CATEGORIES
from endorse.eligibility.rulesets import (
    BASELINE_SOURCE,
    RuleSetError,
    baseline_data,
    parse_version,
    ranges_overlap,
)
from endorse.standards.models import Category, ClosedWindow, RequirementSet


@transaction.atomic
def baseline_sync() -> tuple[int, int]:
    """Make the database's categories and baseline sets equal the bundled files.

    Idempotent: running it again changes nothing. Association overrides are
    never touched. Returns (categories, requirement sets) written.
    """
    for order, category in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=category.code,
            defaults={
                "name_en": category.name_en,
                "name_es": category.name_es,
                "age_band": category.age_band,
                "family": category.family,
                "scope": category.scope,
                "designation": category.designation or "",
                "sort_order": order,
            },
        )
    data = baseline_data()
    kept: set[int] = set()
    for spec in data["versions"]:
        parse_version(BASELINE_SOURCE, spec)  # refuse to load an invalid bundle
        for code in spec["categories"]:
            kept.add(_baseline_version_save(code, spec, data["source"]))
    RequirementSet.objects.filter(association__isnull=True).exclude(pk__in=kept).delete()
    return len(CATEGORIES), len(kept)


def _baseline_version_save(code: str, spec: dict[str, Any], source: str) -> int:
    requirement_set, _created = RequirementSet.objects.update_or_create(
        association=None,
        category=Category.objects.get(code=code),
        effective_from=date.fromisoformat(spec["effective_from"]),
        defaults={
            "source": source,
            "effective_to": (
                date.fromisoformat(spec["effective_to"]) if spec.get("effective_to") else None
            ),
            "requires_exam": spec.get("requires_exam", False),
            "rules": spec["rules"],
        },
    )
    requirement_set.closed_windows.all().delete()
    for window in spec.get("closed", []):
        ClosedWindow.objects.create(
            requirement_set=requirement_set,
            start=date.fromisoformat(window["start"]),
            end=date.fromisoformat(window["end"]),
            reason_en=window["reason"].get("en", ""),
            reason_es=window["reason"].get("es", ""),
        )
    return requirement_set.pk


def requirement_set_check(
    *,
    association: Association | None,
    category_code: str,
    effective_from: date,
    effective_to: date | None,
    requires_exam: bool,
    rules: Any,
    closed: list[dict[str, Any]],
    exclude_pk: int | None = None,
) -> None:
    """Raise RuleSetError unless this version is valid and overlaps no sibling."""
    if not isinstance(rules, dict):
        raise RuleSetError("rules: must be an object mapping rule codes to their parameters")
    spec = {
        "categories": [category_code],
        "effective_from": effective_from.isoformat(),
        "effective_to": effective_to.isoformat() if effective_to else None,
        "requires_exam": requires_exam,
        "closed": closed,
        "rules": rules,
    }
    parse_version(association.slug if association else BASELINE_SOURCE, spec)
    siblings = RequirementSet.objects.filter(association=association, category__code=category_code)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    for sibling in siblings:
        if ranges_overlap(
            (effective_from, effective_to), (sibling.effective_from, sibling.effective_to)
        ):
            raise RuleSetError(
                f"effective_from: overlaps the version in force from {sibling.effective_from}"
            )
