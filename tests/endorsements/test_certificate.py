"""The certificate: a PDF in English or Spanish whose QR code opens the verification page."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from endorse.associations.models import validate_logo
from endorse.endorsements.models import Endorsement
from endorse.endorsements.services import endorsement_grant, endorsement_revoke
from tests.applications.conftest import World


def granted(world: World) -> Endorsement:
    return endorsement_grant(application=world.application, issued_on=date(2025, 5, 2))


def pdf_text(content: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


def qr_codes(content: bytes) -> list[str]:
    """What the QR codes on the first page say, read from the page rendered at 200 dpi."""
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def png(width: int = 60, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_certificate_in_english(world: World) -> None:
    endorsement = granted(world)
    response = world.client(world.applicant).get(
        f"/me/endorsements/{endorsement.pk}/certificate-en.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="endorsement-CT-2025-0001-en.pdf"'
    )
    text = pdf_text(response.content)
    verify_url = f"https://endorse.example.org/verify/{endorsement.verify_code}/"
    for expected in ("CT Assoc", "Certificate of Endorsement®", "Ana Díaz",
                     "Infant Mental Health Specialist (IMHS)",
                     "Endorsement® number CT-2025-0001 · issued on May 2, 2025",
                     verify_url, "it is not a license to practice"):  # fmt: skip
        assert expected in text, expected
    assert qr_codes(response.content) == [verify_url]


def test_the_certificate_in_spanish(world: World) -> None:
    endorsement = granted(world)
    response = world.client(world.applicant).get(
        f"/me/endorsements/{endorsement.pk}/certificate-es.pdf"
    )
    text = pdf_text(response.content)
    assert "Certificado de Endorsement®" in text
    assert "Especialista en Salud Mental Infantil (IMHS)" in text
    assert "2 de mayo de 2025" in text
    assert qr_codes(response.content) == [
        f"https://endorse.example.org/verify/{endorsement.verify_code}/"
    ]


def test_the_association_logo_is_printed(world: World) -> None:
    world.ct.logo.save("ct.png", io.BytesIO(png()), save=True)
    endorsement = granted(world)
    response = world.client(world.applicant).get(
        f"/me/endorsements/{endorsement.pk}/certificate-en.pdf"
    )
    images = PdfReader(io.BytesIO(response.content)).pages[0].images
    assert len(images) == 1
    assert images[0].image.size == (60, 30)


def test_only_the_endorsee_downloads_a_valid_certificate(world: World) -> None:
    endorsement = granted(world)
    path = f"/me/endorsements/{endorsement.pk}/certificate-en.pdf"
    assert world.client(world.other).get(path).status_code == 404
    assert world.client(world.coordinator).get(path).status_code == 404
    assert Client().get(path).status_code == 302
    assert world.client(world.applicant).get(path.replace("-en", "-fr")).status_code == 404
    endorsement_revoke(endorsement=endorsement, revoked_on=date(2025, 7, 1), reason="Sanction")
    assert world.client(world.applicant).get(path).status_code == 404


def test_my_endorsement_lists_the_certificates_and_the_verification_page(world: World) -> None:
    endorsement = granted(world)
    page = world.client(world.applicant).get("/me/").content.decode()
    assert f'href="/me/endorsements/{endorsement.pk}/certificate-es.pdf" hreflang="es"' in page
    assert f'href="/verify/{endorsement.verify_code}/"' in page


def test_the_endorsee_is_congratulated_in_their_language(world: World) -> None:
    mail.outbox.clear()
    endorsement = granted(world)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Felicidades: tiene el Endorsement® de CT Assoc"
    assert "CT-2025-0001" in message.body
    assert f"https://endorse.example.org/verify/{endorsement.verify_code}/" in message.body
    assert "https://endorse.example.org/me/" in message.body


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"not an image at all"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("logo.png", png()[:40]),  # cut short
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_logo(SimpleUploadedFile(name, content))
    assert refused.value.messages == ["The logo must be a PNG or JPEG image."]


def test_a_logo_over_one_megabyte_is_refused() -> None:
    upload = SimpleUploadedFile("logo.png", png() + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        validate_logo(upload)
    assert refused.value.messages == ["The logo must be at most 1 MB."]
