from __future__ import annotations

from datetime import date

import pytest

from endorse.associations.services import association_upsert
from endorse.eligibility import load_baseline
from endorse.standards.models import Category, ClosedWindow, RequirementSet
from endorse.standards.selectors import evaluation_options, requirement_catalog
from endorse.standards.services import baseline_sync

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[object, ...]]:
    return list(
        RequirementSet.objects.order_by("pk").values_list(
            "pk", "category__code", "effective_from", "effective_to", "requires_exam", "rules"
        )
    )


def test_baseline_sync_loads_twelve_categories_and_is_idempotent() -> None:
    assert baseline_sync() == (12, 20)
    first = snapshot()
    assert baseline_sync() == (12, 20)
    assert snapshot() == first
    assert Category.objects.count() == 12
    assert ClosedWindow.objects.count() == 2  # IMHS and ECMHS in 2024
    ifa = Category.objects.get(code="ECMHM-RF")
    assert (ifa.name_en, ifa.name_es, ifa.age_band) == (
        "Early Childhood Mental Health Mentor – Research/Faculty",
        "Mentor/a en Salud Mental de la Primera Infancia – Investigación/Docencia",
        "early_childhood",
    )


def test_database_baseline_equals_the_bundled_files() -> None:
    baseline_sync()
    from_db = requirement_catalog(association=None)
    from_files = load_baseline()
    for code in from_files.categories():
        assert from_db.versions(code) == from_files.versions(code)


def test_an_override_replaces_the_baseline_for_its_category_only() -> None:
    baseline_sync()
    ct = association_upsert(slug="ct", offered=["IFA"], name="CT")
    nm = association_upsert(slug="nm", offered=["IFA"], name="NM")
    RequirementSet.objects.create(
        association=ct, category=Category.objects.get(code="IFA"), source="override",
        effective_from=date(2026, 1, 1), rules={"training_total": {"hours": 45}},
    )  # fmt: skip
    ct_rules = requirement_catalog(association=ct)
    assert ct_rules.in_force("IFA", date(2026, 1, 1)).version == "ct/IFA/2026-01-01"
    # Only the association's own versions apply to that category: none before 2026.
    assert ct_rules.in_force("IFA", date(2025, 12, 31)) is None
    assert ct_rules.in_force("IFS", date(2026, 1, 1)).version == "alliance-baseline/IFS/2000-01-01"
    nm_rules = requirement_catalog(association=nm)
    assert nm_rules.in_force("IFA", date(2026, 1, 1)).version == "alliance-baseline/IFA/2000-01-01"


def test_baseline_sync_never_touches_overrides() -> None:
    baseline_sync()
    ct = association_upsert(slug="ct", offered=[], name="CT")
    override = RequirementSet.objects.create(
        association=ct, category=Category.objects.get(code="IFA"), source="override",
        effective_from=date(2000, 1, 1), rules={"training_total": {"hours": 45}},
    )  # fmt: skip
    baseline_sync()
    override.refresh_from_db()
    assert override.rules == {"training_total": {"hours": 45}}


def test_evaluation_options_follow_the_association() -> None:
    nm = association_upsert(slug="nm", offered=[], name="NM", accept_vetted_rsc_providers=False)
    assert evaluation_options(association=nm).accept_vetted_rsc_providers is False
    assert evaluation_options(association=None).accept_vetted_rsc_providers is True
