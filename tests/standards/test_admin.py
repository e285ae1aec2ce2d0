"""Overriding requirement sets in the admin: validated by the engine, baseline read-only."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from endorse.accounts.models import User
from endorse.associations.services import association_upsert
from endorse.standards.models import Category, RequirementSet
from endorse.standards.services import baseline_sync

pytestmark = pytest.mark.django_db
ADD = "/admin/standards/requirementset/add/"


@pytest.fixture
def admin_client() -> Client:
    baseline_sync()
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.org", "x"))
    return client


def form(**changes: object) -> dict[str, object]:
    association = association_upsert(slug="ct", offered=[], name="CT")
    data = {
        "association": association.pk,
        "category": Category.objects.get(code="IFA").pk,
        "source": "override",
        "effective_from": "2026-01-01",
        "effective_to": "",
        "rules": json.dumps({"training_total": {"hours": 40}, "membership": {}}),
        "closed_windows-TOTAL_FORMS": "0",
        "closed_windows-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_valid_override_is_saved(admin_client: Client) -> None:
    response = admin_client.post(ADD, form())
    assert response.status_code == 302
    saved = RequirementSet.objects.get(association__slug="ct")
    assert saved.rules == {"training_total": {"hours": 40}, "membership": {}}


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"rules": json.dumps({"training_totl": {"hours": 1}})}, "rules", "unknown rule"),
        (
            {"rules": json.dumps({"training_total": {"hours": -1}})},
            "rules",
            "Expected `float` &gt; 0",
        ),
        ({"rules": json.dumps(["training_total"])}, "rules", "must be an object"),
        ({"effective_to": "2025-01-01"}, "effective_to", "must be after effective_from"),
    ],
)
def test_an_invalid_override_is_refused_next_to_its_field(
    admin_client: Client, changes: dict[str, object], field: str, text: str
) -> None:
    response = admin_client.post(ADD, form(**changes))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert text in response.content.decode()
    assert not RequirementSet.objects.filter(association__isnull=False).exists()


def test_overlapping_override_is_refused(admin_client: Client) -> None:
    admin_client.post(ADD, form())
    response = admin_client.post(ADD, form(effective_from="2025-01-01", effective_to="2026-06-01"))
    assert response.status_code == 200
    assert "overlaps the version in force from 2026-01-01" in response.content.decode()
    assert RequirementSet.objects.filter(association__isnull=False).count() == 1


def test_closed_window_outside_the_version_is_refused(admin_client: Client) -> None:
    data = form(**{
        "closed_windows-TOTAL_FORMS": "1",
        "closed_windows-0-start": "2025-06-01",
        "closed_windows-0-end": "2026-02-01",
        "closed_windows-0-reason_en": "Pause",
    })  # fmt: skip
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "Must lie within the dates the version is in force." in response.content.decode()
    assert not RequirementSet.objects.filter(association__isnull=False).exists()


def test_the_baseline_cannot_be_changed_in_the_admin(admin_client: Client) -> None:
    baseline = RequirementSet.objects.filter(association__isnull=True).first()
    before = baseline.rules
    url = f"/admin/standards/requirementset/{baseline.pk}/change/"
    response = admin_client.post(url, form(association="", rules="{}"))
    assert response.status_code == 403
    baseline.refresh_from_db()
    assert baseline.rules == before
    assert admin_client.post(f"/admin/standards/requirementset/{baseline.pk}/delete/",
                             {"post": "yes"}).status_code == 403  # fmt: skip
    assert RequirementSet.objects.filter(pk=baseline.pk).exists()


def test_copy_starts_an_override_from_an_existing_version(admin_client: Client) -> None:
    baseline = RequirementSet.objects.get(association=None, category__code="IFS")
    response = admin_client.get(f"{ADD}?copy={baseline.pk}")
    assert response.context["adminform"].form.initial["category"] == baseline.category_id
    assert admin_client.get(f"{ADD}?copy=abc").status_code == 200


def test_a_missing_start_date_with_a_closed_window_is_an_error_not_a_crash(
    admin_client: Client,
) -> None:
    data = form(**{
        "effective_from": "",
        "closed_windows-TOTAL_FORMS": "1",
        "closed_windows-0-start": "2026-06-01",
        "closed_windows-0-end": "2026-07-01",
        "closed_windows-0-reason_en": "Pause",
    })  # fmt: skip
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["effective_from"]
    assert not RequirementSet.objects.filter(association__isnull=False).exists()


def test_the_admin_cannot_add_baseline_rows(admin_client: Client) -> None:
    before = RequirementSet.objects.count()
    response = admin_client.post(ADD, form(association="", effective_from="1990-01-01",
                                           effective_to="2000-01-01"))  # fmt: skip
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["association"]
    assert RequirementSet.objects.count() == before
