"""A reviewer who stops reviewing here never leaves an application stuck."""

from __future__ import annotations

from django.core import mail

from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment
from endorse.reviews.selectors import reviewer_candidates
from tests.applications.conftest import World, person
from tests.reviews.test_on_hold import on_hold
from tests.reviews.test_workflow import accepted, reviewer


def admin_client(world: World) -> object:
    admin = person("dana@ct.example.org", "Dana Director")
    StaffRole.objects.create(association=world.ct, user=admin, role="admin")
    return world.client(admin)


def test_removing_a_reviewer_withdraws_their_unfinished_reviews_and_frees_the_tier(
    world: World, submitted: Application
) -> None:
    first, second = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    accepted(world, submitted, first, 1)
    asked = assigning.reviewer_assign(application=submitted, reviewer=second, tier=2,
                                      actor=world.coordinator)  # fmt: skip
    role = StaffRole.objects.get(user=first, role="reviewer")
    mail.outbox.clear()
    response = admin_client(world).post(f"/ct/manage/staff/{role.pk}/remove/", follow=True)  # type: ignore[attr-defined]
    assert "1 unfinished review was withdrawn" in response.content.decode()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["rowan@example.org"], "A review was withdrawn: Infant Mental Health Specialist (IMHS)")]  # fmt: skip
    assert list(Assignment.objects.filter(application=submitted).order_by("tier")
                .values_list("tier", "status")) == [(1, "withdrawn"), (2, "proposed")]  # fmt: skip
    asked.refresh_from_db()
    assert asked.status == "proposed"  # the other reviewer is untouched
    assert world.client(first).get("/ct/review/").status_code == 403
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    assert f"/ct/manage/applications/{submitted.pk}/assign/1/" in page.content.decode()  # open
    assert first.pk not in {c.user.pk for c in reviewer_candidates(application=submitted)}


def test_a_sent_review_stands_when_its_reviewer_leaves(
    world: World, submitted: Application
) -> None:
    application = on_hold(world, submitted)  # both reviews of round 1 were sent
    rowan = Assignment.objects.get(application=application, tier=1)
    assert assigning.reviewer_withdraw(association=world.ct, user=rowan.reviewer) == 0
    StaffRole.objects.filter(user=rowan.reviewer).delete()
    # Sent back: only the reviewer still here comes with it; the first tier opens again.
    services.resubmit_on_hold(application=application, actor=world.applicant)
    round_two = Assignment.objects.filter(application=application, round=2)
    assert list(round_two.values_list("tier", "reviewer__email", "status")) == [
        (2, "sage@example.org", "accepted")]  # fmt: skip
    rowan.refresh_from_db()
    assert rowan.status == "accepted" and rowan.review.submitted_at is not None


def test_a_reviewer_of_another_association_keeps_their_reviews_there(
    world: World, submitted: Application
) -> None:
    first = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assignment = accepted(world, submitted, first, 1)
    assert assigning.reviewer_withdraw(association=world.nm, user=first) == 0
    assignment.refresh_from_db()
    assert assignment.status == "accepted"
