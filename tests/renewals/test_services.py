"""Renewing through the services, across the calendar with time travel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from endorse.core.management.commands.clock import tick
from endorse.eligibility.renewal import Share
from endorse.endorsements.models import Endorsement, EndorsementEvent
from endorse.endorsements.registry import RegistryQuery, registry_search
from endorse.notifications.models import Notification
from endorse.payments.models import Charge, FeeKind
from endorse.renewals.models import Renewal, RenewalSettings
from endorse.renewals.selectors import renewal_checklist
from endorse.renewals.services import (
    audit_document,
    endorsements_lapse,
    evidence_add,
    renewal_approve,
    renewal_open,
    renewal_reminders_send,
    renewal_return,
    renewal_submit,
)
from tests.applications.conftest import World
from tests.renewals.conftest import add_category, endorsed, fill, pay_all, prepared, travel


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def reminders_of(endorsement: Endorsement) -> list[tuple[str, bool]]:
    return [
        (n.created_at.date().isoformat(), n.context["late"])
        for n in Notification.objects.filter(
            user=endorsement.person, template="renewal_reminder"
        ).order_by("created_at")
    ]


def kinds(endorsement: Endorsement) -> list[tuple[str, str, str]]:
    return [
        (event.kind, event.from_status, event.to_status)
        for event in EndorsementEvent.objects.filter(endorsement=endorsement)
    ]


def listed(endorsement: Endorsement) -> bool:
    found = registry_search(RegistryQuery(association_id=endorsement.association_id))
    return endorsement.pk in {e.pk for e in found}


def test_the_first_renewal_skips_the_year_the_application_was_submitted(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz", issued_on=date(2025, 6, 1))
    assert endorsement.next_due_on == date(2026, 12, 31)
    assert kinds(endorsement) == [("granted", "", "active")]


def test_a_year_of_reminders_then_a_lapse_when_nobody_renews(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    sent_on: list[str] = []
    for day in days("2026-01-01", "2027-02-05"):
        travel(frozen, day.isoformat())
        result = tick()
        if result["renewal reminders queued"]:
            sent_on.append(day.isoformat())
        if result["endorsements lapsed"]:
            lapsed_on = day
    # 60, 30 and 7 days before 31 December, and the day after it; each once.
    assert sent_on == ["2026-11-01", "2026-12-01", "2026-12-24", "2027-01-01"]
    assert reminders_of(endorsement) == [
        ("2026-11-01", False), ("2026-12-01", False), ("2026-12-24", False), ("2027-01-01", True)
    ]  # fmt: skip
    assert lapsed_on == date(2027, 2, 1)  # the day after the late period ends (31 January)
    endorsement.refresh_from_db()
    assert (endorsement.status, endorsement.next_due_on) == ("lapsed", None)
    assert kinds(endorsement)[-1] == ("lapsed", "active", "lapsed")
    assert EndorsementEvent.objects.filter(endorsement=endorsement).last().actor is None  # type: ignore[union-attr]
    assert not listed(endorsement)
    assert Notification.objects.filter(user=endorsement.person,
                                       template="endorsement_lapsed").count() == 1  # fmt: skip
    # Lapsed: no renewal can be sent any more.
    with pytest.raises(ValidationError, match="no active Endorsement"):
        renewal_open(association=world.ct, person=endorsement.person)


def test_an_on_time_renewal_is_approved_and_the_next_one_falls_due_a_year_later(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-09-30")
    renewal = prepared(endorsement)
    with pytest.raises(ValidationError, match=r"can be sent from Oct\. 1, 2026"):
        renewal_submit(renewal=renewal, on=date(2026, 9, 30))
    travel(frozen, "2026-10-15")
    renewal = renewal_submit(renewal=renewal, on=date(2026, 10, 15))
    assert (renewal.status, renewal.submitted_late, renewal.audited) == ("submitted", False, False)
    charges = list(renewal.charges.values_list("kind", "amount_cents", "status"))
    assert charges == [(FeeKind.RENEWAL, 3500, Charge.Status.DUE)]
    with pytest.raises(ValidationError, match="not paid or waived"):
        renewal_approve(renewal=renewal, actor=world.coordinator)
    pay_all(renewal, world.coordinator, date(2026, 10, 15))
    renewal_approve(renewal=renewal, actor=world.coordinator)
    endorsement.refresh_from_db()
    assert (endorsement.status, endorsement.next_due_on) == ("active", date(2027, 12, 31))
    assert kinds(endorsement)[-1] == ("renewed", "active", "active")
    # Renewed: no reminder for the period just renewed, and no lapse.
    for day in ("2026-11-01", "2026-12-24", "2027-01-01", "2027-02-01"):
        travel(frozen, day)
        assert tick()["renewal reminders queued"] == 0
        assert tick()["endorsements lapsed"] == 0
    assert reminders_of(endorsement) == []
    assert Notification.objects.filter(user=endorsement.person,
                                       template="renewal_approved").count() == 1  # fmt: skip


def test_a_late_renewal_adds_the_late_fee(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2027-01-10")
    renewal = renewal_submit(renewal=prepared(endorsement), on=date(2027, 1, 10))
    assert renewal.submitted_late
    assert list(renewal.charges.order_by("pk").values_list("kind", "amount_cents")) == [
        (FeeKind.RENEWAL, 3500),
        (FeeKind.RENEWAL_LATE, 1500),
    ]


def test_a_renewal_waiting_for_the_coordinator_does_not_lapse(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2027-01-31")
    renewal_submit(renewal=prepared(endorsement), on=date(2027, 1, 31))
    travel(frozen, "2027-02-02")
    assert endorsements_lapse(timezone.now()) == 0
    endorsement.refresh_from_db()
    assert endorsement.status == "active"


def test_after_the_late_period_a_renewal_is_refused(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2027-01-20")
    renewal = prepared(endorsement)
    with pytest.raises(ValidationError, match=r"late period ended on Jan\. 31, 2027"):
        renewal_submit(renewal=renewal, on=date(2027, 2, 1))
    renewal.refresh_from_db()
    assert (renewal.status, renewal.submitted_at) == ("preparing", None)
    assert not renewal.charges.exists()


def test_unmet_requirements_block_the_submission_and_change_nothing(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-10-15")
    renewal = prepared(endorsement, training_hours="14.5")
    checklist = renewal_checklist(renewal=renewal, on=date(2026, 10, 15), lang="en")
    [category] = checklist.categories
    assert category.evaluation is not None
    unmet = [r.code for r in category.evaluation.requirements if not r.met]
    assert unmet == ["training_total"]
    with pytest.raises(ValidationError, match="not met yet"):
        renewal_submit(renewal=renewal, on=date(2026, 10, 15))
    renewal.refresh_from_db()
    assert (renewal.status, renewal.submitted_at) == ("preparing", None)


def test_hours_outside_the_period_are_refused_where_they_are_typed(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-10-15")
    renewal = renewal_open(association=world.ct, person=endorsement.person)
    with pytest.raises(ValidationError) as refused:
        fill(renewal, year=2025)
    assert refused.value.message_dict == {
        "date": ["Only hours from Jan. 1, 2026 to Dec. 31, 2026 count for this renewal."]
    }
    assert not renewal.trainings.exists()


def test_a_returned_renewal_is_changed_and_sent_again_without_new_fees(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2026-12-20")
    renewal = renewal_submit(renewal=prepared(endorsement), on=date(2026, 12, 20))
    returned = renewal_return(renewal=renewal, reason="Add the RS/C log.", actor=world.coordinator)
    assert (returned.status, returned.return_reason) == ("returned", "Add the RS/C log.")
    travel(frozen, "2027-01-05")
    again = renewal_submit(renewal=returned, on=date(2027, 1, 5))
    # Sent on time the first time: still on time, and charged once.
    assert (again.status, again.submitted_late, again.charges.count()) == ("submitted", False, 1)


def test_one_renewal_covers_several_categories_with_hours_entered_once(
    world: World, frozen: Any
) -> None:
    first = endorsed(world, "Rosa Ruiz", code="IMHS")
    # At another association: another renewal.
    endorsed(world, "Rosa Ruiz", code="IFS", association=world.nm, user=first.person)
    third = add_category(first, "IFA", issued_on=date(2025, 9, 1))
    travel(frozen, "2026-10-15")
    renewal = prepared(first)
    assert set(renewal.endorsements.all()) == {first, third}
    checklist = renewal_checklist(renewal=renewal, on=date(2026, 10, 15), lang="en")
    assert [c.endorsement.category.code for c in checklist.categories] == ["IFA", "IMHS"]
    assert all(c.ready for c in checklist.categories)
    renewal = renewal_submit(renewal=renewal, on=date(2026, 10, 15))
    assert renewal.charges.count() == 1  # one fee for both (the association's default)
    pay_all(renewal, world.coordinator, date(2026, 10, 15))
    renewal_approve(renewal=renewal, actor=world.coordinator)
    for endorsement in (first, third):
        endorsement.refresh_from_db()
        assert endorsement.next_due_on == date(2027, 12, 31)


def test_an_association_may_charge_each_category_renewed(world: World, frozen: Any) -> None:
    RenewalSettings.objects.create(association=world.ct, one_fee=False)
    first = endorsed(world, "Rosa Ruiz", code="IMHS")
    add_category(first, "IFA", issued_on=date(2025, 9, 1))
    travel(frozen, "2026-10-15")
    renewal = renewal_submit(renewal=prepared(first), on=date(2026, 10, 15))
    assert sorted(renewal.charges.values_list("kind", "category__code")) == [
        (FeeKind.RENEWAL, "IFA"),
        (FeeKind.RENEWAL, "IMHS"),
    ]


# The three-year cycle ---------------------------------------------------------------------


@pytest.fixture
def three_year(world: World) -> World:
    world.ct.renewal_model = "three_year"
    world.ct.save()
    RenewalSettings.objects.create(association=world.ct, cycle_year=2024, audit_percent=0)
    return world


def test_mid_cycle_endorsees_attest_pro_rated_hours(three_year: World, frozen: Any) -> None:
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2025, 6, 1))
    assert endorsement.next_due_on == date(2027, 12, 31)
    travel(frozen, "2027-10-02")
    renewal = renewal_open(association=three_year.ct, person=endorsement.person)
    fill(renewal, year=2026, training_hours="1", rsc_hours="1", attest=True)
    checklist = renewal_checklist(renewal=renewal, on=date(2027, 10, 2), lang="en")
    [category] = checklist.categories
    assert category.evaluation is not None
    assert (checklist.by_attestation, checklist.documented) == (True, False)
    needs = {r.code: r.need for r in category.evaluation.requirements}
    assert needs == {"training_total": 30, "training_dei": 2, "training_rsc_provision": 0,
                     "rsc_hours": 24, "membership": "2027-10-02", "ethics": 2}  # fmt: skip
    renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 2))
    assert (renewal.status, renewal.audited, renewal.audit_ordinal) == ("submitted", False, 0)
    pay_all(renewal, three_year.coordinator, date(2027, 10, 2))
    renewal_approve(renewal=renewal, actor=three_year.coordinator)
    endorsement.refresh_from_db()
    assert endorsement.next_due_on == date(2030, 12, 31)


def test_an_audited_renewal_documents_its_hours_with_evidence(
    three_year: World, frozen: Any
) -> None:
    RenewalSettings.objects.filter(association=three_year.ct).update(audit_percent=100)
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    travel(frozen, "2027-10-02")
    renewal = renewal_open(association=three_year.ct, person=endorsement.person)
    fill(renewal, year=2026, training_hours="20", rsc_hours="30", attest=True)
    renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 2))
    assert (renewal.status, renewal.audited, renewal.audit_due_on) == (
        "audit", True, date(2027, 11, 1))  # fmt: skip
    assert Notification.objects.filter(user=endorsement.person, template="renewal_audit").exists()
    # Listed hours must now meet the full 45 and 36, with evidence.
    with pytest.raises(ValidationError, match="don't meet the requirements"):
        audit_document(renewal=renewal, on=date(2027, 10, 20))
    fill(renewal, year=2026, training_hours="25", rsc_hours="6", attest=True)
    with pytest.raises(ValidationError, match="Upload at least one"):
        audit_document(renewal=renewal, on=date(2027, 10, 20))
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence_add(renewal=renewal, upload=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 hours"))
    with pytest.raises(ValidationError, match="Only PDF, JPEG or PNG"):
        evidence_add(renewal=renewal, upload=SimpleUploadedFile("cert.pdf", b"MZ not a pdf"))
    renewal = audit_document(renewal=renewal, on=date(2027, 10, 20))
    assert renewal.status == "submitted" and renewal.audit_documented_at is not None
    assert renewal.evidence.count() == 1


def test_audits_pick_the_set_share_of_a_period_in_submission_order(
    three_year: World, frozen: Any
) -> None:
    RenewalSettings.objects.filter(association=three_year.ct).update(audit_percent=50)
    travel(frozen, "2027-10-02")
    picked = []
    for n in range(6):
        endorsement = endorsed(three_year, f"Person {n}", issued_on=date(2024, 6, 1))
        renewal = renewal_open(association=three_year.ct, person=endorsement.person)
        fill(renewal, year=2026, attest=True)
        renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 2))
        picked.append(renewal.audited)
    assert [r.audit_ordinal for r in Renewal.objects.order_by("pk")] == list(range(6))
    assert sum(picked) == 3  # one in each block of two


def test_a_renewal_sent_in_time_and_returned_late_can_still_come_back(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2027-01-20")
    renewal = renewal_submit(renewal=prepared(endorsement), on=date(2027, 1, 20))
    travel(frozen, "2027-02-03")
    renewal_return(renewal=renewal, reason="Add the RS/C log.", actor=world.coordinator)
    assert endorsements_lapse(timezone.now()) == 0  # returned, not forgotten
    again = renewal_submit(renewal=renewal, on=date(2027, 2, 3))
    assert again.status == "submitted"
    endorsement.refresh_from_db()
    assert endorsement.status == "active"


def test_a_returned_audit_is_documented_again(three_year: World, frozen: Any) -> None:
    RenewalSettings.objects.filter(association=three_year.ct).update(audit_percent=100)
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    travel(frozen, "2027-10-02")
    renewal = renewal_open(association=three_year.ct, person=endorsement.person)
    fill(renewal, year=2026, training_hours="45", rsc_hours="36", attest=True)
    renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 2))
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence_add(renewal=renewal, upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4 x"))
    renewal = audit_document(renewal=renewal, on=date(2027, 10, 3))
    renewal = renewal_return(renewal=renewal, reason="Illegible.", actor=three_year.coordinator)
    renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 5))
    assert (renewal.status, renewal.audit_ordinal) == ("audit", 0)  # not picked a second time


def test_an_audit_past_its_deadline_no_longer_holds_off_the_lapse(
    three_year: World, frozen: Any
) -> None:
    RenewalSettings.objects.filter(association=three_year.ct).update(audit_percent=100)
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    travel(frozen, "2028-01-25")
    renewal = renewal_open(association=three_year.ct, person=endorsement.person)
    fill(renewal, year=2027, attest=True)
    renewal_submit(renewal=renewal, on=date(2028, 1, 25))  # audit due 2028-02-24
    travel(frozen, "2028-02-24")
    assert endorsements_lapse(timezone.now()) == 0
    travel(frozen, "2028-02-25")
    assert endorsements_lapse(timezone.now()) == 1


def test_audit_picks_use_the_same_saved_seed_without_settings_saved_first(
    world: World, frozen: Any
) -> None:
    world.ct.renewal_model = "three_year"
    world.ct.save()
    travel(frozen, "2027-10-02")
    audited = []
    for n in range(10):
        endorsement = endorsed(world, f"Person {n}", issued_on=date(2024, 6, 1))
        renewal = renewal_open(association=world.ct, person=endorsement.person)
        fill(renewal, year=2026, attest=True)
        audited.append(renewal_submit(renewal=renewal, on=date(2027, 10, 2)).audited)
    assert sum(audited) == 1  # 10% of a block of ten: one, under one saved seed
    assert RenewalSettings.objects.filter(association=world.ct).count() == 1


def test_a_new_model_applies_from_the_next_period_without_asking_renewed_years_again(
    world: World, frozen: Any
) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")  # yearly: due 2026-12-31
    travel(frozen, "2026-10-15")
    renewal = renewal_open(association=world.ct, person=endorsement.person)
    # The association moves to three-year cycles (ending 2024, 2027, …) meanwhile.
    world.ct.renewal_model = "three_year"
    world.ct.save()
    RenewalSettings.objects.create(association=world.ct, cycle_year=2024, audit_percent=0)
    fill(renewal)
    checklist = renewal_checklist(renewal=renewal, on=date(2026, 10, 15), lang="en")
    [category] = checklist.categories
    assert category.evaluation is not None
    assert category.evaluation.rule_version.endswith("renewal-yearly/IMHS/2000-01-01")
    renewal = renewal_submit(renewal=renewal, on=date(2026, 10, 15))
    pay_all(renewal, world.coordinator, date(2026, 10, 15))
    renewal_approve(renewal=renewal, actor=world.coordinator)
    endorsement.refresh_from_db()
    assert (endorsement.next_due_on, endorsement.next_period_starts,
            endorsement.next_period_years) == (date(2027, 12, 31), date(2027, 1, 1), 3)  # fmt: skip
    travel(frozen, "2027-10-02")
    following = renewal_open(association=world.ct, person=endorsement.person)
    fill(following, year=2027, attest=True)
    [category] = renewal_checklist(renewal=following, on=date(2027, 10, 2), lang="en").categories
    assert category.evaluation is not None
    assert category.evaluation.share == Share(years=1, of=3)  # only 2027 is left to renew
    assert {r.code: r.need for r in category.evaluation.requirements}["training_total"] == 15


def test_a_whole_three_year_cycle_of_reminders_then_a_lapse(three_year: World, frozen: Any) -> None:
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    assert endorsement.next_due_on == date(2027, 12, 31)
    sent_on, lapsed_on = [], []
    for day in days("2025-01-01", "2028-02-05"):
        travel(frozen, day.isoformat())
        now = timezone.now()
        if renewal_reminders_send(now):
            sent_on.append(day.isoformat())
        if endorsements_lapse(now):
            lapsed_on.append(day.isoformat())
    assert sent_on == ["2027-11-01", "2027-12-01", "2027-12-24", "2028-01-01"]
    assert lapsed_on == ["2028-02-01"]


def test_a_returned_renewal_not_sent_again_in_time_lapses(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    travel(frozen, "2027-01-20")
    renewal = renewal_submit(renewal=prepared(endorsement), on=date(2027, 1, 20))
    travel(frozen, "2027-01-25")
    renewal = renewal_return(renewal=renewal, reason="Add the log.", actor=world.coordinator)
    # 30 days (the audit's time) after the return, later than the late period's end.
    travel(frozen, "2027-02-24")
    assert endorsements_lapse(timezone.now()) == 0
    travel(frozen, "2027-02-25")
    with pytest.raises(ValidationError, match="late period ended"):
        renewal_submit(renewal=renewal, on=date(2027, 2, 25))
    assert endorsements_lapse(timezone.now()) == 1


def test_an_audit_sent_again_has_its_time_again(three_year: World, frozen: Any) -> None:
    RenewalSettings.objects.filter(association=three_year.ct).update(audit_percent=100)
    endorsement = endorsed(three_year, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    travel(frozen, "2027-12-20")
    renewal = renewal_open(association=three_year.ct, person=endorsement.person)
    fill(renewal, year=2027, training_hours="45", rsc_hours="36", attest=True)
    renewal = renewal_submit(renewal=renewal, on=date(2027, 12, 20))
    assert renewal.audit_due_on == date(2028, 1, 19)
    travel(frozen, "2028-02-03")
    renewal = renewal_return(renewal=renewal, reason="Which year?", actor=three_year.coordinator)
    renewal = renewal_submit(renewal=renewal, on=date(2028, 2, 4))
    assert (renewal.status, renewal.audit_due_on) == ("audit", date(2028, 3, 5))
    assert endorsements_lapse(timezone.now()) == 0


def test_one_renewal_for_two_periods_recorded_differently_starts_at_the_later(
    world: World, frozen: Any
) -> None:
    first = endorsed(world, "Rosa Ruiz", code="IMHS")
    second = add_category(first, "IFA", issued_on=date(2025, 9, 1))
    Endorsement.objects.filter(pk=first.pk).update(
        next_period_starts=date(2024, 1, 1), next_period_years=3
    )
    Endorsement.objects.filter(pk=second.pk).update(
        next_period_starts=date(2026, 1, 1), next_period_years=3
    )
    travel(frozen, "2026-10-15")
    renewal = renewal_open(association=world.ct, person=first.person)
    assert (renewal.period_starts, renewal.period_years) == (date(2026, 1, 1), 3)


def test_after_a_move_a_stretch_under_a_year_joins_the_next_cycle() -> None:
    from endorse.eligibility.renewal import MonthDay, RenewalPolicy
    from endorse.renewals.selectors import period_after

    # Renewed through 31 December 2026, now under three-year cycles due each 30 June
    # (2027, 2030, …): January to June 2027 is no whole year, so it joins the next cycle.
    policy = RenewalPolicy(model="three_year", due=MonthDay(6, 30), window_opens=MonthDay(4, 1),
                           late_until=MonthDay(7, 31), cycle_year=2027)  # fmt: skip
    following = period_after(policy, date(2026, 12, 31))
    assert (following.starts, following.due, following.years) == (
        date(2027, 1, 1), date(2030, 6, 30), 3)  # fmt: skip
