"""The administrator sets how many hours of in-service training each review is credited,
and the most a year, typed as the page's language writes numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from endorse.associations.models import StaffRole
from tests.applications.conftest import World, person

SETTINGS = "/ct/manage/settings/"


@pytest.fixture
def admin(world: World) -> Any:
    user = person("dana@ct.example.org", "Dana Director")
    StaffRole.objects.create(association=world.ct, user=user, role="admin")
    return user


def post(world: World, user: Any, hours: str, cap: str, **headers: Any) -> Any:
    data = {"rating_link_days": "60", "review_credit_hours": hours, "review_credit_cap": cap}
    return world.client(user).post(SETTINGS, data, **headers)


def saved(world: World) -> tuple[Decimal, Decimal | None]:
    world.ct.refresh_from_db()
    return world.ct.review_credit_hours, world.ct.review_credit_cap


def test_the_defaults_credit_nothing_with_a_cap_of_seven(world: World, admin: Any) -> None:
    html = world.client(admin).get(SETTINGS).content.decode()
    assert "Reviewing as in-service training" in html
    assert 'name="review_credit_hours" value="0" inputmode="decimal"' in html
    assert 'name="review_credit_cap" value="7" inputmode="decimal"' in html
    assert saved(world) == (Decimal(0), Decimal(7))


def test_in_spanish_a_decimal_comma_is_accepted(world: World, admin: Any) -> None:
    admin.preferred_language = "es"
    admin.save()
    assert post(world, admin, "1,5", "7,25").status_code == 302
    assert saved(world) == (Decimal("1.5"), Decimal("7.25"))
    html = world.client(admin).get(SETTINGS).content.decode()
    assert 'name="review_credit_hours" value="1,5"' in html
    assert 'name="review_credit_cap" value="7,25"' in html
    assert "Horas de capacitación en servicio acreditadas por revisión" in html
    # A point is read as the decimal point too: "2.5" can't be a thousands separator.
    assert post(world, admin, "2.5", "8").status_code == 302
    assert saved(world) == (Decimal("2.5"), Decimal(8))


def test_in_english_a_comma_is_read_when_it_can_only_be_a_decimal_mark(
    world: World, admin: Any
) -> None:
    assert post(world, admin, "1,5", "7").status_code == 302
    assert saved(world) == (Decimal("1.5"), Decimal(7))
    response = post(world, admin, "2", "1,000")
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "review_credit_cap": ["“1,000” could mean 1000 or 1: type one of those."]
    }
    assert 'value="1,000"' in response.content.decode()  # what was typed is kept
    assert saved(world) == (Decimal("1.5"), Decimal(7))


@pytest.mark.parametrize(
    ("hours", "cap", "errors"),
    [
        ("-1", "7", {"review_credit_hours": ["Choose a number of hours between 0 and 100."]}),
        ("101", "7", {"review_credit_hours": ["Choose a number of hours between 0 and 100."]}),
        ("1.5555", "7", {"review_credit_hours": ["Use at most 2 decimal places."]}),
        ("1", "0", {"review_credit_cap": [
            "Choose a number of hours between 0.01 and 1000, or leave it empty."]}),
        ("1", "1001", {"review_credit_cap": [
            "Choose a number of hours between 0.01 and 1000, or leave it empty."]}),
        ("many", "7", {"review_credit_hours": ["Enter a number, such as 1.5."]}),
    ],
)  # fmt: skip
def test_bad_hours_are_refused_and_nothing_changes(
    world: World, admin: Any, hours: str, cap: str, errors: dict[str, list[str]]
) -> None:
    response = post(world, admin, hours, cap)
    assert response.status_code == 422
    assert response.context["form"].errors == errors
    assert saved(world) == (Decimal(0), Decimal(7))


def test_empty_hours_credit_nothing_and_an_empty_cap_sets_no_limit(
    world: World, admin: Any
) -> None:
    assert post(world, admin, "1.5", "7").status_code == 302
    assert post(world, admin, "", "").status_code == 302
    assert saved(world) == (Decimal(0), None)


def test_only_the_administrator_sets_it(world: World, admin: Any) -> None:
    nm_admin = person("admin@nm.example.org", "Nel Admin")
    StaffRole.objects.create(association=world.nm, user=nm_admin, role="admin")
    for user in (world.coordinator, nm_admin, world.applicant):
        assert post(world, user, "3", "9").status_code == 403
    assert saved(world) == (Decimal(0), Decimal(7))
