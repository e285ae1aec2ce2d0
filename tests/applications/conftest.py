"""Two associations, their coordinators and two applicants with open applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client

from endorse.accounts.models import User
from endorse.applications.demo.load import load_agreements, load_fees
from endorse.applications.models import Application, Details, Reference
from endorse.applications.selectors import agreements_in_force
from endorse.applications.services import (
    agreement_sign,
    portfolio_import,
    registration_accept,
    registration_submit,
)
from endorse.associations.models import Association, StaffRole
from endorse.associations.services import association_upsert
from endorse.eligibility.categories import CATEGORIES
from endorse.payments.services import payment_record
from endorse.ratings.services import reference_record_rating
from endorse.standards.models import Category
from endorse.standards.services import baseline_sync
from tests.accounts.sessions import sign_in
from tests.eligibility.test_ready import applicant as ready_portfolio

# A day when IMHS is open and needs no exam (see tests/eligibility/test_ready.py).
TODAY = date(2025, 3, 3)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel("2025-03-03 15:00:00+00:00", tick=False) as traveller:
        yield traveller


def person(email: str, name: str, lang: str = "en") -> User:
    user = User.objects.create_user(
        email, "a-long-Passw0rd", full_name=name, preferred_language=lang
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def registration_fields(code: str = "IMHS", expires: date | None = None) -> dict[str, Any]:
    return {
        "category": Category.objects.get(code=code),
        "work_summary": "Home visiting since 2016.",
        "education_summary": "MSW 2015.",
        "rsc_summary": "Monthly RS/C.",
        "membership_number": "M-1",
        "membership_expires_on": expires or TODAY + timedelta(days=200),
    }


def open_application(association: Association, user: User, coordinator: User) -> Application:
    registration = registration_submit(
        association=association, applicant=user, fields=registration_fields(), today=TODAY
    )
    assert registration.fee is not None
    payment_record(charge=registration.fee, method="check", reference="100",
                   received_on=TODAY, actor=coordinator)  # fmt: skip
    return registration_accept(registration=registration, actor=coordinator, today=TODAY)


@dataclass
class World:
    ct: Association
    nm: Association
    applicant: User
    other: User
    coordinator: User
    nm_coordinator: User
    application: Application
    other_application: Application

    def client(self, user: User | None) -> Client:
        """Signed in with both factors, as staff must be (tests/accounts for the password only)."""
        client = Client()
        if user is not None:
            sign_in(client, user)
        return client

    def make_ready(self, application: Application | None = None) -> Application:
        """Everything an IMHS application needs, except the wait and the processing fee."""
        application = application or self.application
        portfolio_import(application=application, portfolio=ready_portfolio(), replace=True)
        for role, endorsed in (("rsc_provider", True), ("supervisor", False), ("colleague", False)):
            reference = Reference.objects.create(
                association=application.association, application=application, complete=True,
                name=f"Rater {role}", email=f"{role}@example.org", role=role,
            )  # fmt: skip
            reference_record_rating(reference=reference, received_on=TODAY,
                                    rater_endorsed=endorsed, vetted=False)  # fmt: skip
        for agreement in agreements_in_force(
            association=application.association, on=TODAY
        ).values():
            agreement_sign(application=application, agreement=agreement, signed_name="Ana Díaz")
        details = Details.objects.get(application=application)
        details.mental_health_license = True
        details.save()
        return application


@pytest.fixture
def world(db: None, frozen: Any, settings: Any) -> World:
    settings.SITE_URL = "https://endorse.example.org"
    baseline_sync()
    ct = association_upsert(slug="ct", offered=[c.code for c in CATEGORIES], name="CT Assoc",
                            time_zone="America/New_York", contact_email="ct@example.org")  # fmt: skip
    nm = association_upsert(slug="nm", offered=[c.code for c in CATEGORIES], name="NM Assoc",
                            time_zone="America/Denver")  # fmt: skip
    for association, cents in ((ct, 2000), (nm, 1500)):
        load_fees(association, cents)
        load_agreements(association)
    coordinator = person("coord@ct.example.org", "Casey Coordinator")
    nm_coordinator = person("coord@nm.example.org", "Nico Coordinator")
    StaffRole.objects.create(association=ct, user=coordinator, role="coordinator")
    StaffRole.objects.create(association=nm, user=nm_coordinator, role="coordinator")
    applicant = person("ana@example.org", "Ana Díaz", lang="es")
    other = person("olga@example.org", "Olga Other")
    return World(
        ct=ct,
        nm=nm,
        applicant=applicant,
        other=other,
        coordinator=coordinator,
        nm_coordinator=nm_coordinator,
        application=open_application(ct, applicant, coordinator),
        other_application=open_application(ct, other, coordinator),
    )
