"""Inactive and Emeritus status, moving to another association, reinstatement."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from endorse.applications.later import application_reinstate
from endorse.applications.models import Application
from endorse.core.management.commands.clock import tick
from endorse.endorsements.lifecycle import status_request, status_request_decide
from endorse.endorsements.models import (
    Endorsement,
    EndorsementEvent,
    RetiredStatusIndex,
    StatusRequest,
)
from endorse.endorsements.registry import RegistryQuery, registry_search
from endorse.endorsements.rsc import qualifies
from endorse.endorsements.services import endorsement_for_approval, status_change
from endorse.payments.models import FeeKind
from endorse.renewals.models import Renewal
from endorse.renewals.services import reactivation_open, renewal_approve, renewal_submit
from endorse.reviews.selectors import requires_exam
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed, fill, pay_all, travel


def listed(endorsement: Endorsement) -> bool:
    found = registry_search(RegistryQuery(association_id=endorsement.association_id))
    return endorsement.pk in {e.pk for e in found}


def events(endorsement: Endorsement) -> list[tuple[str, str, str, str]]:
    return [
        (e.kind, e.from_status, e.to_status, e.reason)
        for e in EndorsementEvent.objects.filter(endorsement=endorsement)
    ]


def granted(world: World, endorsement: Endorsement, kind: str, **fields: Any) -> Endorsement:
    asked = status_request(endorsement=endorsement, kind=kind, on=timezone.localdate(), **fields)
    coordinator = world.nm_coordinator if asked.association == world.nm else world.coordinator
    status_request_decide(request=asked, grant=True, actor=coordinator)
    endorsement.refresh_from_db()
    return endorsement


def test_inactive_for_a_while_then_reactivated_with_the_renewal_requirements(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-03-01")
    with pytest.raises(ValidationError) as too_long:
        status_request(endorsement=endorsement, kind="inactive", on=date(2026, 3, 1),
                       reason="Parental leave", until=date(2028, 3, 2))  # fmt: skip
    assert too_long.value.message_dict == {
        "until": ["Inactive status lasts at most 2 years: until March 1, 2028."]
    }
    assert not StatusRequest.objects.exists()
    endorsement = granted(world, endorsement, "inactive", reason="Parental leave",
                          until=date(2026, 12, 1))  # fmt: skip
    assert (endorsement.status, endorsement.next_due_on) == ("inactive", None)
    assert endorsement.inactive_until == date(2026, 12, 1)
    assert events(endorsement)[-1] == ("inactive", "active", "inactive", "Parental leave")
    assert not listed(endorsement)
    # No renewal is due while inactive: no reminders at the usual dates.
    for day in ("2026-11-01", "2026-12-01"):
        travel(frozen, day)
        assert tick()["renewal reminders queued"] == 0
    travel(frozen, "2026-11-15")
    renewal = reactivation_open(association=world.ct, person=endorsement.person,
                                on=date(2026, 11, 15))  # fmt: skip
    assert (renewal.kind, renewal.period_starts, renewal.due_on) == (
        "reactivation", date(2025, 11, 16), date(2026, 12, 1))  # fmt: skip
    fill(renewal, year=2026)
    renewal = renewal_submit(renewal=renewal, on=date(2026, 11, 15))
    assert list(renewal.charges.values_list("kind", flat=True)) == [FeeKind.REACTIVATION]
    pay_all(renewal, world.coordinator, date(2026, 11, 15))
    renewal_approve(renewal=renewal, actor=world.coordinator)
    endorsement.refresh_from_db()
    # As after an application: no renewal due in the calendar year of the reactivation.
    assert (endorsement.status, endorsement.next_due_on) == ("active", date(2027, 12, 31))
    assert events(endorsement)[-1][:3] == ("reactivated", "inactive", "active")
    assert listed(endorsement)


def test_an_inactive_endorsement_not_reactivated_in_time_lapses(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-03-01")
    endorsement = granted(world, endorsement, "inactive", reason="Illness",
                          until=date(2026, 9, 30))  # fmt: skip
    travel(frozen, "2026-09-30")
    assert tick()["endorsements lapsed"] == 0
    travel(frozen, "2026-10-01")
    assert tick()["endorsements lapsed"] == 1
    endorsement.refresh_from_db()
    assert endorsement.status == "lapsed"


def test_emeritus_needs_the_years_and_then_shows_everywhere(world: World, frozen: Any) -> None:
    young = endorsed(world, "Young Person", code="IMHM-C", issued_on=date(2020, 6, 1))
    travel(frozen, "2026-03-01")
    with pytest.raises(ValidationError, match="endorsed at least 10 years"):
        status_request(endorsement=young, kind="emeritus", on=date(2026, 3, 1))
    senior = endorsed(world, "Senior Person", code="IMHM-C", issued_on=date(2015, 6, 1))
    assert qualifies(world.ct, senior.person, date(2026, 3, 1))
    senior = granted(world, senior, "emeritus", reason="Retiring in March.")
    assert (senior.status, senior.next_due_on) == ("emeritus", None)
    assert listed(senior)
    page = Client().get(f"/verify/{senior.verify_code}/").content.decode()
    assert "with Emeritus status: retired from practice, in good standing" in page
    assert "Emeritus" in Client().get("/ct/registry/?name=senior").content.decode()
    # No longer a qualified RS/C provider from that date.
    assert not qualifies(world.ct, senior.person, date(2026, 3, 1))


def test_moving_to_another_association_keeps_the_endorsement_and_its_history(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    number, old_index = endorsement.number, endorsement.status_index
    travel(frozen, "2026-03-01")
    asked = status_request(endorsement=endorsement, kind="transfer", on=date(2026, 3, 1),
                           to=world.nm, reason="Moving to Santa Fe")  # fmt: skip
    assert asked.association == world.nm  # the receiving coordinator decides
    # The leaving association's coordinator doesn't see it to decide.
    refused = world.client(world.coordinator).post(f"/ct/manage/requests/{asked.pk}/",
                                                   {"decision": "grant"})  # fmt: skip
    assert refused.status_code == 404
    status_request_decide(request=asked, grant=True, actor=world.nm_coordinator)
    endorsement.refresh_from_db()
    assert endorsement.association == world.nm
    assert (endorsement.number, endorsement.category.code) == (number, "IMHS")
    assert [e[0] for e in events(endorsement)] == ["granted", "transferred"]
    assert RetiredStatusIndex.objects.filter(association=world.ct, index=old_index).exists()
    assert endorsement.status_index == 0  # the first bit of NM's lists
    assert listed(endorsement)
    assert "Rosa Ruiz" in Client().get("/nm/registry/").content.decode()
    # The bit it left at CT is never given to anyone else.
    newcomer = endorsed(world, "New Comer")
    assert newcomer.status_index == (old_index or 0) + 1


def test_a_lapsed_endorsement_is_reinstated_after_a_review(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    status_change(endorsement=endorsement, to="lapsed", kind="lapsed", actor=None)
    endorsement.refresh_from_db()
    assert not listed(endorsement)
    travel(frozen, "2027-03-01")
    application = application_reinstate(association=world.ct, person=endorsement.person,
                                        endorsement=endorsement, today=date(2027, 3, 1))  # fmt: skip
    assert (application.kind, application.reinstates, application.category.code) == (
        "reinstatement", endorsement, "IMHS")  # fmt: skip
    assert application.processing_fee is not None
    assert application.processing_fee.kind == FeeKind.REINSTATEMENT
    with pytest.raises(ValidationError, match="one at a time"):
        application_reinstate(association=world.ct, person=endorsement.person,
                              endorsement=endorsement, today=date(2027, 3, 1))  # fmt: skip
    Application.objects.filter(pk=application.pk).update(status="approved")
    application.refresh_from_db()
    reinstated = endorsement_for_approval(application=application, issued_on=date(2027, 5, 1),
                                          actor=world.coordinator)  # fmt: skip
    assert reinstated.pk == endorsement.pk
    assert (reinstated.status, reinstated.next_due_on) == ("active", date(2028, 12, 31))
    assert events(reinstated)[-1][:3] == ("reinstated", "lapsed", "active")
    assert listed(reinstated)
    assert Endorsement.objects.filter(person=endorsement.person).count() == 1


def test_a_reinstatement_takes_no_second_exam(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz", code="IMHM-C")
    original = endorsement.application
    pinned = original.association.requirement_sets.model.objects.filter(
        category__code="IMHM-C", association__isnull=True
    ).first()
    assert pinned is not None
    pinned.requires_exam = True
    pinned.save()
    Application.objects.filter(pk=original.pk).update(pinned_requirement_set=pinned)
    original.refresh_from_db()
    status_change(endorsement=endorsement, to="lapsed", kind="lapsed", actor=None)
    endorsement.refresh_from_db()
    application = application_reinstate(association=world.ct, person=endorsement.person,
                                        endorsement=endorsement, today=date(2025, 9, 1))  # fmt: skip
    Application.objects.filter(pk=application.pk).update(pinned_requirement_set=pinned)
    application.refresh_from_db()
    assert requires_exam(original) is True
    assert requires_exam(application) is False


def test_renewals_of_the_reactivated_are_kept_apart(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-03-01")
    granted(world, endorsement, "inactive", reason="Leave", until=date(2026, 12, 31))
    reactivation_open(association=world.ct, person=endorsement.person, on=date(2026, 3, 1))
    # Same due date as the yearly period, another kind: two separate records are possible.
    assert Renewal.objects.filter(due_on=date(2026, 12, 31)).count() == 1


def test_a_revoked_endorsement_is_not_reinstated(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    status_change(endorsement=endorsement, to="lapsed", kind="lapsed", actor=None)
    endorsement.refresh_from_db()
    application = application_reinstate(association=world.ct, person=endorsement.person,
                                        endorsement=endorsement, today=date(2025, 9, 1))  # fmt: skip
    status_change(endorsement=endorsement, to="revoked", kind="revoked", actor=world.coordinator,
                  reason="Licensing-board sanction")  # fmt: skip
    with pytest.raises(ValidationError, match="this one is Revoked"):
        endorsement_for_approval(application=application, issued_on=date(2025, 10, 1))
    endorsement.refresh_from_db()
    assert endorsement.status == "revoked"


def test_after_a_move_the_old_association_answers_nothing_more(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-03-01")
    inactive = status_request(endorsement=endorsement, kind="inactive", on=date(2026, 3, 1),
                              reason="Leave", until=date(2026, 9, 1))  # fmt: skip
    move = status_request(endorsement=endorsement, kind="transfer", on=date(2026, 3, 1),
                          to=world.nm)  # fmt: skip
    status_request_decide(request=move, grant=True, actor=world.nm_coordinator)
    inactive.refresh_from_db()
    assert inactive.status == "withdrawn"
    with pytest.raises(ValidationError, match="already answered"):
        status_request_decide(request=inactive, grant=True, actor=world.coordinator)
    endorsement.refresh_from_db()
    assert (endorsement.association, endorsement.status) == (world.nm, "active")


def test_an_association_may_list_inactive_endorsements_marked_so(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-03-01")
    endorsement = granted(world, endorsement, "inactive", reason="Leave", until=date(2026, 9, 1))
    assert not listed(endorsement)
    from tests.renewals.test_settings import post

    assert post(world, **{"settings-inactive_listed": "on"}).status_code == 302
    assert listed(endorsement)
    page = Client().get("/ct/registry/?name=rosa").content.decode()
    assert "Rosa Ruiz" in page and '<span class="badge">Inactive</span>' in page
    found = Client().get("/api/v1/registry/?name=rosa").json()["results"]
    assert [(r["name"], r["status"]) for r in found] == [("Rosa Ruiz", "inactive")]
    assert post(world).status_code == 302  # unticked again
    assert not listed(endorsement)
    assert "Rosa Ruiz" not in Client().get("/ct/registry/?name=rosa").content.decode()
