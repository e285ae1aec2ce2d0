"""The reviewer's list: what waits for them first, then what is sent, declined or closed
(folded), each counted in SQL and paged through with ``?list=<list>&page=<n>``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from endorse.reviews.models import Assignment, Review
from endorse.reviews.selectors import LIST_PAGE, reviewer_assignment_lists
from tests.applications.conftest import World
from tests.reviews.test_workflow import reviewer


def assigned(world: World, user: object, count: int, **fields: object) -> list[Assignment]:
    """``count`` assignments asked a day apart, the newest first."""
    now = timezone.now()
    return Assignment.objects.bulk_create(
        Assignment(association=world.ct, application=world.application, reviewer=user, tier=1,
                   assigned_by=world.coordinator, assigned_at=now - timedelta(days=i),
                   **{"status": "accepted", **fields})  # type: ignore[arg-type]
        for i in range(count)
    )  # fmt: skip


def test_the_open_list_is_the_outstanding_assignments(world: World) -> None:
    user = reviewer(world, "rowan@example.org")
    rows = [
        *assigned(world, user, 1, status="proposed"),
        *assigned(world, user, 1),  # accepted, no review yet
        *assigned(world, user, 1),  # a review saved, not sent
        *assigned(world, user, 1),  # a review sent
        *assigned(world, user, 1, status="declined"),
        *assigned(world, user, 1, status="withdrawn"),
        *assigned(world, user, 1, round=2),  # not the application's round
    ]
    Review.objects.create(association=world.ct, assignment=rows[2], saved_at=timezone.now())
    Review.objects.create(association=world.ct, assignment=rows[3], submitted_at=timezone.now())
    lists = reviewer_assignment_lists(reviewer=user, association_id=world.ct.pk)
    loaded = {row.pk: row for row in [*lists.open.rows, *lists.done.rows]}
    assert {row.pk for row in lists.open.rows} == {
        pk for pk, row in loaded.items() if row.outstanding
    } == {rows[0].pk, rows[1].pk, rows[2].pk}  # fmt: skip
    assert (lists.open.total, lists.done.total) == (3, 4)
    assert reviewer_assignment_lists(reviewer=user, association_id=world.nm.pk).open.total == 0


def test_what_waits_comes_first_and_what_is_done_is_folded_and_paged(world: World) -> None:
    user = reviewer(world, "rowan@example.org")
    waiting = assigned(world, user, 2)
    done = assigned(world, user, LIST_PAGE + 5, status="declined")
    client = world.client(user)
    html = client.get("/ct/review/").content.decode()
    assert html.index("Waiting for you") < html.index(f'/ct/review/{waiting[1].pk}/"')
    assert html.index(f'/ct/review/{waiting[1].pk}/"') < html.index("Sent, declined or closed")
    assert '<h2 id="done-heading">Sent, declined or closed <span class="count">(30)' in html
    assert "<details><summary>Show them</summary>" in html
    assert f'/ct/review/{done[LIST_PAGE].pk}/"' not in html
    second = client.get("/ct/review/?list=done&page=2").content.decode()
    assert "<details open><summary>Show them</summary>" in second
    assert f'/ct/review/{done[LIST_PAGE].pk}/"' in second
    assert f'/ct/review/{done[LIST_PAGE - 1].pk}/"' not in second
    assert f'/ct/review/{waiting[0].pk}/"' in second  # the open list on its first page
    assert '<a rel="prev" href="?list=done&amp;page=1#done-heading">Previous page</a>' in second
    for query in ("?list=done&page=zz", "?list=other&page=2", "?page=2"):
        html = client.get(f"/ct/review/{query}").content.decode()
        assert f'/ct/review/{done[0].pk}/"' in html, query


def test_with_nothing_assigned_the_page_says_so(world: World) -> None:
    user = reviewer(world, "rowan@example.org")
    html = world.client(user).get("/ct/review/").content.decode()
    assert "No application is assigned to you." in html and "Waiting for you" not in html
