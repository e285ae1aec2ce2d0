"""An endorsee applies for another category, reusing the entries they already have."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications.later import application_add_category
from endorse.applications.models import Application, Education, Reference, Transcript, Work
from endorse.applications.services import transcript_delete
from endorse.standards.models import Category
from tests.applications.conftest import TODAY, World
from tests.endorsements.helpers import endorse

PDF = b"%PDF-1.4\n%%EOF\n"


def add(world: World, user: Any, code: str) -> Application:
    return application_add_category(association=world.ct, person=user,
                                    category=Category.objects.get(code=code), today=TODAY)  # fmt: skip


def test_the_new_application_starts_from_copies_of_the_entries(world: World) -> None:
    endorsement = endorse(world, "Rosa Ruiz", code="IMHS")
    first = endorsement.application
    common = {"association": world.ct, "application": first, "complete": True}
    education = Education.objects.create(**common, level="master", completed_on=TODAY)
    transcript = Transcript.objects.create(
        association=world.ct, education=education, original_name="t.pdf", size=len(PDF),
        content_type="application/pdf", uploaded_by=endorsement.person,
        file=SimpleUploadedFile("t.pdf", PDF),
    )  # fmt: skip
    Work.objects.create(**common, start=date(2020, 1, 1), fte=1, service="treatment",
                        age_band="infant", title="Clinician")  # fmt: skip
    Reference.objects.create(**common, name="R", email="r@example.org", role="colleague")
    added = add(world, endorsement.person, "IMHM-C")
    assert (added.kind, added.category.code, added.status) == ("added_category", "IMHM-C",
                                                                "preparing")  # fmt: skip
    assert added.registration_id == first.registration_id
    assert added.processing_fee is not None and added.processing_fee.category.code == "IMHM-C"
    assert list(Work.objects.filter(application=added).values_list("title", flat=True)) == [
        "Clinician"
    ]
    assert not Reference.objects.filter(application=added).exists()  # raters rate per category
    [copy] = Transcript.objects.filter(education__application=added)
    assert copy.file.name == transcript.file.name
    # Removing the copy keeps the stored file the first application still points at.
    transcript_delete(application=added, transcript=copy)
    assert transcript.file.storage.exists(transcript.file.name)


@pytest.mark.parametrize(
    ("code", "message"),
    [("IMHS", "already hold this category"), ("IFA", None)],
)
def test_one_category_at_a_time_and_never_one_already_held(
    world: World, code: str, message: str | None
) -> None:
    endorsement = endorse(world, "Rosa Ruiz", code="IMHS")
    if message:
        with pytest.raises(ValidationError, match=message):
            add(world, endorsement.person, code)
        return
    add(world, endorsement.person, code)
    with pytest.raises(ValidationError, match="one at a time"):
        add(world, endorsement.person, "IFS")
    assert Application.objects.filter(applicant=endorsement.person).count() == 2


def test_only_an_endorsee_adds_a_category(world: World) -> None:
    with pytest.raises(ValidationError, match="one at a time"):
        add(world, world.applicant, "IFA")  # their first application is still open
    world.application.status = Application.Status.APPROVED
    world.application.save()
    with pytest.raises(ValidationError, match="needs an active Endorsement"):
        add(world, world.applicant, "IFA")
