"""Reviewing as in-service training: the hours the association credits a reviewer appear,
confirmed, in their own renewal, and the engine counts them in the training requirement."""

from __future__ import annotations

from typing import Any

from endorse.associations.models import StaffRole
from endorse.endorsements.models import Endorsement
from endorse.renewals.models import Renewal, RenewalTraining
from endorse.renewals.selectors import renewal_checklist
from endorse.renewals.services import renewal_submit
from endorse.reviews.models import ReviewerProfile
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed, prepared, travel
from tests.reviews.test_service import credit, sent


def reviewing(world: World, endorsement: Endorsement) -> None:
    """The endorsee also reviews for the association."""
    StaffRole.objects.create(association=world.ct, user=endorsement.person, role="reviewer")
    ReviewerProfile.objects.create(association=world.ct, user=endorsement.person,
                                   categories=["IMHS"])  # fmt: skip


def training_have(renewal: Renewal, on: Any) -> Any:
    fresh = Renewal.objects.select_related("association").get(pk=renewal.pk)  # as a page loads it
    checklist = renewal_checklist(renewal=fresh, on=on, lang="en")
    (item,) = checklist.categories
    assert item.evaluation is not None
    (found,) = [r for r in item.evaluation.requirements if r.code == "training_total"]
    return found.have


def renewal_page(world: World, user: Any, url: str = "/ct/renewal/", **headers: Any) -> str:
    response = world.client(user).get(url, **headers)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_reviews_of_the_period_count_as_confirmed_training(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    reviewing(world, endorsement)
    rosa = endorsement.person
    sent(world, rosa, "2025-11-10 15:00:00+00:00", round=1)  # before the period: not counted
    for round, day in enumerate(("2026-02-10", "2026-03-10", "2026-04-10", "2026-05-12"), 2):
        sent(world, rosa, f"{day} 15:00:00+00:00", round=round)
    sent(world, rosa, "2026-06-01 15:00:00+00:00", association=world.nm)  # another association
    travel(frozen, "2026-09-20")
    renewal = prepared(endorsement, training_hours="10")
    today = renewal.opened_at.date()

    # Not credited (the default): only the 10 hours typed count.
    assert training_have(renewal, today) == 10
    assert "Reviewing for" not in renewal_page(world, rosa)

    credit(world.ct, "1.5", "7")
    assert training_have(renewal, today) == 16  # 10 + 4 reviews × 1.5
    text = renewal_page(world, rosa)
    assert "16 hours of in-service training (at least 15 needed)" in text
    assert (
        '<tr class="confirmed"> <td>May 12, 2026</td><td>Reviewing for CT Assoc: 4 reviews '
        '<span class="badge ok">Confirmed by CT Assoc</span></td><td>6</td>' in text
    )
    # Not the person's to remove; the year's certificate beside it.
    assert "Remove Reviewing for" not in text
    assert '<a href="/ct/service-certificate/2026.pdf">Service certificate 2026 (PDF)</a>' in text
    # Computed, never copied into the renewal's own rows.
    assert list(RenewalTraining.objects.values_list("title", flat=True)) == ["Attachment"]

    # Two more reviews: 9 hours for the year, the cap allows 7.
    sent(world, rosa, "2026-09-01 15:00:00+00:00", round=7)
    sent(world, rosa, "2026-09-15 15:00:00+00:00", round=8)
    assert training_have(renewal, today) == 17
    assert "Reviewing for CT Assoc: 6 reviews" in renewal_page(world, rosa)

    # The engine's verdict is what sending goes by: the renewal is sent on those hours.
    travel(frozen, "2026-10-02")
    renewal_submit(renewal=renewal, on=renewal.opened_at.date().replace(month=10, day=2))
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED
    coordinator = renewal_page(world, world.coordinator, f"/ct/manage/renewals/{renewal.pk}/")
    assert "Reviewing for CT Assoc: 6 reviews" in coordinator
    assert "Confirmed by CT Assoc" in coordinator


def test_a_review_after_the_day_judged_waits_for_that_day(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    reviewing(world, endorsement)
    credit(world.ct, "2", None)
    travel(frozen, "2026-09-20")
    renewal = prepared(endorsement, training_hours="10")
    sent(world, endorsement.person, "2026-09-10 15:00:00+00:00")
    sent(world, endorsement.person, "2026-10-05 15:00:00+00:00", round=2)
    september, october = renewal.opened_at.date(), renewal.opened_at.date().replace(month=10, day=5)
    assert training_have(renewal, september) == 12
    assert training_have(renewal, october) == 14


def test_in_spanish_the_entry_reads_in_spanish(world: World, frozen: Any) -> None:
    endorsement = endorsed(world, "Rosa Ruiz")
    reviewing(world, endorsement)
    rosa = endorsement.person
    rosa.preferred_language = "es"
    rosa.save()
    credit(world.ct, "1.25", "7")
    sent(world, rosa, "2026-02-10 15:00:00+00:00")
    travel(frozen, "2026-09-20")
    prepared(endorsement, training_hours="10")
    text = renewal_page(world, rosa)
    assert "Revisiones para CT Assoc: 1 revisión" in text
    assert "Confirmado por CT Assoc" in text
    assert "<td>1,25</td>" in text
