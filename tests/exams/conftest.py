"""An application approved to sit the exam, a small item bank, a sitting and two scorers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from endorse.accounts.models import User
from endorse.applications.models import Application, Event
from endorse.associations.models import StaffRole
from endorse.exams.models import ExamPolicy, Item, Sitting
from endorse.exams.services import sitting_open
from endorse.payments.models import Fee, FeeKind
from tests.applications.conftest import World, frozen, person, world  # noqa: F401

# 2025-03-03 15:00 UTC is the frozen "now"; the approval was that morning.
APPROVED_AT = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)


@dataclass
class Exam:
    world: World
    application: Application
    sitting: Sitting
    scorers: list[User]
    keys: dict[int, int]  # item pk -> correct option

    @property
    def candidate(self) -> User:
        return self.world.applicant


@pytest.fixture
def exam(world: World) -> Exam:  # noqa: F811
    application = world.application
    Application.objects.filter(pk=application.pk).update(status="approved_for_exam")
    application.refresh_from_db()
    Event.objects.create(association=world.ct, application=application, actor=world.coordinator,
                         registration_id=application.registration_id,
                         at=APPROVED_AT, from_state="decision", to_state="approved_for_exam")  # fmt: skip
    ExamPolicy.objects.create(association=world.ct, part1_items=10, part1_minutes=30,
                              part2_offered=3, part2_answered=2, part2_minutes=45)  # fmt: skip
    keys = {}
    family = application.category.family
    for n in range(12):
        item = Item.objects.create(
            association=world.ct, family=family, kind="mcq", area=("theory", "practice", "ethics")[n % 3],
            stem=f"Question {n}?", options=["A", "B", "C", "D"], key=n % 4,
        )  # fmt: skip
        keys[item.pk] = item.key
    for n in range(3):
        Item.objects.create(association=world.ct, family=family, kind="vignette", area="practice",
                            stem=f"Case {n}.", questions="What do you notice?",
                            rubric="Names the relationship.")  # fmt: skip
    Fee.objects.create(association=world.ct, kind=FeeKind.EXAM, category=application.category,
                       amount_cents=7500, effective_from=date(2024, 1, 1))  # fmt: skip
    sitting = sitting_open(association=world.ct, opens_at=datetime(2025, 4, 1, 13, 0, tzinfo=UTC),
                           closes_at=datetime(2025, 4, 1, 21, 0, tzinfo=UTC), capacity=2)  # fmt: skip
    scorers = []
    for email, name in (("s1@example.org", "Sol Scorer"), ("s2@example.org", "Lu Scorer"),
                        ("s3@example.org", "Tam Scorer")):  # fmt: skip
        scorer = person(email, name)
        StaffRole.objects.create(association=world.ct, user=scorer, role="reviewer")
        scorers.append(scorer)
    return Exam(world, application, sitting, scorers, keys)


def pay(booking: Any, coordinator: User) -> None:
    from endorse.payments.services import payment_record

    payment_record(charge=booking.fee, method="check", reference="9", received_on=date(2025, 3, 3),
                   actor=coordinator)  # fmt: skip
