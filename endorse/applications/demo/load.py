"""Demo fees, agreements, a coordinator and an applicant halfway through. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import (
    Agreement,
    Application,
    Details,
    Education,
    Reference,
    Registration,
    Rsc,
    Training,
    Work,
)
from endorse.applications.services import registration_submit
from endorse.associations.models import Association, StaffRole
from endorse.payments.models import Charge, Fee, FeeKind, Payment
from endorse.reviews.models import ReviewerProfile
from endorse.standards.models import Category

DEMO_PASSWORD = "endorse-demo"  # noqa: S105 - a published demo login, local only
# The demo staff's authenticator secret, published in the README: `endorse demo_code`
# prints the current code, or add it to any authenticator app.
DEMO_TOTP_SECRET = "ENDORSEDEMOTOTPSECRET234"  # noqa: S105 - published, local demo only
FEE_START = date(2025, 1, 1)
# Processing fees by family, in cents (domain.md: $25 for Associate to $300–400 for Mentor).
RENEWAL_CENTS = 3500
RENEWAL_LATE_CENTS = 1500
PROCESSING = {
    "family_associate": 2500,
    "family_specialist": 10000,
    "mental_health_specialist": 20000,
    "mental_health_mentor": 35000,
}
CODE_OF_ETHICS = """\
1. I put the well-being of infants, young children and their families first.
2. I respect each family's culture, language and choices, and I keep what they tell me confidential, within the law.
3. I work within the limits of my training and seek reflective supervision/consultation.
4. I keep learning, and I am honest about my education, experience and credentials.
5. I report any sanction by a licensing board to the association."""
CODE_OF_ETHICS_ES = """\
1. Pongo en primer lugar el bienestar de los bebés, los niños pequeños y sus familias.
2. Respeto la cultura, la lengua y las decisiones de cada familia, y guardo la confidencialidad de lo que me cuentan, dentro de la ley.
3. Trabajo dentro de los límites de mi formación y busco supervisión/consulta reflexiva.
4. Sigo aprendiendo y soy honesto/a sobre mi formación, experiencia y credenciales.
5. Informo a la asociación de cualquier sanción de un colegio profesional."""
AGREEMENT = """\
I confirm that what I enter in this application is true. I agree that the association may check it, contact my references, and list my Endorsement in its public registry once it is granted. I will keep my membership current and renew my Endorsement as the association requires."""
AGREEMENT_ES = """\
Confirmo que lo que escribo en esta solicitud es verdad. Acepto que la asociación lo verifique, se ponga en contacto con mis referencias y publique mi Endorsement en su registro público cuando se conceda. Mantendré mi membresía al día y renovaré mi Endorsement como lo pida la asociación."""


def _user(email: str, name: str, lang: str = "en") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name, preferred_language=lang
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _with_authenticator(user: User) -> None:
    """Staff sign in with a code too (the demo secret), as they must in production."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def load_site_admin(email: str, password: str) -> User:
    """The site administrator signs in like other staff, through the site's sign-in (which
    wants a verified address) and with the demo code."""
    admin = User.objects.filter(email=email).first() or User.objects.create_superuser(
        email, password, full_name="Demo Administrator"
    )
    EmailAddress.objects.update_or_create(
        user=admin, email=email, defaults={"verified": True, "primary": True}
    )
    _with_authenticator(admin)
    return admin


def load_fees(association: Association, registration_cents: int) -> None:
    for category in Category.objects.filter(offering__association=association):
        for kind, cents in (
            (FeeKind.REGISTRATION, registration_cents),
            (FeeKind.PROCESSING, PROCESSING[category.family]),
            (FeeKind.RENEWAL, RENEWAL_CENTS),
            (FeeKind.RENEWAL_LATE, RENEWAL_LATE_CENTS),
            (FeeKind.REINSTATEMENT, PROCESSING[category.family]),
            (FeeKind.REACTIVATION, RENEWAL_CENTS),
        ):
            Fee.objects.get_or_create(
                association=association,
                kind=kind,
                category=category,
                effective_from=FEE_START,
                defaults={"amount_cents": cents},
            )


def load_agreements(association: Association) -> None:
    for kind, en, es in (
        (Agreement.Kind.CODE_OF_ETHICS, CODE_OF_ETHICS, CODE_OF_ETHICS_ES),
        (Agreement.Kind.ENDORSEMENT_AGREEMENT, AGREEMENT, AGREEMENT_ES),
    ):
        Agreement.objects.get_or_create(
            association=association,
            kind=kind,
            version="2025-1",
            defaults={"effective_from": FEE_START, "body_en": en, "body_es": es},
        )


def load_people(association: Association) -> tuple[User, User]:
    coordinator = _user(f"coordinator@{association.slug}.endorse.test", "Casey Coordinator")
    for role in (StaffRole.Role.COORDINATOR, StaffRole.Role.ADMIN):
        StaffRole.objects.get_or_create(association=association, user=coordinator, role=role)
    _with_authenticator(coordinator)
    reviewers = []
    for number, name in ((1, "Robin Reviewer"), (2, "Riley Reviewer")):
        reviewer = _user(f"reviewer{number}@{association.slug}.endorse.test", name)
        reviewers.append(reviewer)
        StaffRole.objects.get_or_create(
            association=association, user=reviewer, role=StaffRole.Role.REVIEWER
        )
        ReviewerProfile.objects.get_or_create(
            association=association,
            user=reviewer,
            defaults={"categories": [c.code for c in Category.objects.all()]},
        )
        _with_authenticator(reviewer)
    applicant = _user("applicant@endorse.test", "Alex Applicant")
    if not Registration.objects.filter(association=association, applicant=applicant).exists():
        _half_finished_application(association, applicant, coordinator)
    _pending_registration(association)
    from endorse.reviews.demo import load_application_in_review  # the review builds on this

    load_application_in_review(
        association, _user("ready@endorse.test", "Morgan Ready"), coordinator, reviewers
    )
    from endorse.endorsements.demo import load_registry  # endorsees build on all of the above

    load_registry(association, coordinator, _user)
    from endorse.renewals.demo import load_lifecycle

    load_lifecycle(association, coordinator)
    from endorse.exams.demo import load_exam

    load_exam(association, coordinator, _user)
    return coordinator, applicant


def _pending_registration(association: Association) -> None:
    """A newcomer whose registration waits for the coordinator, fee still due."""
    newcomer = _user("newcomer@endorse.test", "Jordan Newcomer", lang="es")
    if Registration.objects.filter(association=association, applicant=newcomer).exists():
        return
    today = timezone.localdate()
    registration_submit(
        association=association,
        applicant=newcomer,
        today=today,
        fields={
            "category": Category.objects.get(code="IFS"),
            "work_summary": "Visitadora domiciliaria de Early Head Start desde 2021.",
            "education_summary": "Licenciatura en desarrollo infantil, 2020.",
            "rsc_summary": "Supervisión reflexiva individual, dos veces al mes.",
            "membership_number": "D-0002",
            "membership_expires_on": today + timedelta(days=200),
        },
    )


def _half_finished_application(
    association: Association, applicant: User, coordinator: User
) -> None:
    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    today = timezone.localdate()
    fee = Charge.objects.create(
        association=association,
        person=applicant,
        kind=FeeKind.REGISTRATION,
        category=category,
        amount_cents=2000,
        currency=association.currency,
        status=Charge.Status.PAID,
        settled_at=now,
        settled_by=coordinator,
    )
    Payment.objects.create(
        association=association,
        charge=fee,
        method=Payment.Method.CHECK,
        amount_cents=2000,
        reference="1042",
        received_on=today - timedelta(days=40),
        recorded_by=coordinator,
    )
    registration = Registration.objects.create(
        association=association,
        applicant=applicant,
        category=category,
        work_summary="Home visitor with infants and toddlers since 2019.",
        education_summary="MSW, 2018.",
        rsc_summary="Monthly group RS/C with an endorsed mentor.",
        membership_number="D-0001",
        membership_expires_on=today + timedelta(days=300),
        status=Registration.Status.ACCEPTED,
        submitted_at=now - timedelta(days=45),
        decided_at=now - timedelta(days=40),
        decided_by=coordinator,
        fee=fee,
    )
    processing = Charge.objects.create(
        association=association,
        person=applicant,
        kind=FeeKind.PROCESSING,
        category=category,
        amount_cents=PROCESSING[category.family],
        currency=association.currency,
    )
    application = Application.objects.create(
        association=association,
        applicant=applicant,
        registration=registration,
        category=category,
        opened_at=now - timedelta(days=40),
        processing_fee=processing,
    )
    common = {
        "association": association,
        "application": application,
        "complete": True,
        "saved_at": now,
    }
    Details.objects.create(
        **common,
        phone="+1 203 555 0142",
        county="New Haven",
        languages="English, Spanish",
        license_eligible=True,
        membership_number="D-0001",
        membership_expires_on=registration.membership_expires_on,
    )
    Education.objects.create(
        **common,
        level="master",
        field="Social work",
        institution="Example University",
        completed_on=date(2018, 5, 20),
    )
    Work.objects.create(
        **common,
        title="Home visitor",
        employer="Example Family Services",
        start=date(2019, 9, 1),
        fte=Decimal(1),
        service="prevention",
        age_band="infant",
        supervised=True,
    )
    Training.objects.create(
        **common,
        title="Infant mental health foundations",
        date=today - timedelta(days=200),
        hours=Decimal(12),
    )
    Training.objects.create(
        **common,
        title="Culture and families",
        date=today - timedelta(days=100),
        hours=Decimal(4),
        dei=True,
    )
    for months in range(1, 9):
        Rsc.objects.create(
            **common,
            date=today - timedelta(days=30 * months),
            hours=Decimal("1.5"),
            format="group",
            provider="Pat Mentor",
            provider_endorsement="IMHM-C",
        )
    Reference.objects.create(
        **common, name="Sam Supervisor", email="sam@example.org", role="supervisor"
    )
