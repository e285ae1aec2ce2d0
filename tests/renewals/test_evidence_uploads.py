"""Audit evidence is stored under the extension of its content, never its uploaded name's;
a file that isn't a PDF, JPEG or PNG by content is refused next to the file field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from endorse.renewals.models import Renewal, RenewalEvidence, RenewalSettings
from endorse.renewals.services import renewal_open, renewal_submit
from tests.applications.conftest import World
from tests.renewals.conftest import endorsed, fill, travel

PDF = b"%PDF-1.4 hours\n%%EOF\n"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def audited(world: World, frozen: Any) -> Renewal:
    """A three-yearly renewal, submitted and picked for an audit (every one is)."""
    world.ct.renewal_model = "three_year"
    world.ct.save()
    RenewalSettings.objects.create(association=world.ct, cycle_year=2024, audit_percent=100)
    endorsement = endorsed(world, "Rosa Ruiz", issued_on=date(2024, 6, 1))
    travel(frozen, "2027-10-02")
    renewal = renewal_open(association=world.ct, person=endorsement.person)
    fill(renewal, year=2026, training_hours="25", rsc_hours="36", attest=True)
    renewal = renewal_submit(renewal=renewal, on=date(2027, 10, 2))
    assert renewal.status == Renewal.Status.AUDIT
    return renewal


def test_an_html_named_pdf_is_stored_and_downloaded_as_a_pdf(world: World, frozen: Any) -> None:
    renewal = audited(world, frozen)
    client = world.client(renewal.person)

    response = client.post(
        "/ct/renewal/evidence/",
        {"evidence-file": SimpleUploadedFile("evil.html", PDF, "text/html")},
    )

    assert response.status_code == 302
    evidence = RenewalEvidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("evil.html", "application/pdf")
    folder = f"renewals/{world.ct.pk}/{renewal.pk}"
    assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.pdf", evidence.file.name)
    download = client.get(f"/ct/renewal/evidence/{evidence.pk}/")
    assert download["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}.pdf"'
    assert download["Content-Type"] == "application/pdf"


def test_a_pdf_named_html_file_is_refused_next_to_the_field(world: World, frozen: Any) -> None:
    renewal = audited(world, frozen)
    folder = f"renewals/{world.ct.pk}/{renewal.pk}"
    before = default_storage.listdir(folder) if default_storage.exists(folder) else None

    response = world.client(renewal.person).post(
        "/ct/renewal/evidence/",
        {"evidence-file": SimpleUploadedFile("x.pdf", HTML, "application/pdf")},
    )

    assert response.status_code == 422
    assert (
        '<div class="field-error" id="id_evidence-file-error"><p>Only PDF, JPEG or PNG files can '
        "be uploaded; this file is none of them, whatever its name says. Nothing was stored."
        "</p></div>" in response.content.decode()
    )
    assert not RenewalEvidence.objects.exists()
    # Nothing stored (the in-memory storage lives as long as the test process).
    assert (default_storage.listdir(folder) if default_storage.exists(folder) else None) == before
