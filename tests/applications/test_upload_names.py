"""An upload is stored under an extension taken from its content, never from the name it
came with; a file whose content isn't an accepted kind is refused next to its field."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications.models import Education, Transcript
from tests.applications.conftest import TODAY, World

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
REFUSED = (
    "Only PDF, JPEG or PNG files can be uploaded; this file is none of them, whatever its "
    "name says. Nothing was stored."
)


@pytest.fixture
def degree(world: World) -> Education:
    return Education.objects.create(association=world.ct, application=world.other_application,
                                    complete=True, level="master", completed_on=TODAY)  # fmt: skip


def stored_files() -> list[str]:
    folder = "transcripts"
    if not default_storage.exists(folder):
        return []
    found = []
    for association in default_storage.listdir(folder)[0]:
        found += default_storage.listdir(f"{folder}/{association}")[1]
    return found


def test_an_html_named_pdf_is_stored_and_downloaded_as_a_pdf(
    world: World, degree: Education
) -> None:
    client = world.client(world.other)
    response = client.post(
        f"/ct/application/education/{degree.pk}/transcripts/",
        {"transcript": SimpleUploadedFile("evil.html", PDF, "text/html")},
    )

    assert response.status_code == 302
    transcript = Transcript.objects.get()
    assert (transcript.original_name, transcript.content_type) == ("evil.html", "application/pdf")
    assert re.fullmatch(rf"transcripts/{world.ct.pk}/[0-9a-f]{{32}}\.pdf", transcript.file.name)
    # The name is only text to show; the download carries the content's extension.
    page = client.get("/ct/application/education/").content.decode()
    assert ">evil.html</a>" in page
    download = client.get(f"/ct/application/transcripts/{transcript.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert download["Content-Type"] == "application/pdf"


def test_a_pdf_named_html_file_is_refused_next_to_the_field(
    world: World, degree: Education
) -> None:
    before = stored_files()  # the storage lives as long as the test process

    response = world.client(world.other).post(
        f"/ct/application/education/{degree.pk}/transcripts/",
        {"transcript": SimpleUploadedFile("x.pdf", HTML, "application/pdf")},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert (
        f'<div class="field-error" id="transcript-{degree.pk}-error"><p>{REFUSED}</p></div>' in page
    )
    assert f'aria-describedby="transcript-{degree.pk}-error" aria-invalid="true">' in page
    assert Transcript.objects.count() == 0
    assert stored_files() == before


def test_the_coordinator_sees_the_refusal_of_an_official_transcript_next_to_its_field(
    world: World, degree: Education
) -> None:
    url = f"/ct/manage/applications/{world.other_application.pk}/education/{degree.pk}/transcript/"
    before = stored_files()

    response = world.client(world.coordinator).post(
        url, {"transcript": SimpleUploadedFile("x.pdf", HTML, "application/pdf")}
    )

    assert response.status_code == 422
    assert (
        f'<div class="field-error" id="official-{degree.pk}-error"><p>{REFUSED}</p></div>'
        in response.content.decode()
    )
    assert Transcript.objects.count() == 0
    assert stored_files() == before


def test_no_file_chosen_is_said_next_to_the_field(world: World, degree: Education) -> None:
    response = world.client(world.other).post(
        f"/ct/application/education/{degree.pk}/transcripts/", {}
    )

    assert response.status_code == 422
    assert (
        f'<div class="field-error" id="transcript-{degree.pk}-error"><p>Choose a file to upload.'
        "</p></div>" in response.content.decode()
    )
    assert Transcript.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [("scan.PDF", PDF, "pdf"), ("photo.jpeg.exe", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpg"),
     ("no-extension", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png")],
)  # fmt: skip
def test_the_extension_is_always_the_contents(
    world: World, degree: Education, name: str, content: bytes, extension: str
) -> None:
    world.client(world.other).post(
        f"/ct/application/education/{degree.pk}/transcripts/",
        {"transcript": SimpleUploadedFile(name, content)},
    )

    transcript = Transcript.objects.get()
    assert transcript.original_name == name
    assert transcript.file.name.rsplit(".", 1)[1] == extension
