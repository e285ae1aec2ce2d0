"""The coordinator's renewals page at scale: only endorsements whose renewal window is
open are read (the window computed in SQL from the association's calendar), each list
counted in SQL and paged through with ``?list=<list>&page=<n>``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Registration
from endorse.associations.models import Association
from endorse.eligibility.renewal import MonthDay, RenewalPolicy, period_ending_on
from endorse.endorsements.models import Endorsement
from endorse.renewals.models import Renewal
from endorse.renewals.overview import PAGE, open_due_dates, renewals_overview
from endorse.standards.models import Category
from tests.applications.conftest import World
from tests.renewals.conftest import travel

POLICIES = [
    RenewalPolicy(),  # yearly: due 31 December, window from 1 October, late until 31 January
    RenewalPolicy(model="three_year", cycle_year=2026),
    RenewalPolicy(due=MonthDay(3, 31), window_opens=MonthDay(11, 15), late_until=MonthDay(4, 30)),
    RenewalPolicy(due=MonthDay(2, 29), window_opens=MonthDay(2, 29), late_until=MonthDay(6, 1)),
]


@pytest.mark.parametrize("policy", POLICIES)
def test_the_open_due_dates_are_those_whose_period_is_open(policy: RenewalPolicy) -> None:
    today = date(2026, 1, 1)
    while today < date(2029, 1, 1):
        first, last = open_due_dates(policy, today)
        for offset in range(-420, 420):
            due = today + timedelta(days=offset)
            assert (first <= due <= last) == period_ending_on(policy, due).is_open(today), (
                today,
                due,
            )
        today += timedelta(days=5)


def endorsees(association: Association, due_on: date, count: int, *, start: int = 0) -> list[Any]:
    """``count`` people with an active IMHS endorsement due on ``due_on``, in name order."""
    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    people = User.objects.bulk_create(
        User(email=f"e{i}@r.example", full_name=f"Endorsee {i:04d}")
        for i in range(start, start + count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(association=association, applicant=u, category=category, status="accepted",
                     membership_expires_on=date(2028, 1, 1), submitted_at=now)
        for u in people
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(association=association, applicant=u, registration=r, category=category,
                    status="approved", opened_at=now)
        for u, r in zip(people, registrations, strict=True)
    )  # fmt: skip
    Endorsement.objects.bulk_create(
        Endorsement(association=association, person=a.applicant, category=category,
                    application=a, number=f"R-{start + i:05d}", issued_on=date(2024, 5, 1),
                    status_index=10_000 + start + i, next_due_on=due_on,
                    name_key=a.applicant.full_name.lower())
        for i, a in enumerate(applications)
    )  # fmt: skip
    return people


def sent(association: Association, people: list[Any], due_on: date, status: str) -> None:
    now = timezone.now()
    Renewal.objects.bulk_create(
        Renewal(association=association, person=p, due_on=due_on, period_starts=date(2026, 1, 1),
                status=status, opened_at=now, submitted_at=now)
        for p in people
    )  # fmt: skip


def every_list(world: World, count: int, start: int) -> None:
    """At 10 January 2027: ``count`` late (due 31 December 2026), due (30 June 2027, the
    window open since 1 October), sent, audited and lapsed; and as many not open yet."""
    late = endorsees(world.ct, date(2026, 12, 31), 3 * count, start=start)
    endorsees(world.ct, date(2027, 6, 30), count, start=start + 10_000)
    endorsees(world.ct, date(2027, 12, 31), count, start=start + 20_000)  # window not open
    sent(world.ct, late[count : 2 * count], date(2026, 12, 31), "submitted")
    sent(world.ct, late[2 * count :], date(2026, 12, 31), "audit")
    lapsed = endorsees(world.ct, date(2025, 12, 31), count, start=start + 30_000)
    Endorsement.objects.filter(person__in=lapsed).update(status="lapsed", next_due_on=None)


def queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_page_costs_the_same_queries_for_5_as_for_60_in_each_list(
    world: World, frozen: Any
) -> None:
    travel(frozen, "2027-01-10")
    client = world.client(world.coordinator)
    every_list(world, 5, 0)
    few, _text = queries(client, "/ct/manage/renewals/")
    every_list(world, 55, 100)
    many, text = queries(client, "/ct/manage/renewals/")
    assert many == few
    for heading in ("Waiting for your decision (60)", "Audited: hours to document (60)",
                    "Due, not sent yet (60)", "Late: past the due date, not sent (60)",
                    "Lapsed (60)"):  # fmt: skip
        assert heading in text
    assert text.count('<span aria-current="page">Page 1 of 3</span>') == 5


def test_page_2_of_a_list_shows_its_26th_row(world: World, frozen: Any) -> None:
    travel(frozen, "2026-11-01")
    people = endorsees(world.ct, date(2026, 12, 31), 30)
    started = Renewal.objects.create(association=world.ct, person=people[PAGE],
                                     due_on=date(2026, 12, 31), period_starts=date(2026, 1, 1),
                                     opened_at=timezone.now())  # fmt: skip
    overview = renewals_overview(association=world.ct, today=date(2026, 11, 1), asked="due",
                                 page=2)  # fmt: skip
    assert [row.person for row in overview.due.rows] == people[PAGE:]
    assert overview.due.rows[0].renewal == started
    assert (overview.due.total, overview.late.total, overview.lapsed.total) == (30, 0, 0)
    text = world.client(world.coordinator).get("/ct/manage/renewals/?list=due&page=2")
    html = text.content.decode()
    assert (
        f"<td>Endorsee {PAGE:04d}</td>" in html and f"<td>Endorsee {PAGE - 1:04d}</td>" not in html
    )
    assert '<a rel="prev" href="?list=due&amp;page=1#due-heading">Previous page</a>' in html
    assert f'href="/ct/manage/renewals/{started.pk}/"' in html


def test_an_unknown_list_or_page_shows_the_first_pages(world: World, frozen: Any) -> None:
    travel(frozen, "2026-11-01")
    endorsees(world.ct, date(2026, 12, 31), 30)
    client = world.client(world.coordinator)
    for query in ("?list=nothing&page=2", "?list=due&page=x", "?page=2", "?list=due&page=0"):
        html = client.get(f"/ct/manage/renewals/{query}").content.decode()
        assert "<td>Endorsee 0000</td>" in html and f"<td>Endorsee {PAGE:04d}</td>" not in html
    html = client.get("/ct/manage/renewals/?list=due&page=40").content.decode()
    assert '<span aria-current="page">Page 2 of 2</span>' in html
    assert renewals_overview(association=world.nm, today=date(2026, 11, 1)).due.total == 0
