"""Many endorsees at once, inserted in bulk (the full journey is tested elsewhere)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Application, Registration
from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement
from endorse.renewals.models import Renewal
from endorse.standards.models import Category


def endorsees(
    association: Association, count: int, *, due_on: date, renewed: int = 0, tag: str = ""
) -> list[Endorsement]:
    """``count`` active IMHS endorsees of ``association`` due on ``due_on``; the last
    ``renewed`` of them have sent their renewal."""
    category = Category.objects.get(code="IMHS")
    now = timezone.now()
    key = f"{association.slug}{tag}"
    users = User.objects.bulk_create(
        User(email=f"{key}-{i}@example.org", full_name=f"Person {key} {i}", password="!")
        for i in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(association=association, applicant=u, category=category, status="accepted",
                     work_summary="-", education_summary="-", rsc_summary="-",
                     membership_expires_on=date(2030, 6, 1), submitted_at=now)
        for u in users
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(association=association, applicant=u, registration=r, category=category,
                    status="approved", opened_at=now)
        for u, r in zip(users, registrations, strict=True)
    )  # fmt: skip
    made = Endorsement.objects.bulk_create(
        Endorsement(association=association, person=u, category=category, application=a,
                    number=f"{key.upper()}-2020-{i:05d}", issued_on=date(2020, 5, 1),
                    next_due_on=due_on, name_key=u.full_name.lower())
        for i, (u, a) in enumerate(zip(users, applications, strict=True))
    )  # fmt: skip
    done = made[count - renewed :] if renewed else []
    sent = Renewal.objects.bulk_create(
        Renewal(association=association, person_id=e.person_id, due_on=due_on,
                period_starts=date(due_on.year, 1, 1), status="submitted", opened_at=now,
                submitted_at=now)
        for e in done
    )  # fmt: skip
    Renewal.endorsements.through.objects.bulk_create(
        Renewal.endorsements.through(renewal_id=r.pk, endorsement_id=e.pk)
        for r, e in zip(sent, done, strict=True)
    )
    return made
