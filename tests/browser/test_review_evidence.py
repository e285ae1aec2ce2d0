"""Two reviewers judge real evidence and the coordinator decides with both reviews in front of
them: once in English on a desktop, once in Spanish on a 375 px phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from endorse.accounts.models import User
from endorse.applications.models import Application, Details, Education, Reference, Rsc, Work
from endorse.applications.selectors import agreements_in_force
from endorse.applications.services import (
    agreement_sign,
    application_submit,
    portfolio_import,
    transcript_add,
)
from endorse.associations.selectors import association_today
from endorse.payments.models import Charge
from endorse.ratings.services import reference_record_rating
from tests.browser.conftest import sign_in
from tests.browser.review_steps import REVIEWERS, add_reviewers, complete_and_assign, sign_in_with_code
from tests.browser.test_journey import PDF, Words, accepted_applicant
from tests.eligibility.test_ready import applicant as ready_portfolio

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "María-José Fernández de la Peña Castellanos"


def submitted_with_evidence(association: Any) -> Application:
    """An IMHS application ready in every way, with a transcript, a named job and one
    RS/C session that can't count (peer), submitted today."""
    applicant = accepted_applicant(association, "maria.jose@example.org", "maria-pass-123")
    User.objects.filter(pk=applicant.pk).update(full_name=NAME)
    application = Application.objects.get(applicant=applicant)
    portfolio_import(application=application, portfolio=ready_portfolio(), replace=True)
    Education.objects.filter(application=application).update(
        field="Trabajo social clínico", institution="Universidad de Puerto Rico"
    )
    Work.objects.filter(application=application).update(
        title="Psicoterapeuta infantil", employer="Centro Niños del Valle"
    )
    Rsc.objects.create(
        association=association, application=application, complete=True,
        date=date(2024, 2, 1), hours=Decimal("1.50"), format="peer", provider="Lucía Peña",
    )  # fmt: skip
    degree = Education.objects.get(application=application)
    transcript_add(
        education=degree, actor=applicant, official=False, max_bytes=10_000_000,
        upload=SimpleUploadedFile("expediente-académico.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    today = association_today(association=association)
    for role, endorsed in (("rsc_provider", True), ("supervisor", False), ("colleague", False)):
        reference = Reference.objects.create(
            association=association, application=application, complete=True,
            name=f"Rater {role}", email=f"{role}@example.org", role=role,
        )  # fmt: skip
        reference_record_rating(reference=reference, received_on=today, rater_endorsed=endorsed,
                                vetted=False)  # fmt: skip
    for agreement in agreements_in_force(association=association, on=today).values():
        agreement_sign(application=application, agreement=agreement, signed_name=NAME)
    Details.objects.filter(application=application).update(
        mental_health_license=True, membership_expires_on=today + timedelta(days=300)
    )
    Charge.objects.filter(pk=application.processing_fee_id).update(status="paid")
    application.refresh_from_db()
    return application_submit(application=application, actor=applicant, today=today,
                              ratings_waived=True)  # fmt: skip
