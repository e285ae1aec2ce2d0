"""The coordinator's queue at scale: each state counted, one page of it shown, paged
through with ``?state=<state>&page=<n>``; what waits for the applicant folded."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Registration
from endorse.applications.selectors import FOLDED_SHOWN, QUEUE_PAGE, coordinator_queue
from endorse.associations.models import Association
from endorse.standards.models import Category
from tests.applications.conftest import World


def add(association: Association, status: str, count: int, *, start: int = 0) -> list[int]:
    """``count`` applications in ``status``, submitted a day apart (the first the oldest);
    their primary keys, in that order."""
    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    people = User.objects.bulk_create(
        User(email=f"{status}{i}@q.example", full_name=f"{status.title()} {i:03d}")
        for i in range(start, start + count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(association=association, applicant=u, category=category, status="accepted",
                     membership_expires_on=date(2027, 1, 1), submitted_at=now)
        for u in people
    )  # fmt: skip
    rows = Application.objects.bulk_create(
        Application(association=association, applicant=u, registration=r, category=category,
                    status=status, opened_at=now, submitted_at=now - timedelta(days=500 - i))
        for i, (u, r) in enumerate(zip(people, registrations, strict=True))
    )  # fmt: skip
    return [row.pk for row in rows]


def every_state(world: World, count: int, start: int) -> None:
    for index, status in enumerate(Application.Status.values):
        add(world.ct, status, count, start=1000 * index + start)


def queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_queue_costs_the_same_queries_for_5_as_for_60_applications_a_state(
    world: World,
) -> None:
    client = world.client(world.coordinator)
    every_state(world, 5, 0)
    few, _page = queries(client, "/ct/manage/")
    every_state(world, 55, 5)
    many, page = queries(client, "/ct/manage/")
    assert many == few
    # Every state counted, each with one page of rows.
    assert page.count('class="queue-group"') == len(Application.Status.values)
    assert '<h3 id="queue-submitted">Submitted: completeness check <span class="count">(60)' in page
    assert page.count("/ct/manage/applications/") == (
        6 * QUEUE_PAGE + 3 * FOLDED_SHOWN  # six states of work, three folded
    )


def test_page_2_of_a_state_shows_its_26th_row_the_others_stay_on_their_first(
    world: World,
) -> None:
    submitted = add(world.ct, "submitted", 30)  # the first waited the longest
    decision = add(world.ct, "decision", 30, start=100)
    groups = coordinator_queue(association=world.ct, state="submitted", page=2)
    by_state = {group.status: group for group in groups}
    assert [row.pk for row in by_state["submitted"].applications] == submitted[25:]
    assert [row.pk for row in by_state["decision"].applications] == decision[:25]
    assert (by_state["submitted"].pager.number, by_state["submitted"].pager.pages) == (2, 2)
    page = world.client(world.coordinator).get("/ct/manage/?state=submitted&page=2")
    text = page.content.decode()
    assert f'/ct/manage/applications/{submitted[25]}/"' in text
    assert f'/ct/manage/applications/{submitted[24]}/"' not in text
    assert f'/ct/manage/applications/{decision[0]}/"' in text
    assert (
        '<a rel="prev" href="?state=submitted&amp;page=1#queue-submitted">Previous page</a>'
    ) in text
    assert '<span aria-current="page">Page 2 of 2</span>' in text
    assert '<a rel="next" href="?state=decision&amp;page=2#queue-decision">Next page</a>' in text


def test_an_unknown_state_or_page_shows_the_first_pages_never_an_error(world: World) -> None:
    submitted = add(world.ct, "submitted", 30)
    client = world.client(world.coordinator)
    for query in ("?state=nothing&page=2", "?state=submitted&page=abc", "?state=submitted&page=-1",
                  "?state=submitted&page=0", "?page=2", "?state=&page=", "?state=submitted&page=1e3",
                  "?state=submitted&page=99999999999999999999"):  # fmt: skip
        text = client.get(f"/ct/manage/{query}").content.decode()
        assert f'/ct/manage/applications/{submitted[0]}/"' in text, query
        assert f'/ct/manage/applications/{submitted[25]}/"' not in text, query
    # Past the last page: the last page.
    text = client.get("/ct/manage/?state=submitted&page=7").content.decode()
    assert f'/ct/manage/applications/{submitted[25]}/"' in text
    assert '<span aria-current="page">Page 2 of 2</span>' in text


def test_applications_in_preparation_are_folded_the_latest_first(world: World) -> None:
    Application.objects.filter(association=world.ct).delete()
    preparing = add(world.ct, "preparing", FOLDED_SHOWN + 2)
    Application.objects.filter(pk=preparing[0]).update(updated_at=timezone.now() + timedelta(1))
    (group,) = coordinator_queue(association=world.ct)
    assert (group.status, group.folded, group.total) == ("preparing", True, FOLDED_SHOWN + 2)
    assert group.applications[0].pk == preparing[0]  # the latest change first
    text = world.client(world.coordinator).get("/ct/manage/").content.decode()
    assert f"<details>\n    <summary>Show the latest {FOLDED_SHOWN} of {FOLDED_SHOWN + 2}" in text
    second = world.client(world.coordinator).get("/ct/manage/?state=preparing&page=2")
    assert "<details open>\n    <summary>Show them</summary>" in second.content.decode()
    assert coordinator_queue(association=world.nm) == []
