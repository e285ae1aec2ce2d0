"""List pages cost the same number of queries for 10 rows as for 200."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.applications.models import Application, Education, Rsc, Transcript, Work
from endorse.applications.services import registration_submit
from tests.applications.conftest import (
    TODAY,
    World,
    open_application,
    person,
    registration_fields,
)


def queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(captured)


def add_entries(world: World, count: int) -> None:
    application = world.other_application
    common = {"association": world.ct, "application": application, "complete": True}
    Work.objects.bulk_create(
        Work(**common, start=TODAY - timedelta(days=30 * i), fte=1, service="treatment",
             age_band="infant")
        for i in range(count)
    )  # fmt: skip
    Rsc.objects.bulk_create(
        Rsc(**common, date=TODAY - timedelta(days=i), hours=1, format="group") for i in range(count)
    )
    for i in range(count):
        degree = Education.objects.create(**common, level="bachelor", completed_on=TODAY)
        Transcript.objects.create(association=world.ct, education=degree, original_name=f"{i}.pdf",
                                  content_type="application/pdf", size=1, uploaded_by=world.other,
                                  file=f"transcripts/x/{i}.pdf")  # fmt: skip


@pytest.mark.parametrize("section", ["work", "rsc", "education"])
def test_a_section_page_does_not_grow_with_its_entries(world: World, section: str) -> None:
    client = world.client(world.other)
    add_entries(world, 10)
    few = queries(client, f"/ct/application/{section}/")
    add_entries(world, 190)
    assert queries(client, f"/ct/application/{section}/") == few


def test_the_overview_and_the_coordinators_view_do_not_grow_with_entries(world: World) -> None:
    applicant, coordinator = world.client(world.other), world.client(world.coordinator)
    url = f"/ct/manage/applications/{world.other_application.pk}/"
    add_entries(world, 10)
    few = (queries(applicant, "/ct/application/"), queries(coordinator, url))
    add_entries(world, 190)
    assert (queries(applicant, "/ct/application/"), queries(coordinator, url)) == few


def test_the_coordinators_list_does_not_grow_with_applications(world: World) -> None:
    client = world.client(world.coordinator)

    def add(count: int, start: int) -> None:
        for i in range(start, start + count):
            open_application(world.ct, person(f"p{i}@example.org", f"P {i}"), world.coordinator)
            registration_submit(association=world.ct, applicant=person(f"r{i}@example.org", f"R {i}"),
                                fields=registration_fields(), today=TODAY)  # fmt: skip
        # Spread them over every state of the queue, some in a review cycle.
        for index, application in enumerate(Application.objects.order_by("pk")):
            status = Application.Status.values[index % len(Application.Status.values)]
            cycle = TODAY + timedelta(days=index % 3) if index % 2 else None
            Application.objects.filter(pk=application.pk).update(status=status, review_cycle=cycle)

    add(8, 0)  # with the world's two: 10
    few = queries(client, "/ct/manage/")
    add(190, 100)
    assert queries(client, "/ct/manage/") == few
    page = client.get("/ct/manage/").content.decode()
    assert page.count('class="queue-group"') == len(Application.Status.values)
