"""The association's renewal settings (coordinator's page) and renewal rules (admin)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.test import Client

from endorse.accounts.models import User
from endorse.renewals.models import RenewalRequirementSet, RenewalSettings
from endorse.standards.models import Category
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed

SETTINGS = {"settings-renewal_model": "yearly", "settings-due_month": "12",
            "settings-due_day": "31", "settings-opens_month": "10", "settings-opens_day": "1",
            "settings-late_until_month": "1", "settings-late_until_day": "31",
            "settings-cycle_year": "2024", "settings-audit_percent": "10",
            "settings-audit_days": "30", "settings-reminder_days_before": "60, 30, 7",
            "settings-reminder_days_after": "1", "settings-one_fee": "on",
            "settings-inactive_max_years": "2", "settings-emeritus_min_years": "10"}  # fmt: skip


def post(world: World, **changes: str) -> Any:
    return world.client(world.coordinator).post(
        "/ct/manage/renewals/settings/", {**SETTINGS, **changes}
    )


def test_bad_settings_are_explained_next_to_their_field_and_nothing_is_saved(
    world: World,
) -> None:
    response = post(world, **{"settings-due_month": "2", "settings-due_day": "30",
                               "settings-reminder_days_before": "60, x"})  # fmt: skip
    assert response.status_code == 422
    text = response.content.decode()
    assert "This month has no such day." in text
    assert "Write whole numbers of days from 1 to 366, separated by commas" in text
    assert not RenewalSettings.objects.exists()


def test_a_new_model_applies_to_endorsements_granted_afterwards(world: World) -> None:
    before = endorsed(world, "Early Bird", issued_on=date(2025, 6, 1))
    response = post(world, **{"settings-renewal_model": "three_year",
                              "settings-cycle_year": "2025", "settings-audit_percent": "15",
                              "settings-reminder_days_before": "90, 14"})  # fmt: skip
    assert response.status_code == 302
    settings = RenewalSettings.objects.get(association=world.ct)
    assert (settings.audit_percent, settings.reminder_offsets) == (15, [-90, -14, 1])
    after = endorsed(world, "Late Comer", issued_on=date(2025, 6, 1))
    before.refresh_from_db()
    assert before.next_due_on == date(2026, 12, 31)  # kept
    assert after.next_due_on == date(2028, 12, 31)  # the first cycle with a whole year


def test_the_admin_checks_an_association_renewal_version_with_the_engine(world: World) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.org", "x"))
    data = {"association": world.ct.pk, "model": "yearly",
            "category": Category.objects.get(code="IFA").pk, "effective_from": "2026-01-01",
            "effective_to": "", "rules": json.dumps({"training_total": {"hours": "many"}})}  # fmt: skip
    refused = client.post("/admin/renewals/renewalrequirementset/add/", data)
    assert refused.status_code == 200
    assert "Not a valid renewal version: rules.training_total" in refused.content.decode()
    assert not RenewalRequirementSet.objects.exists()
    data["rules"] = json.dumps({"training_total": {"hours": 20}, "membership": {}})
    assert client.post("/admin/renewals/renewalrequirementset/add/", data).status_code == 302
    assert RenewalRequirementSet.objects.count() == 1
