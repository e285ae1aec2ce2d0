"""The hostile-text matrix: every free-text field holds markup, and every output shows it as text.

Given the demo world (every kind of person and record), every field a person types is
overwritten with a payload that carries markup, a ``javascript:`` link, template syntax,
a right-to-left override, accents and an emoji, tagged with the field's name; notifications
are made with such payloads in every text they carry. Then every page each kind of person
opens is fetched, and:

- no HTML page holds any of the payload's markup unescaped (the security property);
- every field a page shows appears there exactly as ``escape(value)`` (so the test knows
  what it covered, and a page that dropped or mangled a value is caught);
- plain-text emails carry the typed text exactly, never HTML entities;
- JSON carries it exactly; PDFs and CSVs carry it as text.

The pairs ``field × output`` seen are printed and checked against a minimum list.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from endorse.accounts.models import User
from endorse.applications.models import Education, SectionNote, Transcript
from endorse.core.mail import render_email
from endorse.core.tasks import notify
from endorse.endorsements.models import Endorsement
from endorse.endorsements.registry import refresh_listing
from endorse.notifications.models import Notification
from endorse.ratings.models import Rating
from endorse.reviews.assigning import assignment_respond
from endorse.reviews.models import Assignment
from tests.accounts.sessions import sign_in
from tests.hostile import MARKUP, RAW_MARKUP, shown_in_html, tagged
from tests.security.outputs import REVIEWER, Output, outputs

# Every free-text field a person types, by model. Identifiers, codes, states, tokens and
# derived search keys are not here: nobody types them.
TYPED_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts.User": ("full_name",),
    "associations.Association": (
        "name", "contact_phone", "address", "payment_instructions_en", "payment_instructions_es",
    ),
    "standards.ClosedWindow": ("reason_en", "reason_es"),
    "payments.Charge": ("waiver_reason",),
    "payments.Payment": ("reference",),
    "payments.Refund": ("reason",),
    "payments.EmployerPayment": ("employer", "reference"),
    "applications.Registration": (
        "work_summary", "education_summary", "rsc_summary", "membership_number", "return_reason",
    ),
    "applications.Event": ("note",),
    "applications.Details": (
        "phone", "address", "county", "languages", "license_description", "membership_number",
    ),
    "applications.Education": ("field", "institution"),
    "applications.Work": ("title", "employer", "supervisor_endorsement"),
    "applications.Training": ("title",),
    "applications.Rsc": ("provider", "provider_endorsement"),
    "applications.Leadership": ("role",),
    "applications.RscProvided": ("recipients",),
    "applications.Reference": ("name", "vetted_note"),
    "applications.Transcript": ("original_name",),
    "applications.Agreement": ("body_en", "body_es"),
    "applications.Signature": ("signed_name",),
    "applications.SectionNote": ("applicant_note", "coordinator_comment"),
    "ratings.Rating": ("decline_reason",),
    "reviews.Assignment": ("conflict_note",),
    "reviews.Review": ("comments",),
    "reviews.Decision": ("message",),
    "endorsements.Endorsement": ("revoked_reason", "locality"),
    "endorsements.EndorsementEvent": ("reason",),
    "endorsements.StatusRequest": ("reason", "decision_note"),
    "endorsements.RscOffer": ("languages", "contact", "note"),
    "exams.Item": ("area", "stem", "questions", "rubric"),
    "exams.Sitting": ("note",),
    "exams.Booking": ("accommodation_request",),
    "exams.Answer": ("text",),
    "exams.Scoring": ("comments",),
    "exams.Result": ("letter",),
    "renewals.Renewal": ("ethics_signed_name", "membership_number", "return_reason"),
    "renewals.RenewalTraining": ("title",),
    "renewals.RenewalRsc": ("provider", "provider_endorsement"),
    "renewals.RenewalEvidence": ("original_name",),
}  # fmt: skip

# Notifications whose texts carry what someone typed: the keys that carry it.
TYPED_IN_NOTIFICATIONS: dict[str, tuple[str, ...]] = {
    "registration_returned": ("reason",),
    "application_returned": ("reason",),
    "application_decided": ("message",),
    "endorsement_revoked": ("reason",),
    "status_request_decided": ("note",),
    "renewal_returned": ("reason",),
    "rating_declined": ("rater", "reason"),
    "rating_received": ("rater",),
}

# The least the matrix must find: a field and an output (page, email, PDF, CSV, JSON) that
# shows it. More is found (and printed); losing one of these is a failure.
MUST_COVER = {
    ("User.full_name", "notifications (applicant)"),
    ("User.full_name", "registry (ct)"),
    ("User.full_name", "verify page"),
    ("User.full_name", "certificate PDF (en)"),
    ("User.full_name", "coordinator dashboard"),
    ("User.full_name", "registry API"),
    ("notify.registration_returned.reason", "notifications (applicant)"),
    ("notify.registration_returned.reason", "email registration_returned"),
    ("notify.endorsement_revoked.reason", "notifications (applicant)"),
    ("notify.status_request_decided.note", "notifications (applicant)"),
    ("notify.application_decided.message", "email application_decided"),
    ("notify.rating_declined.rater", "email rating_declined"),
    ("Association.name", "association page"),
    ("Association.address", "association page"),
    ("Association.payment_instructions_es", "registration form"),
    ("Association.payment_instructions_en", "my payments"),
    ("Association.payment_instructions_en", "application overview"),
    ("Work.title", "application section work"),
    ("Work.employer", "application section work"),
    ("Training.title", "application section training"),
    ("Rsc.provider", "application section rsc"),
    ("Reference.name", "application section references"),
    ("Details.county", "application section details"),
    ("Details.address", "application section details"),
    ("Education.institution", "application section education"),
    ("Registration.work_summary", "coordinator registration"),
    ("Registration.education_summary", "coordinator registration"),
    ("Work.title", "coordinator application"),
    ("Training.title", "coordinator application"),
    ("Rating.comments", "application overview (in review)"),
    ("Rating.comments", "coordinator application"),
    ("Payment.reference", "ledger"),
    ("Payment.reference", "ledger CSV"),
    ("Endorsement.locality", "my registry listing"),
    ("RenewalTraining.title", "renewal"),
    ("Agreement.body_en", "application section status"),
    ("Work.title", "portfolio export JSON"),
    ("Education.institution", "reviewer assignment"),
    ("Work.employer", "reviewer assignment"),
    ("Training.title", "reviewer assignment"),
    ("Rsc.provider", "reviewer assignment"),
    ("Transcript.original_name", "reviewer assignment"),
    ("Details.license_description", "reviewer assignment"),
    ("SectionNote.applicant_note", "reviewer assignment"),
}


def _fill_typed_fields() -> set[str]:
    """Every typed field of every row holds its tagged payload; the tags actually stored."""
    stored = set()
    for label, names in TYPED_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            field = model._meta.get_field(name)
            tag = f"{model.__name__}.{name}"
            if model.objects.update(**{name: tagged(tag, field.max_length)}):
                stored.add(tag)
    for user in User.objects.all():  # saved one by one: the registry listens for names
        user.full_name = tagged("User.full_name", 200)
        user.save(update_fields=["full_name"])
    for endorsement in Endorsement.objects.all():
        refresh_listing(endorsement)
    for rating in Rating.objects.exclude(answers={}):  # the rater's comments, kept in JSON
        rating.answers = {**rating.answers, "comments": tagged("Rating.comments", None)}
        rating.save(update_fields=["answers"])
        stored.add("Rating.comments")
    return stored | {"User.full_name"}


def _notify_everyone_with_typed_text() -> set[str]:
    tags = set()
    for user in User.objects.all():
        for template, keys in TYPED_IN_NOTIFICATIONS.items():
            context: dict[str, Any] = {
                "association": tagged("Association.name", 200),
                "url": "http://testserver/me/",
                "number": "CT-2026-0001",
                "category_code": "IFS",
                "granted": False,
                "kind": "inactive",
                "approved": False,
                "applicant": tagged("User.full_name", 200),
            }
            for key in keys:
                tag = f"notify.{template}.{key}"
                context[key] = tagged(tag, None)
                tags.add(tag)
            notify(user.pk, template, **context)
    return tags


def _reviewer_accepts() -> None:
    """The demo's reviewer accepts, and the application gains a note and a transcript: the
    review page then shows the whole portfolio."""
    for assignment in Assignment.objects.filter(reviewer__email=REVIEWER, status="proposed"):
        assignment_respond(
            assignment=assignment, actor=assignment.reviewer, accept=True, no_conflict=True
        )
        application = assignment.application
        SectionNote.objects.update_or_create(
            association=application.association, application=application, section="work",
            defaults={"applicant_note": "A note."},
        )  # fmt: skip
        degree = Education.objects.filter(application=application).first()
        assert degree is not None
        Transcript.objects.create(
            association=application.association, education=degree, original_name="t.pdf",
            content_type="application/pdf", size=9, uploaded_by=application.applicant,
            file=SimpleUploadedFile("t.pdf", b"%PDF-1.4\n"),
        )  # fmt: skip


@pytest.fixture
def hostile_world(db: None, settings: Any) -> set[str]:
    settings.DEBUG = False
    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
    _reviewer_accepts()
    return _fill_typed_fields() | _notify_everyone_with_typed_text()


def _tags_in(text: str, tags: set[str], shown: Any) -> set[str]:
    return {tag for tag in tags if shown(tagged(tag, None)) in text}


def _tags_in_any_length(text: str, tags: set[str], shown: Any) -> set[str]:
    """Tags of short fields too: a value cut at its field's length is still found whole."""
    return {tag for tag in tags if shown(tagged(tag, _LENGTHS.get(tag))) in text}


_LENGTHS = {
    f"{label.split('.')[1]}.{name}": apps.get_model(label)._meta.get_field(name).max_length
    for label, names in TYPED_FIELDS.items()
    for name in names
}


def _read(output: Output, response: Any) -> str:
    if output.kind == "pdf":
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if output.kind == "csv":
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        return "\n".join("\x1f".join(row) for row in rows)
    if output.kind == "json":
        strings: list[str] = []
        _strings(json.loads(response.content), strings)
        return "\x1f".join(strings)
    return response.content.decode()


def _strings(value: Any, into: list[str]) -> None:
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


def _check_output(output: Output, tags: set[str]) -> tuple[set[str], list[str]]:
    client = Client()
    if output.user is not None:
        sign_in(client, User.objects.get(email=output.user))  # staff with their second factor
    response = client.get(output.url)
    if response.status_code != 200:
        return set(), [f"{output.name}: {output.url} answered {response.status_code}"]
    text = _read(output, response)
    problems = []
    if output.kind == "html":
        problems += [f"{output.name}: raw {raw!r} in the page" for raw in RAW_MARKUP if raw in text]
        return _tags_in_any_length(text, tags, shown_in_html), problems
    if output.kind == "pdf":
        # Fonts draw what they have glyphs for; the text up to the markup must be there.
        return _tags_in(text, tags, lambda value: value[: value.index("<img") + 4]), problems
    return _tags_in_any_length(text, tags, lambda value: value), problems


def _check_emails(tags: set[str]) -> tuple[set[tuple[str, str]], list[str]]:
    covered, problems = set(), []
    for row in Notification.objects.select_related("user"):
        context = {**row.context, "name": row.user.get_full_name()}
        subject, body = render_email(row.template, context, row.user.preferred_language)
        name = f"email {row.template}"
        for entity in ("&lt;", "&gt;", "&quot;", "&#x27;", "&amp;"):
            if entity in subject + body:
                problems.append(f"{name}: HTML entity {entity} in a plain-text email")
        covered |= {(tag, name) for tag in _tags_in(subject + body, tags, lambda value: value)}
    return covered, problems


def test_every_typed_text_is_shown_as_text_everywhere(
    hostile_world: set[str], report_figure: Any
) -> None:
    tags = hostile_world
    covered: set[tuple[str, str]] = set()
    problems: list[str] = []
    checked = outputs()
    for output in checked:
        found, trouble = _check_output(output, tags)
        covered |= {(tag, output.name) for tag in found}
        problems += trouble
    email_pairs, email_problems = _check_emails(tags)
    covered |= email_pairs
    problems += email_problems

    fields = {tag for tag, _output in covered}
    names = {name for _tag, name in covered}
    report_figure(
        f"hostile-text matrix: {len(tags)} typed fields and notification texts, "
        f"{len(checked)} pages/files and {len(names - {o.name for o in checked})} email kinds "
        f"checked; {len(covered)} field × output pairs shown and checked "
        f"({len(fields)} fields in {len(names)} outputs)"
    )
    if os.environ.get(
        "HOSTILE_DUMP"
    ):  # HOSTILE_DUMP=1 pytest -s: every pair, and what no page showed
        print(*(f"shown {pair}" for pair in sorted(covered)), sep="\n")
        print(*(f"not shown anywhere: {tag}" for tag in sorted(tags - fields)), sep="\n")
    assert problems == [], "\n".join(problems)
    assert MUST_COVER - covered == set()


def test_the_payload_is_what_the_matrix_says() -> None:
    """Guard against a payload edited into something harmless."""
    assert "<img src=x onerror=alert(1)>" in MARKUP
    assert [raw for raw in RAW_MARKUP if raw not in MARKUP] == []
    assert shown_in_html('"><img src=x onerror=alert(1)>') == (
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    )
