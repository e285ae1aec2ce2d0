"""The association administrator manages its staff; nobody else does, anywhere else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from endorse.associations.models import StaffRole
from endorse.associations.services import staff_role_add, staff_role_remove
from endorse.reviews.models import ReviewerProfile
from tests.applications.conftest import World, person

STAFF = "/ct/manage/staff/"


@pytest.fixture
def admin(world: World) -> Any:
    user = person("dana@ct.example.org", "Dana Director")
    StaffRole.objects.create(association=world.ct, user=user, role="admin")
    return user


@pytest.fixture
def reviewer(world: World) -> Any:
    user = person("rae@ct.example.org", "Rae Reviewer")
    StaffRole.objects.create(association=world.ct, user=user, role="reviewer")
    return user


def roles() -> list[tuple[str, str, str]]:
    return sorted(StaffRole.objects.values_list("association__slug", "user__email", "role"))


def test_the_administrator_adds_a_role_to_an_existing_account(world: World, admin: Any) -> None:
    client = world.client(admin)
    response = client.post(STAFF, {"email": "OLGA@example.org", "role": "reviewer"}, follow=True)
    assert "The role was added." in response.content.decode()
    assert ("ct", "olga@example.org", "reviewer") in roles()
    page = client.get(STAFF).content.decode()
    assert "Olga Other" in page and "No two-factor authentication yet" in page


def test_an_unknown_address_or_a_second_identical_role_is_refused_next_to_its_field(
    world: World, admin: Any
) -> None:
    client = world.client(admin)
    before = roles()
    unknown = client.post(STAFF, {"email": "nobody@example.org", "role": "coordinator"})
    assert unknown.status_code == 422
    assert "No account uses this address." in unknown.content.decode()
    assert 'value="nobody@example.org"' in unknown.content.decode()  # what was typed stays
    twice = client.post(STAFF, {"email": "coord@ct.example.org", "role": "coordinator"})
    assert twice.status_code == 422
    assert "This person already has this role." in twice.content.decode()
    assert roles() == before


def test_the_last_administrator_stays(world: World, admin: Any) -> None:
    own = StaffRole.objects.get(user=admin, role="admin")
    with pytest.raises(ValidationError) as refused:
        staff_role_remove(association=world.ct, pk=own.pk)
    assert refused.value.messages == ["An association keeps at least one administrator."]
    response = world.client(admin).post(f"{STAFF}{own.pk}/remove/", follow=True)
    assert "An association keeps at least one administrator." in response.content.decode()
    assert StaffRole.objects.filter(pk=own.pk).exists()
    staff_role_add(association=world.ct, email="coord@ct.example.org", role="admin")
    staff_role_remove(association=world.ct, pk=own.pk)
    assert not StaffRole.objects.filter(pk=own.pk).exists()


def test_the_administrator_sets_what_a_reviewer_may_review(
    world: World, admin: Any, reviewer: Any
) -> None:
    client = world.client(admin)
    url = f"{STAFF}{reviewer.pk}/categories/"
    client.post(url, {f"categories-{reviewer.pk}-categories": ["IMHS", "IFS"]})
    assert ReviewerProfile.objects.get(user=reviewer).categories == ["IFS", "IMHS"]
    refused = client.post(url, {f"categories-{reviewer.pk}-categories": ["NOPE"]})
    assert refused.status_code == 422
    assert ReviewerProfile.objects.get(user=reviewer).categories == ["IFS", "IMHS"]
    # Not a reviewer here: no categories to set.
    assert client.post(f"{STAFF}{world.coordinator.pk}/categories/", {}).status_code == 404


def test_an_administrator_also_coordinates(world: World, admin: Any) -> None:
    client = world.client(admin)
    page = client.get("/ct/manage/").content.decode()
    assert "Staff and reviewers" in page
    assert (
        "Staff and reviewers"
        not in world.client(world.coordinator).get("/ct/manage/").content.decode()
    )
    assert client.get(f"/ct/manage/applications/{world.application.pk}/").status_code == 200
    assert "Associations you coordinate" in client.get("/me/").content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("applicant", 403), ("coordinator", 403), ("reviewer", 403),
     ("nm_admin", 403), ("admin", 200)],
)  # fmt: skip
def test_only_this_associations_administrator_manages_its_staff(
    world: World, admin: Any, reviewer: Any, who: str, status: int
) -> None:
    nm_admin = person("nm-admin@example.org", "Nm Admin")
    StaffRole.objects.create(association=world.nm, user=nm_admin, role="admin")
    users = {"anonymous": None, "applicant": world.applicant, "coordinator": world.coordinator,
             "reviewer": reviewer, "nm_admin": nm_admin, "admin": admin}  # fmt: skip
    client = world.client(users[who])
    assert client.get(STAFF).status_code == status
    before = (roles(), list(ReviewerProfile.objects.values()))
    target = StaffRole.objects.get(user=reviewer)
    writes = [
        client.post(STAFF, {"email": "olga@example.org", "role": "admin"}),
        client.post(f"{STAFF}{reviewer.pk}/categories/", {f"categories-{reviewer.pk}-categories": ["IMHS"]}),
        client.post(f"{STAFF}{target.pk}/remove/"),
    ]  # fmt: skip
    if who == "admin":
        assert [w.status_code for w in writes] == [302] * 3
        assert ("ct", "olga@example.org", "admin") in roles()
        assert not StaffRole.objects.filter(pk=target.pk).exists()
        assert ReviewerProfile.objects.get(user=reviewer).categories == ["IMHS"]
    else:
        assert [w.status_code for w in writes] == [status] * 3
        assert (roles(), list(ReviewerProfile.objects.values())) == before
    # Another association's administrator, under their own address: nothing of ours.
    if who == "nm_admin":
        assert client.post(f"/nm/manage/staff/{target.pk}/remove/").status_code == 404
        assert client.post(f"/nm/manage/staff/{reviewer.pk}/categories/", {}).status_code == 404
        assert StaffRole.objects.filter(pk=target.pk).exists()


def test_an_inactive_administrator_does_not_count_as_the_one_that_stays(
    world: World, admin: Any
) -> None:
    gone = person("gone@ct.example.org", "Gone Director")
    StaffRole.objects.create(association=world.ct, user=gone, role="admin")
    gone.is_active = False
    gone.save()
    own = StaffRole.objects.get(user=admin, role="admin")
    with pytest.raises(ValidationError):
        staff_role_remove(association=world.ct, pk=own.pk)
    assert StaffRole.objects.filter(pk=own.pk).exists()
    staff_role_remove(association=world.ct, pk=own.pk + 1000)  # gone already: nothing to do
