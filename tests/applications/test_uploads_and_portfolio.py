"""Transcripts are checked by content and served only to those allowed; portfolios move."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.applications.models import Education, Training, Transcript, Work
from endorse.applications.selectors import application_data
from tests.applications.conftest import TODAY, World

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def degree(world: World) -> Education:
    return Education.objects.create(association=world.ct, application=world.other_application,
                                    complete=True, level="master", completed_on=TODAY)  # fmt: skip


def upload(client: Any, degree: Education, name: str, content: bytes) -> Any:
    return client.post(f"/ct/application/education/{degree.pk}/transcripts/",
                       {"transcript": SimpleUploadedFile(name, content, "application/pdf")},
                       follow=True)  # fmt: skip


def test_a_pdf_is_stored_under_a_random_name_and_downloaded_as_an_attachment(
    world: World, degree: Education
) -> None:
    client = world.client(world.other)
    response = upload(client, degree, "My transcript.pdf", PDF)
    assert "Transcript uploaded." in response.content.decode()
    transcript = Transcript.objects.get()
    assert (transcript.original_name, transcript.content_type, transcript.size) == (
        "My transcript.pdf",
        "application/pdf",
        len(PDF),
    )
    assert transcript.file.name.startswith(f"transcripts/{world.ct.pk}/")
    assert "transcript" not in transcript.file.name.split("/")[-1].lower()
    download = client.get(f"/ct/application/transcripts/{transcript.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="My transcript.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is a program", "Only PDF, JPEG or PNG files"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    world: World, degree: Education, name: str, content: bytes, why: str
) -> None:
    response = upload(world.client(world.other), degree, name, content)
    assert why in response.content.decode()
    assert Transcript.objects.count() == 0


def test_the_size_limit_is_a_setting(world: World, degree: Education, settings: Any) -> None:
    settings.ENDORSE_MAX_UPLOAD_BYTES = 40
    response = upload(world.client(world.other), degree, "big.png", PNG + b"\x00" * 10)
    assert "The file is 50\xa0bytes; the limit is 40\xa0bytes." in response.content.decode()
    assert Transcript.objects.count() == 0


def test_only_the_owner_and_this_associations_coordinator_can_download(
    world: World, degree: Education
) -> None:
    upload(world.client(world.other), degree, "t.pdf", PDF)
    transcript = Transcript.objects.get()
    assert (
        world.client(world.applicant)
        .get(f"/ct/application/transcripts/{transcript.pk}/")
        .status_code
        == 404
    )
    assert (
        world.client(None).get(f"/ct/application/transcripts/{transcript.pk}/").status_code == 302
    )
    assert (
        world.client(world.coordinator).get(f"/ct/manage/transcripts/{transcript.pk}/").status_code
        == 200
    )
    assert (
        world.client(world.nm_coordinator)
        .get(f"/ct/manage/transcripts/{transcript.pk}/")
        .status_code
        == 403
    )
    assert (
        world.client(world.nm_coordinator)
        .get(f"/nm/manage/transcripts/{transcript.pk}/")
        .status_code
        == 404
    )


def test_the_coordinator_uploads_an_official_transcript(world: World, degree: Education) -> None:
    client = world.client(world.coordinator)
    url = f"/ct/manage/applications/{world.other_application.pk}/education/{degree.pk}/transcript/"
    client.post(url, {"transcript": SimpleUploadedFile("mailed.png", PNG, "image/png")})
    transcript = Transcript.objects.get()
    assert (transcript.official, transcript.content_type, transcript.uploaded_by) == (
        True,
        "image/png",
        world.coordinator,
    )
    # The applicant sees it marked official and can't remove it.
    applicant = world.client(world.other)
    assert "Official" in applicant.get("/ct/application/education/").content.decode()
    applicant.post(f"/ct/application/transcripts/{transcript.pk}/delete/")
    assert Transcript.objects.filter(pk=transcript.pk).exists()


def test_export_then_import_gives_back_the_same_portfolio(world: World) -> None:
    world.make_ready(world.other_application)
    client = world.client(world.other)
    exported = client.get("/ct/application/export/")
    assert exported["Content-Disposition"] == 'attachment; filename="portfolio-ct-2025-03-03.json"'
    document = json.loads(exported.content)
    assert document["format"] == "endorse.portfolio/1"
    before = application_data(application=world.other_application, today=TODAY).portfolio
    response = client.post("/ct/application/import/", {
        "file": SimpleUploadedFile("p.json", exported.content, "application/json"),
        "replace": "on"}, follow=True)  # fmt: skip
    assert "Imported 21 entries." in response.content.decode()
    after = application_data(application=world.other_application, today=TODAY).portfolio
    assert after == before


def test_importing_adds_entries_unless_asked_to_replace(world: World) -> None:
    client = world.client(world.other)
    body = json.dumps({"format": "endorse.portfolio/1",
                       "training": [{"date": "2024-01-05", "hours": 2.5, "topics": ["dei"]}]})  # fmt: skip
    for _ in range(2):
        client.post(
            "/ct/application/import/", {"file": SimpleUploadedFile("p.json", body.encode())}
        )
    assert Training.objects.filter(application=world.other_application).count() == 2


def test_a_bad_portfolio_is_refused_with_the_entry_and_field_of_the_problem(world: World) -> None:
    client = world.client(world.other)
    body = json.dumps(
        {
            "format": "endorse.portfolio/1",
            "work": [
                {
                    "start": "2024-05-01",
                    "end": "2024-01-01",
                    "service": "treatment",
                    "age_band": "infant",
                }
            ],
        }
    )
    response = client.post("/ct/application/import/",
                           {"file": SimpleUploadedFile("p.json", body.encode())}, follow=True)  # fmt: skip
    assert "The file was not imported: Work, entry 1, End date: before start." in (
        response.content.decode()
    )
    assert Work.objects.filter(application=world.other_application).count() == 0


@pytest.mark.parametrize(
    ("document", "english", "spanish"),
    [
        ({"work": [{"start": "2024-05-01", "end": "2024-01-01", "service": "treatment",
                    "age_band": "infant"}]},
         "Work, entry 1, End date: before start.",
         "Trabajo, entrada 1, Fecha de finalización: anterior al inicio."),
        ({"training": [{"date": "2024-01-05", "hours": 1}, {"date": "2024-01-05", "hours": -1}]},
         "In-service training, entry 2, Hours: must be more than 0.",
         "Capacitación en servicio, entrada 2, Horas: debe ser mayor que 0."),
        ({"training": [{"date": "5 Jan", "hours": 1, "topics": []}]},
         "In-service training, entry 1, Date: not a date (use YYYY-MM-DD).",
         "Capacitación en servicio, entrada 1, Fecha: no es una fecha (use AAAA-MM-DD)."),
        ({"rsc": [{"date": "2024-01-05", "hours": "two", "format": "individual"}]},
         "RS/C, entry 1, Hours: must be a number.", "RS/C, entrada 1, Horas: debe ser un número."),
        ({"membership": {"expires_on": "soon"}},
         "Details, Membership expires on: not a date (use YYYY-MM-DD).",
         "Datos personales, Fecha de vencimiento de la membresía: no es una fecha (use AAAA-MM-DD)."),
        ({"colour": "blue"}, "“colour”: unknown key.", "“colour”: clave desconocida."),
    ],
)  # fmt: skip
def test_the_problem_is_told_in_the_applicants_language(
    world: World, document: dict[str, Any], english: str, spanish: str
) -> None:
    body = json.dumps({"format": "endorse.portfolio/1", **document}).encode()
    for language, problem in (("en", english), ("es", spanish)):
        world.other.preferred_language = language
        world.other.save()
        response = world.client(world.other).post(
            "/ct/application/import/", {"file": SimpleUploadedFile("p.json", body)}, follow=True
        )
        said = "No se importó el archivo" if language == "es" else "The file was not imported"
        assert f"{said}: {problem}" in response.content.decode()
    assert Training.objects.filter(application=world.other_application).count() == 0
    assert Work.objects.filter(application=world.other_application).count() == 0


@pytest.mark.parametrize(
    ("body", "english", "spanish"),
    [
        (b"\x00\x01binary", "This file is not a portfolio file (endorse.portfolio/1): it can't be "
         "read from line 1 on. Choose the .json file exported from an application.",
         "Este archivo no es un archivo de portafolio (endorse.portfolio/1): no se puede leer a "
         "partir de la línea 1. Elija el archivo .json exportado de una solicitud."),
        (b'{\n  "format": "endorse.portfolio/1",\n  "work": [\n  }\n}',
         "This file is not a portfolio file (endorse.portfolio/1): it can't be read from line 4 "
         "on. Choose the .json file exported from an application.",
         "no se puede leer a partir de la línea 4."),
        (b"  ", "This file is not a portfolio file (endorse.portfolio/1). Choose the .json file "
         "exported from an application.",
         "Este archivo no es un archivo de portafolio (endorse.portfolio/1). Elija el archivo "
         ".json exportado de una solicitud."),
        (b"[1, 2]", "This file is not a portfolio file (endorse.portfolio/1). Choose", "Elija"),
        (b'{"format": "endorse.portfolio/9"}', "This file is not a portfolio file", "no es un"),
        (b'{"name": "Ana"}', "This file is not a portfolio file", "no es un"),
        (b'{"format": "endorse.portfolio/1", "work": {"start": "2024"}}',
         "This file is not a portfolio file", "no es un"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_portfolio_is_said_plainly_and_the_detail_logged(
    world: World, body: bytes, english: str, spanish: str, caplog: Any
) -> None:
    for language, said in (("en", english), ("es", spanish)):
        world.other.preferred_language = language
        world.other.save()
        with caplog.at_level("INFO", logger="endorse.applications.import_problems"):
            response = world.client(world.other).post(
                "/ct/application/import/",
                {"file": SimpleUploadedFile("p.json", body)},
                follow=True,
            )
        page = response.content.decode().replace("&#x27;", "'")
        (message,) = [m.message for m in response.context["messages"]]
        assert said in message and said in page
        for technical in ("JSON", "byte", "$", "malformed", "Expected", "`"):
            assert technical not in message
    assert "Portfolio import refused: " in caplog.text
    assert Work.objects.filter(application=world.other_application).count() == 0
