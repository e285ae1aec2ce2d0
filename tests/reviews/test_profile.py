"""The reviewer's own time: languages, capacity and time away, set on their profile page,
shown on the staff page, and respected by the suggestions (then fewest open reviews)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.associations.selectors import association_today
from endorse.reviews import services
from endorse.reviews.models import Assignment, ReviewerProfile
from endorse.reviews.selectors import reviewer_suggestions
from tests.applications.conftest import World
from tests.reviews.test_workflow import reviewer

PROFILE = "/ct/review/profile/"


def test_the_reviewer_finds_their_profile_from_my_reviews_with_the_defaults(
    world: World, submitted: Application
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    client = world.client(rowan)
    assert '<a href="/ct/review/profile/">My languages, capacity and time away</a>' in (
        client.get("/ct/review/").content.decode()
    )
    page = client.get(PROFILE).content.decode()
    assert '<input type="checkbox" name="languages" value="en"' in page
    assert 'value="en" id="id_languages_0" checked' in page
    assert 'value="es" id="id_languages_1" checked' in page
    assert 'name="capacity" value="3"' in page


def test_the_reviewer_saves_their_languages_capacity_and_time_away(
    world: World, submitted: Application
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    response = world.client(rowan).post(
        PROFILE, {"languages": ["en"], "capacity": "2", "away_until": "2025-05-01"}
    )
    assert (response.status_code, response["Location"]) == (302, PROFILE)
    profile = ReviewerProfile.objects.get(user=rowan)
    assert (profile.languages, profile.capacity, str(profile.away_until), profile.categories) == (
        ["en"], 2, "2025-05-01", ["IMHS"],
    )  # fmt: skip
    StaffRole.objects.create(association=world.ct, user=world.coordinator, role="admin")
    staff = world.client(world.coordinator).get("/ct/manage/staff/").content.decode()
    assert "Reviews in: English · At most 2 open reviews at once · Away until May 1, 2025" in staff


def test_a_profile_without_a_language_or_with_no_room_is_refused_and_nothing_changes(
    world: World, submitted: Application
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    client = world.client(rowan)
    response = client.post(PROFILE, {"capacity": "0", "away_until": "2025-05-01"})
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        '<div class="field-error" id="id_languages-error"><p>Choose at least one language.</p>'
        in page
    )
    assert '<div class="field-error" id="id_capacity-error"><p>Enter at least 1.</p>' in page
    profile = ReviewerProfile.objects.get(user=rowan)
    assert (profile.languages, profile.capacity, profile.away_until) == (["en", "es"], 3, None)


def test_only_reviewers_here_have_a_profile_page(world: World, submitted: Application) -> None:
    nm_reviewer = reviewer(world, "nm@example.org")
    StaffRole.objects.filter(user=nm_reviewer).update(association=world.nm)
    before = list(ReviewerProfile.objects.values())
    for user in (world.applicant, world.coordinator, nm_reviewer):
        response = world.client(user).post(PROFILE, {"languages": ["en"], "capacity": "1"})
        assert response.status_code == 403
    assert list(ReviewerProfile.objects.values()) == before


def open_review(world: World, user: User) -> None:
    """One review this reviewer still has to do, on another application in review."""
    other = world.other_application
    Application.objects.filter(pk=other.pk).update(status=Application.Status.FIRST_REVIEW)
    Assignment.objects.create(association=world.ct, application=other, reviewer=user, tier=1,
                              assigned_by=world.coordinator, assigned_at=timezone.now())  # fmt: skip


def profile(user: User, **fields: object) -> None:
    ReviewerProfile.objects.filter(user=user).update(**fields)


def test_suggestions_leave_out_the_away_the_other_language_and_the_full_then_sort(
    world: World, submitted: Application
) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    today = association_today(association=world.ct)
    away, english, full = (reviewer(world, f"{n}@example.org") for n in ("away", "english", "full"))
    busy, back, _free = (reviewer(world, f"{n}@example.org") for n in ("busy", "back", "free"))
    profile(away, away_until=today)  # away today included
    profile(english, languages=["en"])  # the applicant writes in Spanish
    profile(full, capacity=1)
    open_review(world, full)
    open_review(world, busy)  # one open review of three: still offered, but last
    profile(back, away_until=today - timedelta(days=1))
    suggestions = reviewer_suggestions(application=submitted)
    assert [(c.user.email, c.open_reviews) for c in suggestions.candidates] == [
        ("back@example.org", 0), ("free@example.org", 0), ("busy@example.org", 1),
    ]  # fmt: skip
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    text = page.content.decode()
    assert (
        '<p class="notice">Not offered: 1 is away, 1 does not review in Spanish, 1 has as many '
        "open reviews as they take.</p>" in text
    )
    assert "Busy – 1 open review</option>" in text


def test_no_line_when_nobody_is_left_out(world: World, submitted: Application) -> None:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewer(world, "rowan@example.org")
    page = world.client(world.coordinator).get(f"/ct/manage/applications/{submitted.pk}/")
    assert "Not offered" not in page.content.decode()
