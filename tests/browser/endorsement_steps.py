"""After approval: the certificate, its QR code, the verification page, the registry, and
revocation, walked in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from endorse.applications.models import Application
from endorse.endorsements.models import Endorsement
from tests.endorsements.test_certificate import qr_codes

DISCLAIMER = (
    "The registry lists people who hold an active Endorsement®, and those with Emeritus "
    "status. An Endorsement® recognizes competency in infant and early childhood mental "
    "health; it is not a license to practice, and being listed is not a recommendation."
)


def find_in_registry(visitor: Any, w: Any, typed: str) -> Any:
    """A visitor types a name, without its accents, into the association's registry."""
    page = visitor.goto("/ct/registry/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        w("Endorsement® Registry of %(name)s", name="CT Assoc")
    )
    expect(page.get_by_role("note")).to_have_text(w(DISCLAIMER))
    page.get_by_label(w.label("Name")).fill(typed)
    page.get_by_role("button", name=w("Search"), exact=True).click()
    visitor.check()
    return page.locator("ul.registry")


def certificate_to_registry_to_revocation(
    visitor_factory: Any, endorsee: Any, staff: Any, w: Any, sw: Any,
    application: Application, width: int, tmp_path: Path,
) -> None:  # fmt: skip
    endorsement = Endorsement.objects.get(application=application)
    # The endorsee downloads the certificate in their language; its QR code is the
    # address of the verification page.
    page = endorsee.goto("/me/")
    link = "Certificate in Spanish (PDF)" if w.lang == "es" else "Certificate in English (PDF)"
    with page.expect_download() as download:
        page.get_by_role("link", name=w(link)).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"endorsement-{endorsement.number}-{w.lang}.pdf"
    (address,) = qr_codes(saved.read_bytes())
    verify_path = urlsplit(address).path
    assert verify_path == f"/verify/{endorsement.verify_code}/"

    # The signed credential, kept for later.
    with page.expect_download() as download:
        page.get_by_role("link", name=w("Signed credential (Open Badges)")).click()
    credential = tmp_path / download.value.suggested_filename
    download.value.save_as(credential)

    # Anyone who scans it sees the endorsement is active; the registry lists her.
    public = visitor_factory(width=width, locale="es-ES" if w.lang == "es" else "en-US")
    page = public.goto(verify_path)
    active = w("%(name)s holds this Endorsement® from %(association)s; it is active.",
               name="Ana Díaz", association="CT Assoc")  # fmt: skip
    expect(page.get_by_role("status")).to_have_text(active)
    found = find_in_registry(public, w, "ana diaz")
    expect(found.get_by_role("listitem")).to_have_count(1)
    expect(found).to_contain_text("Ana Díaz")
    expect(found).to_contain_text("New Haven")

    # The coordinator revokes it; the page and the registry say so at once.
    page = staff.goto(f"/ct/manage/applications/{application.pk}/")
    page.get_by_label(sw.label("Reason for revoking")).fill("Licensing-board sanction.")
    page.get_by_role("button", name=sw("Revoke this Endorsement®")).click()
    staff.check()
    expect(page.locator(".messages")).to_contain_text(
        sw("Endorsement® %(number)s is revoked.", number=endorsement.number)
    )
    page = public.goto(verify_path)
    expect(page.get_by_role("alert")).to_have_text(
        w("This Endorsement® is not valid: %(status)s.", status=w("Revoked"))
    )
    find_in_registry(public, w, "ana diaz")
    expect(
        public.page.get_by_text(w("No one in the registry matches this search."))
    ).to_be_visible()
