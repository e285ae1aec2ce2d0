"""Every view × every kind of visitor: the right answer, and nothing changed when refused.

The owner is the applicant whose application the objects belong to; ``other`` has
an application of their own at the same association; ``coordinator`` runs this
association and ``nm_coordinator`` runs another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from endorse.applications import models as m
from endorse.associations.models import Association
from endorse.endorsements.lifecycle import status_request
from endorse.endorsements.models import Endorsement, EndorsementEvent, RscOffer, StatusRequest
from endorse.endorsements.services import endorsement_grant
from endorse.exams.models import Sitting
from endorse.payments.models import (
    CardSettings,
    Charge,
    CheckoutSession,
    EmployerPayment,
    Fee,
    Payment,
)
from endorse.ratings.models import Rating, RatingRequest
from endorse.ratings.services import reference_record_rating, request_send
from endorse.renewals.models import Renewal, RenewalEvidence, RenewalTraining
from endorse.renewals.services import renewal_open
from endorse.reviews.models import Assignment, Decision, ReviewerProfile, SubmissionDeadline
from tests.applications.conftest import TODAY, World

ROLES = ("anonymous", "owner", "other", "coordinator", "nm_coordinator")
SNAPSHOT_MODELS = (m.Registration, m.Application, m.Details, m.Education, m.Work, m.Training,
                   m.Rsc, m.Reference, m.Transcript, m.Signature, m.SectionNote, m.Event,
                   m.SubmittedEntries, m.RowsAdded,
                   Charge, Payment, RatingRequest, Rating, Assignment, Decision,
                   SubmissionDeadline, ReviewerProfile, Endorsement, RscOffer, Sitting, Renewal, RenewalTraining,
                   RenewalEvidence, StatusRequest, EndorsementEvent, CheckoutSession,
                   EmployerPayment, CardSettings, Fee, Association)  # fmt: skip
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the objects below
    expect: dict[str, int]
    data: dict[str, Any] | None = None


OWNER_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "other": 404,
    "coordinator": 404,
    "nm_coordinator": 404,
}
OWNER_REDIRECT = {**OWNER_ONLY, "owner": 302}
SIGNED_IN = {
    "anonymous": 302,
    "owner": 200,
    "other": 200,
    "coordinator": 302,
    "nm_coordinator": 302,
}
STAFF_ONLY = {
    "anonymous": 302,
    "owner": 403,
    "other": 403,
    "coordinator": 200,
    "nm_coordinator": 403,
}
STAFF_REDIRECT = {**STAFF_ONLY, "coordinator": 302}
PUBLIC = dict.fromkeys(ROLES, 200)

CASES = [
    Case("association page", "get", "/ct/", PUBLIC),
    Case("advisor", "get", "/ct/advisor/?years=2&fte=1&service=treatment&families_served=0&age_band=infant&training_hours=5&dei_hours=0&pip_hours=0&rsc_hours=0&rsc_months=12&license=none", PUBLIC),
    Case("registration", "get", "/ct/register/", {"anonymous": 200, "owner": 302, "other": 302, "coordinator": 200, "nm_coordinator": 200}),
    Case("overview", "get", "/ct/application/", SIGNED_IN),
    Case("section", "get", "/ct/application/work/", {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}),
    Case("checklist", "get", "/ct/application/checklist/", {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}),
    Case("export", "get", "/ct/application/export/", {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}),
    Case("save entry", "post", "/ct/application/work/{work}/", OWNER_REDIRECT,
         {"work-{work}-title": "Changed", "work-{work}-start": "2020-01-01", "work-{work}-fte": "1",
          "work-{work}-service": "treatment", "work-{work}-age_band": "infant"}),
    Case("delete entry", "post", "/ct/application/work/{work}/delete/", OWNER_REDIRECT),
    # "Add many rows" works on the visitor's own application (``other`` has one too).
    Case("add many rows", "get", "/ct/application/rsc/add-many/",
         {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}),
    Case("preview many rows", "post", "/ct/application/rsc/add-many/",
         {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}, {"text": "2025-03-01\t1\tindividual"}),
    Case("add the previewed rows", "post", "/ct/application/rsc/add-many/",
         {**SIGNED_IN, "owner": 302, "other": 302, "coordinator": 404, "nm_coordinator": 404},
         {"content": "MjAyNS0wMy0wMQkxCWluZGl2aWR1YWwK", "nonce": "matrix", "lang": "en"}),
    Case("rows template", "get", "/ct/application/rsc/add-many/template.csv",
         {**SIGNED_IN, "coordinator": 404, "nm_coordinator": 404}),
    Case("save details", "post", "/ct/application/details/{details}/", OWNER_REDIRECT,
         {"details-{details}-county": "Changed"}),
    Case("upload transcript", "post", "/ct/application/education/{education}/transcripts/", OWNER_REDIRECT,
         {"transcript": "PDF"}),
    Case("download transcript", "get", "/ct/application/transcripts/{transcript}/", OWNER_ONLY),
    Case("delete transcript", "post", "/ct/application/transcripts/{transcript}/delete/", OWNER_REDIRECT),
    Case("send rating request", "post", "/ct/application/references/{reference}/request/",
         OWNER_REDIRECT, {"language": "en"}),
    Case("withdraw rating request", "post", "/ct/application/references/{sent_reference}/withdraw/",
         OWNER_REDIRECT),
    Case("send a new rating link", "post", "/ct/application/references/{sent_reference}/request/",
         OWNER_REDIRECT, {"language": "en", "replaces": "{sent_request}"}),
    # The association's administrator only (none of these visitors is one).
    Case("association settings", "get", "/ct/manage/settings/", {**STAFF_ONLY, "coordinator": 403}),
    Case("save association settings", "post", "/ct/manage/settings/",
         {**STAFF_ONLY, "coordinator": 403}, {"rating_link_days": "10"}),
    Case("cross-association settings", "post", "/nm/manage/settings/",
         {**STAFF_ONLY, "coordinator": 403}, {"rating_link_days": "10"}),
    Case("notifications", "get", "/me/notifications/", {**PUBLIC, "anonymous": 302}),
    Case("registry", "get", "/ct/registry/?name=ana", PUBLIC),
    Case("site registry", "get", "/registry/?name=ana", PUBLIC),
    Case("registry API", "get", "/api/v1/registry/?name=ana", PUBLIC),
    Case("verification page", "get", "/verify/{verify_code}/", PUBLIC),
    Case("my registry listing", "get", "/me/registry/", {**PUBLIC, "anonymous": 302}),
    # Only the owner holds an endorsement; everyone else is told they hold none.
    Case("save registry listing", "post", "/me/registry/", {**PUBLIC, "anonymous": 302, "owner": 302},
         {"locality": "Changed", "locality_shown": "on"}),
    Case("certificate", "get", "/me/endorsements/{endorsement}/certificate-en.pdf", OWNER_ONLY),
    Case("credential", "get", "/me/endorsements/{endorsement}/credential.json", OWNER_ONLY),
    Case("check a credential", "get", "/verify/", PUBLIC),
    # Nobody here is approved to sit the exam: the exam pages exist for no one (tests/exams).
    Case("exam page", "get", "/ct/exam/", {**dict.fromkeys(ROLES, 404), "anonymous": 302}),
    Case("exam answer", "post", "/ct/exam/part/1/answers/1/", {**dict.fromkeys(ROLES, 404), "anonymous": 302},
         {"choice": "0"}),
    Case("exams to score", "get", "/ct/scoring/", {**STAFF_ONLY, "coordinator": 403}),
    Case("exam management", "get", "/ct/manage/exam/", STAFF_ONLY),
    Case("item bank", "get", "/ct/manage/exam/items/", STAFF_ONLY),
    Case("open a sitting", "post", "/ct/manage/exam/sittings/", STAFF_REDIRECT,
         {"sitting-opens_at": "2025-05-06T09:00", "sitting-closes_at": "2025-05-06T17:00", "sitting-capacity": "3"}),
    Case("RS/C providers", "get", "/ct/rsc-providers/?language=english", PUBLIC),
    # The owner's IMHS endorsement qualifies them; nobody else may offer RS/C.
    Case("my RS/C offer", "get", "/ct/rsc-offer/", SIGNED_IN | {"coordinator": 200, "nm_coordinator": 200}),
    Case("offer RS/C", "post", "/ct/rsc-offer/", SIGNED_IN | {"owner": 302, "coordinator": 200, "nm_coordinator": 200},
         {"individual": "on", "remote": "on", "languages": "English", "contact": "x@example.org"}),
    Case("issuer profile", "get", "/ct/credentials/issuer/", PUBLIC),
    Case("revocation list", "get", "/ct/credentials/status/", PUBLIC),
    Case("suspension list", "get", "/ct/credentials/status/suspension/", PUBLIC),
    Case("dashboard", "get", "/ct/manage/", STAFF_ONLY),
    Case("registration detail", "get", "/ct/manage/registrations/{registration}/", STAFF_ONLY),
    Case("accept registration", "post", "/ct/manage/registrations/{pending}/decide/", STAFF_REDIRECT,
         {"decision": "accept"}),
    Case("correct registration", "post", "/ct/manage/registrations/{pending}/correct/", STAFF_REDIRECT,
         {"correct-category": "{imhs}", "correct-work_summary": "Changed", "correct-education_summary": "e",
          "correct-rsc_summary": "r", "correct-membership_number": "2",
          "correct-membership_expires_on": "2025-12-31"}),
    Case("cross-association correction", "post", "/nm/manage/registrations/{pending}/correct/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404},
         {"correct-membership_number": "Changed"}),
    Case("record payment", "post", "/ct/manage/charges/{charge}/", STAFF_REDIRECT,
         {"action": "pay", "charge-{charge}-method": "check", "charge-{charge}-received_on": "2025-03-01"}),
    Case("application detail", "get", "/ct/manage/applications/{application}/", STAFF_ONLY),
    Case("comment", "post", "/ct/manage/applications/{application}/comment/work/", STAFF_REDIRECT,
         {"comment-work-comment": "Changed"}),
    Case("record rating", "post", "/ct/manage/applications/{application}/references/{reference}/",
         STAFF_REDIRECT, {"rating-{reference}-received_on": "2025-03-01"}),
    Case("vet rater", "post", "/ct/manage/applications/{application}/references/{rated}/vetting/",
         STAFF_REDIRECT, {"vet-{rated}-vetted": "on", "vet-{rated}-vetted_note": "Phoned."}),
    Case("official transcript", "post", "/ct/manage/applications/{application}/education/{education}/transcript/",
         STAFF_REDIRECT, {"transcript": "PDF"}),
    Case("coordinator download", "get", "/ct/manage/transcripts/{transcript}/", STAFF_ONLY),
    Case("mark official", "post", "/ct/manage/transcripts/{transcript}/official/", STAFF_REDIRECT,
         {"official": "1"}),
    # The review's actions; the application is still in preparation, so the coordinator's
    # own attempts are refused with a message (302) or next to the field (422).
    Case("complete", "post", "/ct/manage/applications/{application}/complete/", STAFF_REDIRECT),
    Case("return", "post", "/ct/manage/applications/{application}/return/",
         {**STAFF_ONLY, "coordinator": 422}, {"reason": "Missing."}),
    Case("assign", "post", "/ct/manage/applications/{application}/assign/1/",
         {**STAFF_ONLY, "coordinator": 422}, {"assign-1-reviewer": "1"}),
    Case("decide", "post", "/ct/manage/applications/{application}/decide/",
         {**STAFF_ONLY, "coordinator": 422}, {"outcome": "approved", "message": "x"}),
    Case("reviewer list", "get", "/ct/review/", {**STAFF_ONLY, "coordinator": 403}),
    Case("reviewer profile", "get", "/ct/review/profile/", {**STAFF_ONLY, "coordinator": 403}),
    Case("save reviewer profile", "post", "/ct/review/profile/", {**STAFF_ONLY, "coordinator": 403},
         {"languages": "en", "capacity": "1"}),
    # Reviewers only, and only theirs: tests/reviews/test_transcript_access.py for reviewers.
    Case("reviewer's transcript", "get", "/ct/review/1/transcripts/{transcript}/",
         {**STAFF_ONLY, "coordinator": 403}),
    Case("review autosave", "post", "/ct/review/1/save/", {**STAFF_ONLY, "coordinator": 403},
         {"areas-thinking-verdict": "met"}),
    Case("review record", "get", "/ct/manage/applications/{application}/review-record.pdf", STAFF_ONLY),
    Case("cross-association review record", "get", "/nm/manage/applications/{application}/review-record.pdf",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404}),
    # A reviewer's own record (tests/reviews/test_service.py); none of these visitors reviews.
    Case("service record", "get", "/ct/review/service/", {**STAFF_ONLY, "coordinator": 403}),
    # Anyone's own certificate, by the reviews they sent: nobody here sent one.
    Case("service certificate", "get", "/ct/service-certificate/2025.pdf",
         {**dict.fromkeys(ROLES, 404), "anonymous": 302}),
    Case("review cycles", "get", "/ct/manage/cycles/", STAFF_ONLY),
    Case("add deadline", "post", "/ct/manage/cycles/", STAFF_REDIRECT, {"month": "9", "day": "15"}),
    Case("remove deadline", "post", "/ct/manage/cycles/{deadline}/remove/", STAFF_REDIRECT),
    # Another association's coordinator, under their own association's address.
    Case("cross-association application", "get", "/nm/manage/applications/{application}/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404}),
    Case("cross-association deadline", "post", "/nm/manage/cycles/{deadline}/remove/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404}),
    Case("revoke endorsement", "post", "/ct/manage/endorsements/{endorsement}/revoke/",
         STAFF_REDIRECT, {"revoke-reason": "Sanction."}),
    Case("cross-association revocation", "post", "/nm/manage/endorsements/{endorsement}/revoke/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404},
         {"revoke-reason": "Sanction."}),
    # Renewals: the owner's endorsement is due at the end of 2026; anyone signed in sees the
    # page (it says when nothing is due), only the owner has a renewal to change.
    Case("renewal page", "get", "/ct/renewal/", {**PUBLIC, "anonymous": 302}),
    # The owner's date lies before the period (422, said next to it); the others have
    # nothing to renew (302, said above the page).
    Case("add renewal training", "post", "/ct/renewal/training/", {**PUBLIC, "anonymous": 302, "owner": 422,
         "other": 302, "coordinator": 302, "nm_coordinator": 302},
         {"training-title": "T", "training-date": "2025-03-01", "training-hours": "2"}),
    Case("remove renewal training", "post", "/ct/renewal/training/{renewal_training}/remove/", OWNER_REDIRECT),
    Case("renewal evidence", "get", "/ct/renewal/evidence/{renewal_evidence}/", OWNER_ONLY),
    Case("renewals", "get", "/ct/manage/renewals/", STAFF_ONLY),
    Case("renewal detail", "get", "/ct/manage/renewals/{renewal}/", STAFF_ONLY),
    Case("approve renewal", "post", "/ct/manage/renewals/{renewal}/decide/", STAFF_REDIRECT,
         {"decision": "approve"}),
    Case("coordinator renewal evidence", "get", "/ct/manage/renewals/{renewal}/evidence/{renewal_evidence}/",
         STAFF_ONLY),
    Case("cross-association renewal", "get", "/nm/manage/renewals/{renewal}/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404}),
    # An endorsement's own page, the requests made there and the coordinator's answers.
    Case("endorsement page", "get", "/me/endorsements/{endorsement}/", OWNER_ONLY),
    Case("ask to move", "post", "/me/endorsements/{endorsement}/ask/transfer/", OWNER_REDIRECT,
         {"transfer-to": "{nm}", "transfer-reason": "Moving"}),
    Case("withdraw a request", "post", "/me/endorsements/{endorsement}/requests/{status_request}/withdraw/",
         OWNER_REDIRECT),
    Case("reinstate", "post", "/me/endorsements/{endorsement}/start/reinstate/", OWNER_REDIRECT),
    Case("answer a request", "post", "/ct/manage/requests/{status_request}/", STAFF_REDIRECT,
         {"decision": "refuse", "request-{status_request}-note": "Not now."}),
    Case("cross-association request", "post", "/nm/manage/requests/{status_request}/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404},
         {"decision": "grant"}),
    Case("ledger", "get", "/ct/manage/ledger/", STAFF_ONLY),
    Case("receipt", "get", "/me/payments/{payment}/receipt-en.pdf", OWNER_ONLY),
    Case("ledger CSV", "get", "/ct/manage/ledger.csv?year=2025", STAFF_ONLY),
    Case("cross-association payment", "post", "/nm/manage/charges/{charge}/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 404},
         {"action": "waive", "charge-{charge}-reason": "x"}),
    Case("fees and payments", "get", "/me/payments/", {**PUBLIC, "anonymous": 302}),
    # Nobody gets a checkout: ct takes no cards here, and the fee is only the owner's.
    Case("pay by card", "post", "/ct/pay/", {**dict.fromkeys(ROLES, 302)}, {"charge": "{charge}"}),
    Case("back from card payment", "get", "/ct/pay/done/?session_id={checkout}", {**OWNER_ONLY}),
    Case("card payment settings", "get", "/ct/manage/payments/card/",
         {**STAFF_ONLY, "coordinator": 403}),
    Case("save card keys", "post", "/ct/manage/payments/card/", {**STAFF_ONLY, "coordinator": 403},
         {"secret_key": "sk_test_changed", "webhook_secret": "whsec_changed"}),
    Case("employer payments", "get", "/ct/manage/payments/employer/", STAFF_ONLY),
    Case("record an employer payment", "post", "/ct/manage/payments/employer/", STAFF_REDIRECT,
         {"employer": "Agency", "method": "check", "amount": "{charge_amount}",
          "received_on": "2025-03-03", "charges": "{charge}"}),
    Case("employer receipt", "get", "/ct/manage/payments/employer/{employer_payment}/receipt-en.pdf",
         STAFF_ONLY),
    Case("cross-association employer payment", "post", "/nm/manage/payments/employer/",
         {"anonymous": 302, "owner": 403, "other": 403, "coordinator": 403, "nm_coordinator": 422},
         {"employer": "Agency", "method": "check", "amount": "{charge_amount}",
          "received_on": "2025-03-03", "charges": "{charge}"}),
    Case("fee schedule", "get", "/ct/manage/fees/", STAFF_ONLY),
    Case("add a fee line", "post", "/ct/manage/fees/", STAFF_REDIRECT,
         {"action": "add", "kind": "exam", "category": "{imhs}", "amount": "10.00",
          "effective_from": "2026-01-01"}),
    Case("Stripe webhook, unsigned", "post", "/ct/payments/stripe/webhook/", dict.fromkeys(ROLES, 400),
         {"id": "evt_1"}),
]  # fmt: skip


def objects(world: World) -> dict[str, Any]:
    application = world.application
    common = {"association": world.ct, "application": application, "complete": True}
    education = m.Education.objects.create(**common, level="master", completed_on=TODAY)
    transcript = m.Transcript.objects.create(
        association=world.ct, education=education, original_name="t.pdf", content_type="application/pdf",
        size=len(PDF), uploaded_by=world.applicant, file=SimpleUploadedFile("t.pdf", PDF),
    )  # fmt: skip
    pending = m.Registration.objects.create(
        association=world.ct, applicant=world.nm_coordinator, category=application.category,
        work_summary="w", education_summary="e", rsc_summary="r", membership_number="1",
        membership_expires_on=TODAY, submitted_at=application.opened_at,
    )  # fmt: skip
    endorsement = endorsement_grant(application=application, issued_on=TODAY)
    renewal = renewal_open(association=world.ct, person=world.applicant)
    asked = status_request(endorsement=endorsement, kind="inactive", on=TODAY, reason="Leave",
                           until=TODAY + timedelta(days=90))  # fmt: skip
    fee = application.processing_fee
    assert fee is not None
    checkout = CheckoutSession.objects.create(
        association=world.ct, person=world.applicant, stripe_id="cs_test_matrix",
        url="https://checkout.stripe.com/c/pay/cs_test_matrix", amount_cents=fee.amount_cents,
        currency="USD", expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    employer_payment = EmployerPayment.objects.create(
        association=world.ct, employer="Agency", method="check", amount_cents=0,
        received_on=TODAY, recorded_by=world.coordinator,
    )  # fmt: skip
    sent = request_send(
        reference=m.Reference.objects.create(
            **common, name="S", email="s@example.org", role="supervisor"
        ),
        language="en",
    )
    return {
        "checkout": checkout.stripe_id,
        "imhs": application.category_id,
        "charge_amount": f"{fee.amount_cents / 100:.2f}",
        "employer_payment": employer_payment.pk,
        "nm": world.nm.pk,
        "payment": Payment.objects.filter(charge__person=world.applicant).values_list(
            "pk", flat=True
        )[0],
        "status_request": asked.pk,
        "renewal": renewal.pk,
        "renewal_training": RenewalTraining.objects.create(
            association=world.ct, renewal=renewal, title="T", date=TODAY, hours=2
        ).pk,
        "renewal_evidence": RenewalEvidence.objects.create(
            association=world.ct,
            renewal=renewal,
            original_name="e.pdf",
            size=len(PDF),
            content_type="application/pdf",
            file=SimpleUploadedFile("e.pdf", PDF),
        ).pk,
        "endorsement": endorsement.pk,
        "verify_code": endorsement.verify_code,
        "application": application.pk,
        "registration": application.registration_id,
        "pending": pending.pk,
        "deadline": SubmissionDeadline.objects.create(association=world.ct, month=3, day=15).pk,
        "charge": application.processing_fee_id,
        "details": m.Details.objects.get(application=application).pk,
        "work": m.Work.objects.create(
            **common, start=TODAY, fte=1, service="treatment", age_band="infant"
        ).pk,
        "education": education.pk,
        "transcript": transcript.pk,
        "reference": m.Reference.objects.create(
            **common, name="R", email="r@example.org", role="colleague"
        ).pk,
        "rated": reference_record_rating(
            reference=m.Reference.objects.create(
                **common, name="T", email="t@example.org", role="colleague"
            ),
            received_on=TODAY,
            rater_endorsed=False,
            vetted=False,
        ).pk,
        "sent_reference": sent.reference_id,
        "sent_request": sent.pk,
    }


def snapshot() -> list[list[dict[str, Any]]]:
    return [list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS]


def visitor(world: World, role: str) -> Any:
    users = {"anonymous": None, "owner": world.applicant, "other": world.other,
             "coordinator": world.coordinator, "nm_coordinator": world.nm_coordinator}  # fmt: skip
    return world.client(users[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_access(world: World, case: Case, role: str) -> None:
    ids = objects(world)
    url = case.url.format(**ids)
    data = {
        key.format(**ids): value.format(**ids) if isinstance(value, str) else value
        for key, value in (case.data or {}).items()
    }
    if data.get("transcript") == "PDF":
        data["transcript"] = SimpleUploadedFile("n.pdf", PDF, "application/pdf")
    before = snapshot()
    client = visitor(world, role)
    response = getattr(client, case.method)(url, data) if case.method == "post" else client.get(url)
    assert response.status_code == case.expect[role], (case.name, role)
    refused = response.status_code in (403, 404) or (
        response.status_code == 302 and response.url.startswith("/accounts/login/")
    )
    if refused:
        assert snapshot() == before
    if role == "anonymous" and case.expect[role] == 302:
        assert response.url == f"/accounts/login/?next={quote(url)}"
