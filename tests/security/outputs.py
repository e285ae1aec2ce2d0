"""Every page and file each kind of person opens in the demo world, for the hostile-text matrix."""

from __future__ import annotations

from dataclasses import dataclass

from endorse.applications.models import Application, Registration
from endorse.applications.sections import SECTIONS
from endorse.endorsements.models import Endorsement
from endorse.payments.models import Payment
from endorse.renewals.models import Renewal
from endorse.reviews.models import Assignment

APPLICANT = "applicant@endorse.test"
READY = "ready@endorse.test"
ENDORSED = "endorsed@endorse.test"
NEWCOMER = "newcomer@endorse.test"
EXAM = "exam@endorse.test"
COORDINATOR = "coordinator@ct.endorse.test"
REVIEWER = "reviewer1@ct.endorse.test"


@dataclass(frozen=True)
class Output:
    name: str
    url: str
    user: str | None = None  # signed in as; None is an anonymous visitor
    kind: str = "html"  # html, json, csv or pdf


def outputs() -> list[Output]:
    return [
        *_public(),
        *_applicant(),
        *_endorsee(),
        *_coordinator(),
        *_reviewer(),
        Output("exam page", "/ct/exam/", EXAM),
        Output("registration form", "/ct/register/", NEWCOMER),
        Output("notifications (applicant)", "/me/notifications/", APPLICANT),
        Output("notifications (endorsee)", "/me/notifications/", ENDORSED),
        Output("notifications (coordinator)", "/me/notifications/", COORDINATOR),
    ]


def _public() -> list[Output]:
    verify = [
        Output("verify page", f"/verify/{e.verify_code}/")
        for e in Endorsement.objects.filter(association__slug="ct")
    ]
    return [
        Output("home", "/"),
        Output("association page", "/ct/"),
        Output("registry (ct)", "/ct/registry/"),
        Output("registry (all)", "/registry/"),
        Output("RS/C providers", "/ct/rsc-providers/"),
        Output("registry API", "/api/v1/registry/", kind="json"),
        *verify,
    ]


def _applicant() -> list[Output]:
    sections = [
        Output(f"application section {s.slug}", f"/ct/application/{s.slug}/", APPLICANT)
        for s in SECTIONS
        if not s.mentor_only
    ]
    receipts = [
        Output("receipt PDF", f"/me/payments/{p.pk}/receipt-en.pdf", p.charge.person.email, "pdf")
        for p in Payment.objects.select_related("charge__person").filter(charge__isnull=False)[:3]
    ]
    return [
        Output("my page (applicant)", "/me/", APPLICANT),
        Output("my payments", "/me/payments/", APPLICANT),
        Output("application overview", "/ct/application/", APPLICANT),
        Output("application checklist", "/ct/application/checklist/", APPLICANT),
        Output("portfolio export JSON", "/ct/application/export/", APPLICANT, "json"),
        Output("application overview (in review)", "/ct/application/", READY),
        *sections,
        *receipts,
    ]


def _endorsee() -> list[Output]:
    endorsements = Endorsement.objects.filter(person__email=ENDORSED)
    return [
        Output("my page (endorsee)", "/me/", ENDORSED),
        Output("my registry listing", "/me/registry/", ENDORSED),
        *[Output("my endorsement", f"/me/endorsements/{e.pk}/", ENDORSED) for e in endorsements],
        *[
            Output(
                f"certificate PDF ({lang})",
                f"/me/endorsements/{e.pk}/certificate-{lang}.pdf",
                ENDORSED,
                "pdf",
            )
            for e in endorsements[:1]
            for lang in ("en", "es")
        ],
        Output("renewal", "/ct/renewal/", ENDORSED),
    ]


def _coordinator() -> list[Output]:
    c = COORDINATOR
    return [
        Output("coordinator dashboard", "/ct/manage/", c),
        *[
            Output("coordinator registration", f"/ct/manage/registrations/{r.pk}/", c)
            for r in Registration.objects.filter(association__slug="ct")
        ],
        *[
            Output("coordinator application", f"/ct/manage/applications/{a.pk}/", c)
            for a in Application.objects.filter(association__slug="ct")
        ],
        Output("coordinator renewals", "/ct/manage/renewals/", c),
        *[
            Output("coordinator renewal", f"/ct/manage/renewals/{r.pk}/", c)
            for r in Renewal.objects.filter(association__slug="ct")
        ],
        Output("ledger", "/ct/manage/ledger/", c),
        Output("ledger CSV", "/ct/manage/ledger.csv", c, "csv"),
        Output("employer payments", "/ct/manage/payments/employer/", c),
        Output("fee schedule", "/ct/manage/fees/", c),
        Output("exam management", "/ct/manage/exam/", c),
        Output("item bank", "/ct/manage/exam/items/", c),
        Output("staff", "/ct/manage/staff/", c),
        Output("review cycles", "/ct/manage/cycles/", c),
    ]


def _reviewer() -> list[Output]:
    return [
        Output("reviewer assignments", "/ct/review/", REVIEWER),
        *[
            Output("reviewer assignment", f"/ct/review/{a.pk}/", REVIEWER)
            for a in Assignment.objects.filter(reviewer__email=REVIEWER)
        ],
        Output("scoring list", "/ct/scoring/", REVIEWER),
    ]
