"""The coordinator corrects a registration that waits (a renewed membership, a typing
error, the category meant) instead of returning it; each correction is in its history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from endorse.applications.corrections import registration_correct
from endorse.applications.models import Event, Registration
from endorse.applications.services import registration_submit
from endorse.payments.models import Charge
from endorse.standards.models import Category
from tests.applications.conftest import TODAY, World, person, registration_fields
from tests.hostile import MARKUP, RAW_MARKUP, shown_in_html


@pytest.fixture
def pending(world: World) -> Registration:
    """Sent on the day its membership ran out; the coordinator opens it two days later."""
    newcomer = person("new@example.org", "Nora New")
    return registration_submit(association=world.ct, applicant=newcomer,
                               fields=registration_fields(expires=TODAY), today=TODAY)  # fmt: skip


def page_of(world: World, registration: Registration, user: Any = None) -> Any:
    return world.client(user or world.coordinator).get(
        f"/ct/manage/registrations/{registration.pk}/"
    )


def correct(
    world: World,
    registration: Registration,
    user: Any = None,
    *,
    follow: bool = False,
    **changed: Any,
) -> Any:
    data = {"category": registration.category_id, "work_summary": registration.work_summary,
            "education_summary": registration.education_summary,
            "rsc_summary": registration.rsc_summary,
            "membership_number": registration.membership_number,
            "membership_expires_on": registration.membership_expires_on.isoformat(), **changed}  # fmt: skip
    return world.client(user or world.coordinator).post(
        f"/ct/manage/registrations/{registration.pk}/correct/",
        {f"correct-{name}": value for name, value in data.items()},
        follow=follow,
    )


def folded(response: Any) -> str:
    return " ".join(response.content.decode().replace("&#x27;", "'").split())


def state(registration: Registration) -> tuple[Any, ...]:
    row = Registration.objects.values().get(pk=registration.pk)
    return (row, Event.objects.filter(registration=registration).count(),
            list(Charge.objects.filter(person=registration.applicant).values()))  # fmt: skip


def test_a_renewed_membership_is_corrected_and_the_registration_accepted(
    world: World, pending: Registration, frozen: Any
) -> None:
    frozen.move_to("2025-03-05 15:00:00+00:00")
    page = page_of(world, pending)
    assert '<span class="badge incomplete">expired</span>' in folded(page)
    assert "<summary>Correct the registration</summary>" in folded(page)
    response = correct(world, pending, membership_number=" M-2 ",
                       membership_expires_on="2026-03-31", follow=True)  # fmt: skip
    assert response.redirect_chain == [(f"/ct/manage/registrations/{pending.pk}/", 302)]
    assert "Corrected. The history below shows the change." in folded(response)
    pending.refresh_from_db()
    assert (pending.membership_number, pending.membership_expires_on.isoformat()) == (
        "M-2", "2026-03-31")  # fmt: skip
    event = Event.objects.get(registration=pending, to_state="corrected")
    assert (event.actor, event.from_state, event.changes) == (
        world.coordinator,
        "submitted",
        {"membership_number": ["M-1", "M-2"],
         "membership_expires_on": ["2025-03-03", "2026-03-31"]},
    )  # fmt: skip
    page = folded(page_of(world, pending))
    assert '<span class="badge ok">current</span>' in page
    assert (
        "March 5, 2025, 10 a.m. EST</time> · Corrected. · Casey Coordinator "
        "<ul> <li>Membership number: M-1 → M-2</li> "
        "<li>Membership expires on: March 3, 2025 → March 31, 2026</li> </ul>"
    ) in page
    assert "March 3, 2025, 10 a.m. EST</time> · Sent. · Nora New" in page
    Charge.objects.filter(pk=pending.fee_id).update(status="paid")
    decided = world.client(world.coordinator).post(
        f"/ct/manage/registrations/{pending.pk}/decide/", {"decision": "accept"}
    )
    assert decided.status_code == 302
    assert Registration.objects.get(pk=pending.pk).status == "accepted"


def test_the_history_reads_in_the_coordinators_language(
    world: World, pending: Registration
) -> None:
    correct(world, pending, membership_expires_on="2025-12-31")
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    page = folded(page_of(world, pending))
    assert "· Corregida. · Casey Coordinator" in page
    assert (
        "<li>Fecha de vencimiento de la membresía: 3 de marzo de 2025 → 31 de diciembre de "
        "2025</li>"
    ) in page


def test_a_summary_is_shown_before_and_after(world: World, pending: Registration) -> None:
    correct(world, pending, work_summary="Home visiting since 2016.\nEarly Head Start lead.")
    page = folded(page_of(world, pending))
    assert (
        "<li>Work: <details><summary>before and after</summary><p>Before: Home visiting since "
        "2016.</p><p>After: Home visiting since 2016.<br>Early Head Start lead.</p></details></li>"
    ) in page


def test_typed_text_in_the_history_is_shown_as_text(world: World, pending: Registration) -> None:
    assert (
        correct(world, pending, rsc_summary=MARKUP, membership_number="<b>7</b>").status_code == 302
    )
    page = page_of(world, pending).content.decode()
    assert f"<p>After: {shown_in_html(MARKUP)}</p>" in page
    assert "<li>Membership number: M-1 → &lt;b&gt;7&lt;/b&gt;</li>" in " ".join(page.split())
    assert not any(raw in page for raw in RAW_MARKUP)


def test_the_category_meant_is_corrected_and_the_fee_stays_as_charged(
    world: World, pending: Registration
) -> None:
    ifs = Category.objects.get(code="IFS")
    fee_before = list(Charge.objects.filter(pk=pending.fee_id).values())
    assert correct(world, pending, category=ifs.pk).status_code == 302
    pending.refresh_from_db()
    assert pending.category == ifs
    assert list(Charge.objects.filter(pk=pending.fee_id).values()) == fee_before
    assert Event.objects.get(to_state="corrected", registration=pending).changes == {
        "category": ["IMHS", "IFS"]
    }
    assert "<li>Category: IMHS → IFS</li>" in folded(page_of(world, pending))


def test_bad_data_is_refused_next_to_the_field_and_nothing_changes(
    world: World, pending: Registration
) -> None:
    before = state(pending)
    response = correct(world, pending, work_summary="  ", membership_expires_on="31/12/2025")
    assert response.status_code == 422
    assert response.context["correct_form"].errors == {
        "work_summary": ["This field is required."],
        "membership_expires_on": ["Enter a valid date."],
    }
    assert '<details class="panel correction" open>' in folded(response)
    assert state(pending) == before


def test_sending_the_same_details_changes_nothing(world: World, pending: Registration) -> None:
    before = state(pending)
    response = correct(world, pending, follow=True)
    assert response.redirect_chain == [(f"/ct/manage/registrations/{pending.pk}/", 302)]
    assert "Nothing was changed." in folded(response)
    assert state(pending) == before


def test_an_accepted_registration_is_not_corrected_here(world: World) -> None:
    registration = world.application.registration
    page = folded(page_of(world, registration))
    assert "Correct the registration" not in page
    assert "· Accepted: the application is open. · Casey Coordinator" in page
    before = state(registration)
    response = correct(world, registration, membership_number="M-3", follow=True)
    assert response.redirect_chain == [(f"/ct/manage/registrations/{registration.pk}/", 302)]
    assert "This registration is accepted: the application now holds these details." in folded(
        response
    )
    assert state(registration) == before


def test_nobody_else_corrects_it_and_nothing_changes(world: World, pending: Registration) -> None:
    before = state(pending)
    for user, status in ((world.applicant, 403), (pending.applicant, 403),
                         (world.nm_coordinator, 403)):  # fmt: skip
        assert correct(world, pending, user, membership_number="X").status_code == status
    # Another association's coordinator, under their own association's address.
    other = world.client(world.nm_coordinator).post(
        f"/nm/manage/registrations/{pending.pk}/correct/", {"correct-membership_number": "X"}
    )
    assert other.status_code == 404
    anonymous = world.client(None).post(f"/ct/manage/registrations/{pending.pk}/correct/")
    assert anonymous.status_code == 302
    assert state(pending) == before


def test_the_service_refuses_a_category_the_association_does_not_offer(world: World) -> None:
    newcomer = person("nuevo@example.org", "Nico Nuevo")
    registration = registration_submit(association=world.nm, applicant=newcomer,
                                       fields=registration_fields(), today=TODAY)  # fmt: skip
    world.nm.offerings.filter(category__code="IFS").delete()
    with pytest.raises(ValidationError) as refused:
        registration_correct(registration=registration, actor=world.nm_coordinator,
                             fields={"category": Category.objects.get(code="IFS")})  # fmt: skip
    assert refused.value.message_dict == {
        "category": ["This association does not offer this category."]
    }
    assert not Event.objects.filter(registration=registration, to_state="corrected").exists()
    assert registration.membership_expires_on == TODAY + timedelta(days=200)
