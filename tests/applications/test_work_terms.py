"""The work form's boxes are labelled and explained in the words of the category's rule;
their names never change."""

from __future__ import annotations

from endorse.applications.models import Work
from tests.applications.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def work_page(world: World, code: str | None = None) -> tuple[str, int]:
    client = world.client(world.other)
    if code is not None:
        category = world.ct.offerings.get(category__code=code).category
        client.post("/ct/application/category/", {"category": category.pk})
    pk = Work.objects.create(association=world.ct, application=world.other_application).pk
    return client.get("/ct/application/work/").content.decode(), pk


def box(page: str, pk: int, name: str) -> str:
    """A checkbox in the job's row, up to the end of its label (its name unchanged)."""
    start = page.index(f'name="work-{pk}-{name}"')
    return page[start : page.index("</label>", start) + len("</label>")]


def help_of(page: str, label: str) -> str:
    """What the log says once, above the rows, of the box labelled ``label``."""
    start = page.index(f"<dt>{label}</dt><dd>")
    return page[start + len(f"<dt>{label}</dt><dd>") : page.index("</dd>", start)]


def test_the_work_boxes_say_what_the_mental_health_specialist_asks(world: World) -> None:
    page, pk = work_page(world)
    assert "<span>Supervised paid work</span></label>" in box(page, pk, "supervised")
    assert help_of(page, "Supervised paid work") == (
        "For Infant Mental Health Specialist "
        "a job counts when it is supervised paid work, done as, or under, a licensed or "
        "license-eligible therapist. Tick this for such a job; it is not about internship "
        "hours (mark those below)."
    )
    internship = box(page, pk, "internship")
    assert "<span>Internship supervised by an endorsed professional</span></label>" in internship
    assert help_of(page, "Internship supervised by an endorsed professional") == (
        "Up to 365 full-time days of an internship count for Infant Mental Health Specialist, "
        "paid or not, when your internship supervisor is endorsed as one of: IMHS, ECMHS, "
        "IMHM-C, ECMHM-C. Give their Endorsement® below."
    )
    assert "Your internship supervisor&#x27;s Endorsement®" in page
    assert "practicum" not in page


def test_the_work_boxes_of_a_family_specialist_and_a_family_associate(world: World) -> None:
    page, pk = work_page(world, "IFS")
    assert (
        "Not asked for Infant Family Specialist: the work counts whether or not it was "
        "supervised.</dd>"
    ) in page
    assert "Only paid work counts for Infant Family Specialist.</dd>" in page
    page, pk = work_page(world, "IFA")
    assert "<span>Supervised volunteer work</span></label>" in box(page, pk, "supervised")
    assert help_of(page, "Supervised volunteer work") == (
        "Without a degree or a CDA credential, Infant Family Associate counts paid work, or "
        "volunteer work done under supervision: tick this for such volunteer work."
    )


def test_a_new_job_added_in_place_speaks_the_same_words(world: World) -> None:
    client = world.client(world.other)
    fragment = client.post("/ct/application/work/new/", **HTMX).content.decode()
    assert "<span>Supervised paid work</span></label>" in fragment
