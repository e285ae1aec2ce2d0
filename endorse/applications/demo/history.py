"""Demo applications that were reviewed before the demo begins.

The demo's endorsees and its exam candidate start at the end of a review nobody needs to
watch: registered with the fee paid, accepted with the processing fee waived, and moved
to where their story starts (approved, or approved to sit the exam), with that move on
the timeline.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Event
from endorse.applications.services import registration_accept, registration_submit
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.payments.services import charge_waive, payment_record
from endorse.standards.models import Category


def reviewed_application(
    association: Association, person: User, coordinator: User, *, code: str,
    membership_number: str, status: str,
) -> Application:  # fmt: skip
    today = association_today(association=association)
    registration = registration_submit(
        association=association, applicant=person, today=today,
        fields={"category": Category.objects.get(code=code),
                "work_summary": "Years of practice with families of young children.",
                "education_summary": "A degree in a related field.",
                "rsc_summary": "Regular reflective supervision.",
                "membership_number": membership_number,
                "membership_expires_on": today + timedelta(days=365)},
    )  # fmt: skip
    if registration.fee is not None:
        payment_record(charge=registration.fee, method="check", reference="demo",
                       received_on=today, actor=coordinator)  # fmt: skip
    application = registration_accept(registration=registration, actor=coordinator, today=today)
    if application.processing_fee is not None:
        charge_waive(charge=application.processing_fee, actor=coordinator,
                     reason="Reviewed before this system.")  # fmt: skip
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=now)
    Event.objects.create(
        association=association, registration=registration, application=application,
        actor=coordinator, at=now, from_state=Application.Status.DECISION, to_state=status,
    )  # fmt: skip
    application.refresh_from_db()
    return application
