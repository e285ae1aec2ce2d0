"""A transcript opens in the browser's viewer for the reviewer who accepted the application,
in its current round; for anyone else it is not there, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.accounts.models import User
from endorse.applications.models import Application, Education, Transcript
from endorse.associations.models import StaffRole
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment, Review, ReviewerProfile
from tests.applications.conftest import World, person
from tests.applications.test_access import snapshot
from tests.reviews.test_on_hold import on_hold
from tests.reviews.test_workflow import accepted, reviewer

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def transcript(world: World, application: Application, content: bytes = PDF,
               content_type: str = "application/pdf", name: str = "ma.pdf") -> Transcript:  # fmt: skip
    degree = Education.objects.filter(application=application).first()
    assert degree is not None
    return Transcript.objects.create(
        association=world.ct, education=degree, original_name=name, content_type=content_type,
        size=len(content), uploaded_by=world.applicant, file=SimpleUploadedFile(name, content),
    )  # fmt: skip


def url(assignment: Assignment, row: Transcript) -> str:
    return f"/ct/review/{assignment.pk}/transcripts/{row.pk}/"


@pytest.fixture
def in_review(world: World, submitted: Application) -> Application:
    services.completeness_accept(application=submitted, actor=world.coordinator)
    return submitted


def test_the_accepted_reviewer_opens_a_pdf_inline(world: World, in_review: Application) -> None:
    rowan = reviewer(world, "rowan@example.org")
    assignment = accepted(world, in_review, rowan, 1)
    row = transcript(world, in_review)

    response = world.client(rowan).get(url(assignment, row))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="ma.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == PDF


def test_an_image_opens_inline_but_stays_sandboxed(world: World, in_review: Application) -> None:
    rowan = reviewer(world, "rowan@example.org")
    assignment = accepted(world, in_review, rowan, 1)
    row = transcript(world, in_review, PNG, "image/png", "scan.png")

    response = world.client(rowan).get(url(assignment, row))

    assert response["Content-Disposition"] == 'inline; filename="scan.png"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_applicant_and_the_coordinator_still_download_it(
    world: World, in_review: Application
) -> None:
    row = transcript(world, in_review)
    for user, address in ((world.applicant, f"/ct/application/transcripts/{row.pk}/"),
                          (world.coordinator, f"/ct/manage/transcripts/{row.pk}/")):  # fmt: skip
        response = world.client(user).get(address)
        assert response["Content-Disposition"] == 'attachment; filename="ma.pdf"'
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def refused(world: World, user: User, address: str, status: int = 404) -> None:
    before = snapshot()
    response = world.client(user).get(address)
    assert response.status_code == status
    assert snapshot() == before


def test_a_reviewer_who_has_not_accepted_is_refused(world: World, in_review: Application) -> None:
    row = transcript(world, in_review)
    proposed_to = reviewer(world, "rowan@example.org")
    proposed = assigning.reviewer_assign(
        application=in_review, reviewer=proposed_to, tier=1, actor=world.coordinator
    )
    refused(world, proposed_to, url(proposed, row))
    assigning.assignment_respond(assignment=proposed, actor=proposed_to, accept=False)
    refused(world, proposed_to, url(proposed, row))
    withdrawn_from = reviewer(world, "wren@example.org")
    withdrawn = accepted(world, in_review, withdrawn_from, 1)
    Assignment.objects.filter(pk=withdrawn.pk).update(status=Assignment.Status.WITHDRAWN)
    refused(world, withdrawn_from, url(withdrawn, row))


def test_a_reviewer_of_another_application_is_refused(
    world: World, in_review: Application, submitted: Any
) -> None:
    row = transcript(world, in_review)
    rowan = reviewer(world, "rowan@example.org")
    theirs = accepted(world, in_review, rowan, 1)
    sage = reviewer(world, "sage@example.org")
    other = Assignment.objects.create(
        association=world.ct, application=world.other_application, reviewer=sage, tier=1,
        status=Assignment.Status.ACCEPTED, assigned_by=world.coordinator,
        assigned_at=theirs.assigned_at,
    )  # fmt: skip
    refused(world, sage, url(other, row))  # their own assignment, someone else's transcript
    refused(world, sage, url(theirs, row))  # someone else's assignment


def test_another_associations_reviewer_is_refused(world: World, in_review: Application) -> None:
    row = transcript(world, in_review)
    assignment = accepted(world, in_review, reviewer(world, "rowan@example.org"), 1)
    nora = person("nora@example.org", "Nora Reviewer")
    StaffRole.objects.create(association=world.nm, user=nora, role="reviewer")
    ReviewerProfile.objects.create(association=world.nm, user=nora, categories=["IMHS"])
    refused(world, nora, url(assignment, row), status=403)
    refused(world, nora, f"/nm/review/{assignment.pk}/transcripts/{row.pk}/")


def test_an_earlier_rounds_assignment_no_longer_opens_it(
    world: World, submitted: Application
) -> None:
    application = on_hold(world, submitted)
    rowan = User.objects.get(email="rowan@example.org")
    old = Assignment.objects.get(reviewer=rowan, round=1)
    row = transcript(world, application)
    services.resubmit_on_hold(application=application, actor=world.applicant)
    refused(world, rowan, url(old, row))
    current = Assignment.objects.get(reviewer=rowan, round=2)
    assert world.client(rowan).get(url(current, row)).status_code == 200
    assert Review.objects.filter(assignment=old).exists()
