"""The applicant's whole journey, as a new user would walk it, in English, in Spanish and at 375 px."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Application
from tests.browser.conftest import Visitor, sign_in
from tests.browser.endorsement_steps import certificate_to_registry_to_revocation
from tests.browser.review_steps import (
    REVIEWERS,
    add_reviewers,
    complete_and_assign,
    decide,
    review,
    sign_in_with_code,
)

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Words:
    """The site's own words in the language under test, so the test reads labels as people do."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, message: str, **values: Any) -> str:
        with translation.override(self.lang):
            text = translation.gettext(message)
        return text % values if values else text

    def plural(self, singular: str, plural: str, count: int) -> str:
        with translation.override(self.lang):
            return translation.ngettext(singular, plural, count) % {"count": count}

    def label(self, message: str) -> str:
        return capfirst(self(message))

    def plural_minutes(self, minutes: int) -> str:
        with translation.override(self.lang):
            return translation.ngettext(
                "About %(minutes)s minute left.", "About %(minutes)s minutes left.", minutes
            ) % {"minutes": minutes}


def wait_saved(page: Any, entry: Any, w: Words) -> None:
    """The entry's last change reached the server and counted (no “incomplete” badge)."""
    # As leaving the last field does: one more save of everything now in the form,
    # queued after any save still on its way (a log row's or hx-sync's "queue last").
    entry.locator("input:not([type=hidden]), select").first.dispatch_event("change")
    expect(entry.locator(".saved, .st")).to_contain_text(w("Saved at %(time)s", time="").strip())
    try:
        expect(entry.locator(".badge.incomplete")).to_have_count(0)
    except AssertionError:
        raise AssertionError(entry.inner_html()) from None
    expect(page.locator(".htmx-request")).to_have_count(0)  # no request still on its way


# An entry: a row of the compact log (trainings, RS/C, jobs) or a card (the other sections).
ENTRIES = "#log-rows form.lr, #entries-list article"


def add_entry(
    page: Any, w: Words, add_label: str, fields: dict[str, str], checks: tuple[str, ...] = ()
) -> Any:
    articles = page.locator(ENTRIES)
    before = articles.count()
    page.get_by_role("button", name=w(add_label)).click()
    expect(articles).to_have_count(before + 1)  # the new entry, not the last old one
    entry = articles.nth(before)
    # Boxes first: a click lands where the box is, and field messages arriving from an
    # earlier save can move it; typing and choosing don't depend on where things are.
    for label in checks:
        entry.get_by_label(w.label(label)).check()
    for label, value in fields.items():
        field = entry.get_by_label(w.label(label))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    wait_saved(page, entry, w)
    return entry


def section(visitor: Visitor, w: Words, title: str) -> Any:
    page = visitor.page
    page.get_by_role("navigation", name=w("Sections of the application")).get_by_role(
        "link", name=w(title), exact=True
    ).click()
    visitor.check()
    return page


def walk(visitor_factory: Any, association: Any, lang: str, width: int, tmp_path: Path) -> None:
    w = Words(lang)
    today = timezone.localdate()
    email = f"applicant-{lang}-{width}@example.org"
    visitor = visitor_factory(width=width)
    page = visitor.goto("/ct/")
    if lang != "en":
        page.get_by_label("Language").select_option(lang)  # the page is still in English
        page.get_by_role("button", name="Change").click()
        visitor.check()

    # 1. The advisor, without an account.
    page.get_by_role("link", name=w("Which Endorsement is right for me?")).click()
    visitor.check()
    page.get_by_label(w("Your highest degree")).select_option("master")
    page.get_by_label(w("Years of work with infants, young children and families")).fill("4")
    page.get_by_label(w("Kind of work")).select_option("parent_infant_psychotherapy")
    page.get_by_label(w("Hours of in-service training")).fill("33")
    page.get_by_label(w("…of which on diversity, equity and inclusion")).fill("20")
    page.get_by_label(w("…of which on parent–infant/child psychotherapy")).fill("13")
    page.get_by_label(w("Hours of reflective supervision/consultation (RS/C) received")).fill("50")
    page.get_by_label(w("Over how many months (in the last two years)")).fill("14")
    page.get_by_label(w("Mental health license")).select_option("eligible")
    page.get_by_role("button", name=w("Show what I qualify for")).click()
    visitor.check()
    expect(
        page.get_by_role("heading", name="(IMHS) – " + w("your background meets it"))
    ).to_be_visible()

    # 2. Register: account, verified address, registration application.
    page.get_by_role("link", name=w("Register to apply")).click()
    visitor.check()
    page.get_by_role("link", name=w("Create an account")).click()
    visitor.check()
    page.get_by_label(w.label("Email")).fill(email)
    page.get_by_label(w.label("Full name")).fill("Ana Díaz")
    page.get_by_label(re.compile("^" + re.escape(w.label("Password")) + ":?$")).fill(
        "una-clave-larga-9"
    )
    page.get_by_label(w.label("Password (again)")).fill("una-clave-larga-9")
    page.get_by_role("button", name=w("Sign Up")).click()
    visitor.check()
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body)
    assert link is not None
    page.goto(link.group(0))
    visitor.check()
    page.get_by_role("button", name=w("Confirm")).click()
    visitor.check()
    visitor.goto("/ct/register/")
    page.get_by_label(w.label("category you intend to apply for")).select_option(
        value=str(_category_pk("IMHS"))
    )
    page.get_by_label(w.label("your work with infants, young children and families")).fill(
        "Home visits since 2022."
    )
    page.get_by_label(w.label("your education")).fill("MSW, 2018.")
    page.get_by_label(w.label("your reflective supervision/consultation (RS/C)")).fill(
        "Monthly RS/C."
    )
    page.get_by_label(w.label("membership number")).fill("M-77")
    page.get_by_label(w.label("membership expires on")).fill(
        (today + timedelta(days=300)).isoformat()
    )
    page.get_by_role("button", name=w("Send my registration")).click()
    visitor.check()
    expect(page.get_by_role("heading", name=w("Waiting for the coordinator"))).to_be_visible()

    # 3. The coordinator (who reads English) records the fee and accepts.
    sw = Words("en")
    staff = visitor_factory(width=width)
    sign_in(staff, sw, "coord@ct.example.org", "coordinator-pass-1")
    staff.goto("/ct/manage/")
    staff.page.get_by_role("link", name="Ana Díaz").click()
    staff.check()
    staff.page.get_by_label(sw.label("Paid by")).select_option("check")
    staff.page.get_by_role("textbox", name=sw.label("Reference")).fill("1042")
    staff.page.get_by_role("button", name=sw("Record payment")).click()
    staff.check()
    staff.page.get_by_role("button", name=sw("Accept and open the application")).click()
    staff.check()
    accepted = next(m for m in reversed(mail.outbox) if m.to == [email])
    assert "/ct/application/" in accepted.body

    # 4. Prepare every section.
    visitor.goto("/ct/application/")
    section(visitor, w, "Details")
    details = page.locator("article.entry")
    details.get_by_label(w.label("county")).fill("New Haven")
    details.get_by_label(w.label("I am eligible for a mental health license")).check()
    wait_saved(page, details, w)

    section(visitor, w, "Education")
    degree = add_entry(page, w, "Add a degree", {"degree": "master", "field of study": "Social work",
                                                   "completed on": "2018-05-20"})  # fmt: skip
    transcript = tmp_path / "transcript.pdf"
    transcript.write_bytes(PDF)
    degree.get_by_label(w("Upload a transcript (PDF, JPEG or PNG, up to 10 MB)")).set_input_files(
        transcript
    )
    degree.get_by_role("button", name=w("Upload"), exact=True).click()
    visitor.check()
    expect(page.get_by_role("link", name="transcript.pdf")).to_be_visible()

    section(visitor, w, "Work")
    add_entry(page, w, "Add a job", {"job title": "Therapist", "start date": "2022-01-03",
                                     "full-time equivalent": "1", "kind of service": "parent_infant_psychotherapy",
                                     "ages served": "infant"}, checks=("Supervised paid work",))  # fmt: skip

    section(visitor, w, "In-service training")
    add_entry(page, w, "Add a training", {"title": "Culture", "date": (today - timedelta(days=200)).isoformat(),
                                          "hours": "20"}, checks=("on diversity, equity and inclusion",))  # fmt: skip
    add_entry(page, w, "Add a training", {"title": "PIP", "date": (today - timedelta(days=100)).isoformat(),
                                          "hours": "13"}, checks=("on parent–infant/child psychotherapy",))  # fmt: skip

    section(visitor, w, "RS/C")
    for days in (430, 60):
        add_entry(page, w, "Add RS/C", {"date": (today - timedelta(days=days)).isoformat(), "hours": "25",
                                        "format": "individual", "provider's endorsement": "IMHM-C"})  # fmt: skip

    section(visitor, w, "References")
    for name, role in (
        ("Pat Provider", "rsc_provider"),
        ("Sam Supervisor", "supervisor"),
        ("Cam Colleague", "colleague"),
    ):
        add_entry(
            page, w, "Add a reference", {"name": name, "email": f"{role}@example.org", "role": role}
        )
    statuses = page.locator(".reference-status")
    expect(statuses.filter(has_text=w("Not sent yet"))).to_have_count(3)
    for name in ("Pat Provider", "Sam Supervisor", "Cam Colleague"):
        page.get_by_role("button", name=f"{w('Send the rating request')} – {name}").click()
        visitor.check()
    expect(statuses.filter(has_text=w("Sent to the rater"))).to_have_count(3)

    section(visitor, w, "Status")
    for heading in (w("Code of Ethics"), w("Endorsement Agreement")):
        agreement = page.locator("article.agreement", has=page.get_by_role("heading", name=heading))
        agreement.get_by_label(w("Your full name")).fill("Ana Díaz")
        agreement.get_by_label(w("I have read it and I agree.")).check()
        agreement.get_by_role("button", name=w("Sign")).click()
        visitor.check()

    # The three raters answer through their links, in the applicant's language; one of
    # them saves a draft first and comes back to finish.
    for role, endorsed in (("rsc_provider", True), ("supervisor", False), ("colleague", False)):
        rate(visitor_factory(width=width), w, rater_link(f"{role}@example.org"), role, endorsed)

    # The coordinator records the processing fee.
    application = Application.objects.get(applicant__email=email)
    staff.goto(f"/ct/manage/applications/{application.pk}/")
    staff.page.get_by_label(sw.label("Paid by")).select_option("employer")
    staff.page.get_by_role("textbox", name=sw.label("Reference")).fill("Example Family Services")
    staff.page.get_by_role("button", name=sw("Record payment")).click()
    staff.check()

    # 5. The checklist is green; export, re-import, submit.
    visitor.goto("/ct/application/")
    expect(page.locator("#checklist")).to_contain_text(w("Ready to submit."))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=w("Download my portfolio (JSON)")).click()
    exported = tmp_path / "portfolio.json"
    download_info.value.save_as(exported)
    page.get_by_label(w("Portfolio file (endorse.portfolio/1 JSON)")).set_input_files(exported)
    page.get_by_label(w("Replace the entries I have already entered")).check()
    page.get_by_role("button", name=w("Import")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(
        w.plural("Imported %(count)d entry.", "Imported %(count)d entries.", 6)
    )
    expect(page.locator("#checklist")).to_contain_text(w("Ready to submit."))
    page.get_by_label(w("I keep my right to read what my raters wrote about me.")).check()
    page.get_by_role("button", name=w("Submit my application")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(
        w("Your application was submitted. We emailed you a confirmation.")
    )
    application.refresh_from_db()
    assert application.status == "submitted"

    # 6. The review, on hold once, then approved.
    review_to_approval(visitor_factory, visitor, staff, w, application, width)

    # 7. The certificate, the verification page, the registry; then a revocation.
    certificate_to_registry_to_revocation(
        visitor_factory, visitor, staff, w, Words("en"), application, width, tmp_path
    )


def review_to_approval(
    visitor_factory: Any,
    visitor: Visitor,
    staff: Visitor,
    w: Words,
    application: Application,
    width: int,
) -> None:
    """Two reviewers (in the applicant's language) review; the coordinator puts it on hold
    for the training section; the applicant adds a training and sends it back; the same
    reviewers review again and the coordinator approves it."""
    sw, today = Words("en"), timezone.localdate()
    reviewers = add_reviewers(application.association, w.lang)
    complete_and_assign(staff, sw, application, reviewers)
    desks = []
    for email, _name, secret in REVIEWERS:
        desk = visitor_factory(width=width)
        sign_in_with_code(desk, sw, email, secret)
        desks.append(desk)
    name = application.applicant.get_full_name()
    review(desks[0], w, name, "on_hold", "Please add the training you took this autumn.")
    review(desks[1], w, name, "on_hold", "Agreed: one more training.", second=True)
    decide(staff, sw, application, "On hold: changes requested", ("In-service training",))

    page = visitor.goto("/ct/application/")
    expect(page.get_by_text(w("Your application is on hold: make the changes asked for in the "
                              "sections reopened below, then send it back to the same "
                              "reviewers."))).to_be_visible()  # fmt: skip
    expect(page.locator(".timeline")).to_contain_text(
        "Please add the training you took this autumn."
    )
    section(visitor, w, "In-service training")
    add_entry(page, w, "Add a training", {"title": "Autumn", "date": (today - timedelta(days=10)).isoformat(),
                                          "hours": "3"})  # fmt: skip
    visitor.goto("/ct/application/")
    page.get_by_role("button", name=w("Send it back for review")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(
        w("Your application is back with its reviewers.")
    )

    review(desks[0], w, name, "approved", "Complete now. Thank you.")
    review(desks[1], w, name, "approved", "Agreed.", second=True)
    decide(staff, sw, application, "Approved")
    page = visitor.goto("/ct/application/")
    approved = re.escape(w("Approved on %(day)s.")).replace(re.escape("%(day)s"), r".+ \d{4}")
    expect(page.locator(".timeline")).to_contain_text(re.compile(approved))
    expect(page.get_by_text(re.compile(r"CT-\d{4}-0001"))).to_be_visible()
    application.refresh_from_db()
    assert (application.status, application.review_round) == ("approved", 2)


def rater_link(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    found = re.search(r"http://\S+/rate/[0-9a-f]{64}/", message.body)
    assert found is not None
    return found.group(0)


def rate(rater: Visitor, w: Words, link: str, role: str, endorsed: bool) -> None:
    """Fill the rating form as a rater does; the supervisor saves it halfway and returns."""
    from endorse.ratings.models import RatingItem

    page = rater.goto(urlsplit(link).path)
    page.get_by_label(w.label("How do you know the applicant?")).select_option(role)
    page.get_by_label(w.label("Where did you work together?")).fill("Example Family Services")
    page.get_by_label(w.label("For how many years?")).fill("2.5")
    if role == "supervisor":
        page.get_by_role("button", name=w("Save and finish later")).click()
        rater.check()
        expect(page.get_by_role("status")).to_contain_text(
            w("Saved. Come back to this link to finish.")
        )
        page = rater.goto(urlsplit(link).path)
        expect(page.get_by_label(w.label("Where did you work together?"))).to_have_value(
            "Example Family Services"
        )
    page.get_by_role("group", name=w("Do you hold an Endorsement®?")).get_by_label(
        w("Yes") if endorsed else w("No"), exact=True
    ).check()
    if endorsed:
        page.get_by_label(w.label("Your category")).select_option("IMHM-C")
        page.get_by_label(w.label("The association that endorsed you")).fill("CT Assoc")
    for item in RatingItem.objects.filter(retired=False):
        page.get_by_role("group", name=item.text(w.lang)).get_by_label(w("Proficient")).check()
    page.get_by_role("group", name=w("Your recommendation")).get_by_label(
        w("I recommend the applicant"), exact=True
    ).check()
    page.get_by_role("button", name=w("Send the rating")).click()
    rater.check()
    expect(page.get_by_role("heading", name=w("Thank you"))).to_be_visible()


def _category_pk(code: str) -> int:
    from endorse.standards.models import Category

    return Category.objects.get(code=code).pk


def test_the_journey_in_english(visitor_factory: Any, association: Any, tmp_path: Path) -> None:
    walk(visitor_factory, association, "en", 1280, tmp_path)


def test_the_journey_in_spanish(visitor_factory: Any, association: Any, tmp_path: Path) -> None:
    walk(visitor_factory, association, "es", 1280, tmp_path)


def test_the_journey_on_a_375_px_phone(
    visitor_factory: Any, association: Any, tmp_path: Path
) -> None:
    walk(visitor_factory, association, "en", 375, tmp_path)


def accepted_applicant(association: Any, email: str, password: str) -> User:
    """Someone whose registration was accepted: their application is open and empty."""
    from endorse.applications.services import registration_accept, registration_submit
    from endorse.payments.models import Charge
    from endorse.standards.models import Category

    applicant = User.objects.create_user(email, password, full_name="Tia Typist")
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    today = timezone.localdate()
    registration = registration_submit(association=association, applicant=applicant, today=today, fields={
        "category": Category.objects.get(code="IMHS"), "work_summary": "w", "education_summary": "e",
        "rsc_summary": "r", "membership_number": "1", "membership_expires_on": today + timedelta(days=90)})  # fmt: skip
    Charge.objects.filter(pk=registration.fee_id).update(status="paid")
    registration.refresh_from_db()
    registration_accept(registration=registration, actor=applicant, today=today)
    return applicant


def test_reloading_after_typing_shows_what_was_typed(
    visitor_factory: Any, association: Any
) -> None:
    applicant = accepted_applicant(association, "typist@example.org", "typist-pass-12")
    w = Words("en")
    visitor = visitor_factory()
    sign_in(visitor, w, applicant.email, "typist-pass-12")
    page = visitor.goto("/ct/application/training/")
    page.get_by_role("button", name=w("Add a training")).click()
    expect(page.locator(ENTRIES)).to_have_count(1)
    entry = page.locator(ENTRIES).last
    entry.get_by_label(w.label("title")).fill("Typed, never submitted")
    entry.get_by_label(w.label("hours")).fill("0")  # invalid: kept as typed, with its message
    expect(entry.locator(".err").filter(has_text=w("Hours must be more than 0."))).to_be_visible()
    expect(entry.get_by_label(w.label("hours"))).to_have_attribute("aria-invalid", "true")
    page.reload()
    visitor.check()
    entry = page.locator(ENTRIES).last
    expect(entry.get_by_label(w.label("title"))).to_have_value("Typed, never submitted")
    expect(entry.get_by_label(w.label("hours"))).to_have_value("0")
    expect(entry.locator(".err")).to_contain_text([w("Hours must be more than 0.")])


def test_typing_and_leaving_at_once_keeps_the_last_keystrokes(
    visitor_factory: Any, association: Any
) -> None:
    from endorse.applications.models import SectionNote, Training

    applicant = accepted_applicant(association, "hasty@example.org", "hasty-pass-123")
    w = Words("en")
    visitor = visitor_factory()
    sign_in(visitor, w, applicant.email, "hasty-pass-123")
    page = visitor.goto("/ct/application/training/")
    page.get_by_role("button", name=w("Add a training")).click()
    expect(page.locator(ENTRIES)).to_have_count(1)
    # Well inside the autosave's pause, with no blur: only the page-hide flush can save these.
    page.locator(ENTRIES).get_by_label(w.label("title")).fill("Left in a hurry")
    page.get_by_label(w.label("note for the coordinator")).fill("Typed just before leaving")
    page.get_by_role("link", name=w("Overview")).click()
    page.wait_for_url("**/ct/application/")

    def saved() -> bool:
        training = Training.objects.get(application__applicant=applicant)
        note = SectionNote.objects.filter(application__applicant=applicant).first()
        return "Left in a hurry" in (training.draft or {}).values() and (
            note is not None and note.applicant_note == "Typed just before leaving"
        )

    for _attempt in range(100):  # the beacons arrive when they arrive: poll, up to 10 s
        if saved():
            break
        page.wait_for_timeout(100)
    assert saved()
    page = visitor.goto("/ct/application/training/")
    expect(page.get_by_label(w.label("title"))).to_have_value("Left in a hurry")
    expect(page.get_by_label(w.label("note for the coordinator"))).to_have_value(
        "Typed just before leaving"
    )


def test_a_deferred_application_goes_back_to_its_applicant_for_a_later_cycle(
    visitor_factory: Any, association: Any
) -> None:
    from endorse.reviews.services import deadline_add
    from endorse.standards.models import RequirementSet
    from endorse.standards.selectors import requirement_set_ruleset

    applicant = accepted_applicant(association, "later@example.org", "later-pass-123")
    for month, day in ((3, 15), (6, 15), (9, 15), (12, 15)):
        deadline_add(association=association, month=month, day=day)
    application = Application.objects.get(applicant=applicant)
    pinned = RequirementSet.objects.filter(category=application.category, association=None).latest(
        "effective_from"
    )
    from endorse.associations.selectors import association_today

    # The cycle closed yesterday, in the association's calendar: reviews may start.
    yesterday = association_today(association=association) - timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=timezone.now() - timedelta(days=30),
        review_cycle=yesterday, ratings_waived=True, pinned_requirement_set=pinned,
        pinned_version=requirement_set_ruleset(pinned).version,
    )  # fmt: skip
    sw = Words("en")
    staff = visitor_factory()
    sign_in(staff, sw, "coord@ct.example.org", "coordinator-pass-1")
    reviewers = add_reviewers(association)
    complete_and_assign(staff, sw, application, reviewers)
    for (email, _name, secret), second in zip(REVIEWERS, (False, True), strict=True):
        desk = visitor_factory()
        sign_in_with_code(desk, sw, email, secret)
        review(desk, sw, "Tia Typist", "deferred", "More RS/C first, then apply again.",
               second=second)  # fmt: skip
    decide(staff, sw, application, "Deferred to a later review cycle")

    visitor = visitor_factory()
    sign_in(visitor, sw, applicant.email, "later-pass-123")
    page = visitor.goto("/ct/application/")
    expect(page.locator(".timeline")).to_contain_text("More RS/C first, then apply again.")
    page.get_by_role("button", name=sw("Revise my application")).click()
    visitor.check()
    expect(page.locator(".messages")).to_contain_text(
        sw("Your application is open again: revise it, then submit it.")
    )
    application.refresh_from_db()
    assert (application.status, application.review_round) == ("preparing", 2)
