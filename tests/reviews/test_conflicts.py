"""Conflicts of interest found before anyone is asked: each named relation, shown beside the
reviewer's name; a flagged reviewer only with a written override; "no conflict" confirmed
by the reviewer when accepting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Reference, Rsc, Work
from endorse.associations.models import StaffRole
from endorse.notifications.models import Notification
from endorse.reviews import assigning, services
from endorse.reviews.conflicts import conflicts_found
from endorse.reviews.models import Assignment, ReviewerProfile
from tests.applications.conftest import TODAY, World, open_application, person
from tests.reviews.test_workflow import reviewer

OPTION = "{name} – 0 open reviews – flagged: {reasons}"


def in_review(world: World, application: Application) -> Application:
    services.completeness_accept(application=application, actor=world.coordinator)
    application.refresh_from_db()
    return application


def named(world: World, email: str, name: str) -> User:
    """A reviewer whose name is not made from their email."""
    user = person(email, name)
    StaffRole.objects.create(association=world.ct, user=user, role="reviewer")
    ReviewerProfile.objects.create(association=world.ct, user=user, categories=["IMHS"])
    return user


def coordinator_page(world: World, application: Application) -> str:
    response = world.client(world.coordinator).get(f"/ct/manage/applications/{application.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def option(name: str, *reasons: str) -> str:
    return OPTION.format(name=name, reasons="; ".join(reasons))


def earlier_application(world: World, applicant: User) -> Application:
    """An approved application of the same person here, before this one."""
    current = Application.objects.get(association=world.ct, applicant=applicant)
    return Application.objects.create(
        association=world.ct, applicant=applicant, registration=current.registration,
        category=current.category, status=Application.Status.APPROVED,
        opened_at=timezone.now() - timedelta(days=900),
    )  # fmt: skip


def test_the_supervisor_named_in_the_application_is_flagged(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    reviewer(world, "supervisor@example.org")  # the fixture's supervisor reference
    page = coordinator_page(world, application)
    assert option("Supervisor", "Named as supervisor in this application") in page


def test_rsc_providers_are_flagged_by_email_and_by_name_without_accents(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    reviewer(world, "rsc_provider@example.org")  # the reference of role "RS/C provider"
    Rsc.objects.create(association=world.ct, application=application, complete=True,
                       provider="José  Núñez", hours=1, date=TODAY)  # fmt: skip
    named(world, "jn@example.org", "jose nunez")
    page = coordinator_page(world, application)
    assert option("Rsc_Provider", "Named as RS/C provider in this application") in page
    assert option("jose nunez", "Named as RS/C provider in this application") in page


def test_raters_are_flagged_by_email_or_by_name_when_the_reference_has_no_email(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    reviewer(world, "colleague@example.org")
    Reference.objects.create(association=world.ct, application=application, complete=True,
                             name="MARÍA López", email="", role="other")  # fmt: skip
    named(world, "ml@example.org", "Maria Lopez")
    # Same name, but the reference's email is someone else's: not the same person.
    Reference.objects.create(association=world.ct, application=application, complete=True,
                             name="Sam Same", email="sam.other@example.org", role="colleague")  # fmt: skip
    named(world, "sam@example.org", "Sam Same")
    page = coordinator_page(world, application)
    assert option("Colleague", "Named as a rater in this application") in page
    assert option("Maria Lopez", "Named as a rater in this application") in page
    assert "Sam Same – 0 open reviews</option>" in page


def test_someone_at_the_same_employer_is_flagged(world: World, submitted: Application) -> None:
    application = in_review(world, submitted)
    Work.objects.create(association=world.ct, application=application, complete=True,
                        employer="Clínica Esperanza", start=TODAY)  # fmt: skip
    colleague = named(world, "cruz@example.org", "Cruz Colega")
    own = open_application(world.ct, colleague, world.coordinator)
    Work.objects.create(association=world.ct, application=own, complete=True,
                        employer="clinica  ESPERANZA", start=TODAY)  # fmt: skip
    page = coordinator_page(world, application)
    assert (
        option(
            "Cruz Colega",
            "Works or worked at the same employer as the applicant: Clínica Esperanza",
        )
        in page
    )


def test_who_rated_this_person_before_is_flagged(world: World, submitted: Application) -> None:
    application = in_review(world, submitted)
    earlier = earlier_application(world, world.applicant)
    former = reviewer(world, "former@example.org")
    Reference.objects.create(association=world.ct, application=earlier, complete=True,
                             name="Someone", email=former.email.upper(), role="colleague",
                             status=Reference.Status.COMPLETED)  # fmt: skip
    # A request never answered is no rating.
    unanswered = reviewer(world, "unanswered@example.org")
    Reference.objects.create(association=world.ct, application=earlier, complete=True,
                             name="U", email=unanswered.email, role="colleague",
                             status=Reference.Status.SENT)  # fmt: skip
    page = coordinator_page(world, application)
    assert option("Former", "Rated this applicant before") in page
    assert "Unanswered – 0 open reviews</option>" in page


def test_who_reviewed_this_person_before_is_flagged(world: World, submitted: Application) -> None:
    application = in_review(world, submitted)
    earlier = earlier_application(world, world.applicant)
    former = reviewer(world, "former@example.org")
    Assignment.objects.create(association=world.ct, application=earlier, reviewer=former,
                              tier=1, status=Assignment.Status.ACCEPTED,
                              assigned_by=world.coordinator, assigned_at=timezone.now())  # fmt: skip
    page = coordinator_page(world, application)
    assert option("Former", "Reviewed this applicant before") in page


def test_the_applicants_supervisees_are_flagged(world: World, submitted: Application) -> None:
    application = in_review(world, submitted)
    by_email = named(world, "pat@example.org", "Pat Supervisee")
    own = open_application(world.ct, by_email, world.coordinator)
    Reference.objects.create(association=world.ct, application=own, complete=True,
                             name="A. Díaz", email="ANA@example.org", role="supervisor")  # fmt: skip
    by_name = named(world, "quinn@example.org", "Quinn Mentee")
    own = open_application(world.ct, by_name, world.coordinator)
    Rsc.objects.create(association=world.ct, application=own, complete=True,
                       provider="ana diaz", hours=1, date=TODAY)  # fmt: skip
    page = coordinator_page(world, application)
    reason = "Names the applicant as supervisor, RS/C provider or rater in their own application"
    assert option("Pat Supervisee", reason) in page
    assert option("Quinn Mentee", reason) in page


def test_the_reasons_are_found_in_a_fixed_number_of_queries(
    world: World, submitted: Application
) -> None:
    in_review(world, submitted)
    application = Application.objects.select_related("applicant").get(pk=submitted.pk)
    Work.objects.create(association=world.ct, application=application, complete=True,
                        employer="Clínica Esperanza", start=TODAY)  # fmt: skip

    def queries(count: int) -> int:
        people = [reviewer(world, f"r{count}-{n}@example.org") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            conflicts_found(application=application, candidates=people)
        return len(captured)

    assert queries(1) == queries(12) == 8


def flagged_post(world: World, application: Application, user: User, override: str) -> object:
    return world.client(world.coordinator).post(
        f"/ct/manage/applications/{application.pk}/assign/1/",
        {"assign-1-reviewer": str(user.pk), "assign-1-override": override},
    )


def test_a_flagged_reviewer_is_not_asked_without_a_written_override(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    supervisor = reviewer(world, "supervisor@example.org")
    mail.outbox.clear()
    notifications = Notification.objects.count()
    response = flagged_post(world, application, supervisor, "   ")
    assert response.status_code == 422  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert (
        '<div class="field-error" id="id_assign-1-override-error"><p>This reviewer is flagged: '
        "say why they can still review, or choose another.</p></div>" in page
    )
    assert not Assignment.objects.exists()
    assert Notification.objects.count() == notifications and mail.outbox == []
    application.refresh_from_db()
    assert application.status == "first_review"


def test_a_flagged_reviewer_is_asked_with_an_override_kept_and_shown(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    supervisor = reviewer(world, "supervisor@example.org")
    why = "Supervised her in 2010 <b>only</b>; no contact since."
    response = flagged_post(world, application, supervisor, why)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assignment = Assignment.objects.get()
    assert (assignment.reviewer, assignment.conflicts, assignment.conflict_override) == (
        supervisor, [{"code": "supervisor", "detail": ""}], why,
    )  # fmt: skip
    page = coordinator_page(world, application)
    assert "Named as supervisor in this application</p>" in page
    assert (
        "Why this reviewer can still review: Supervised her in 2010 &lt;b&gt;only&lt;/b&gt;; "
        "no contact since." in page
    )


def test_an_unflagged_reviewer_needs_no_override_and_keeps_none(
    world: World, submitted: Application
) -> None:
    application = in_review(world, submitted)
    rowan = reviewer(world, "rowan@example.org")
    assert flagged_post(world, application, rowan, "").status_code == 302  # type: ignore[attr-defined]
    assignment = Assignment.objects.get()
    assert (assignment.conflicts, assignment.conflict_override) == ([], "")


@pytest.fixture
def asked(world: World, submitted: Application) -> Assignment:
    application = in_review(world, submitted)
    rowan = reviewer(world, "rowan@example.org")
    return assigning.reviewer_assign(
        application=application, reviewer=rowan, tier=1, actor=world.coordinator
    )


def test_accepting_without_confirming_no_conflict_is_refused(
    world: World, asked: Assignment
) -> None:
    client = world.client(asked.reviewer)
    url = f"/ct/review/{asked.pk}/"
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "I have no conflict of interest with this applicant" in page
    assert (
        '<div class="field-error" id="id_no_conflict-error"><p>Confirm that you have no conflict '
        "of interest with this applicant, or declare it.</p></div>" in page
    )
    asked.refresh_from_db()
    assert (asked.status, asked.responded_at, asked.no_conflict_confirmed_at) == (
        "proposed", None, None,
    )  # fmt: skip


def test_accepting_with_the_confirmation_keeps_when_it_was_given(
    world: World, asked: Assignment
) -> None:
    response = world.client(asked.reviewer).post(
        f"/ct/review/{asked.pk}/", {"answer": "accept", "no_conflict": "on"}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "accepted"
    assert asked.no_conflict_confirmed_at == timezone.now()
    page = coordinator_page(world, asked.application)
    assert "The reviewer confirmed they have no conflict of interest." in page
