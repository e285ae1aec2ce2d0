"""A demo exam: a small item bank of our own writing, a sitting open now, and a candidate
approved to sit it (Jamie Candidate), so the whole exam can be tried after `make run`.

The items are ours, written for the demo; an association loads its own. Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.demo.history import reviewed_application
from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.exams.models import ExamPolicy, Item, Sitting

FAMILY = "mental_health_mentor"

# (area, stem, options, index of the correct option)
MULTIPLE_CHOICE = (
    ("Relationships", "A toddler looks back at her father before touching a new toy. What is she most likely doing?",
     ["Checking his face for how safe the toy is", "Asking for a snack", "Testing his patience"], 0),
    ("Relationships", "Which describes a caregiver's sensitive response to a crying infant?",
     ["Waiting until the crying stops by itself", "Noticing the cue and responding promptly and warmly", "Always offering food first"], 1),
    ("Relationships", "Repair after a misattuned moment between parent and infant is best understood as:",
     ["A sign the relationship is failing", "A normal, growth-promoting part of relationships", "Something to avoid at all costs"], 1),
    ("Development", "At around what age do most infants show wariness of unfamiliar adults?",
     ["2 months", "8 months", "3 years"], 1),
    ("Development", "Play in which a child pretends a block is a telephone first appears typically:",
     ["In the first months of life", "In the second year of life", "Only after age five"], 1),
    ("Development", "Which best supports a young child's growing ability to manage strong feelings?",
     ["An adult who helps name and soothe the feeling", "Leaving the child alone until calm", "Punishing the outburst"], 0),
    ("Reflective practice", "In reflective supervision, the supervisor's main aim is to:",
     ["Evaluate the practitioner's productivity", "Help the practitioner think about their own reactions and the family's experience", "Tell the practitioner what to do next"], 1),
    ("Reflective practice", "A home visitor feels irritated with a parent after every visit. A reflective first step is to:",
     ["Ask for the case to be closed", "Wonder with a supervisor what the irritation may be telling her", "Keep the feeling to herself"], 1),
    ("Reflective practice", "Parallel process refers to:",
     ["Two staff visiting the same family", "Patterns in one relationship echoing in another, such as supervision and the home visit", "Doing paperwork during a visit"], 1),
    ("Ethics and culture", "A family's child-rearing practice differs from the practitioner's own. The practitioner should first:",
     ["Correct the family", "Seek to understand the practice's meaning to the family", "Ignore it"], 1),
    ("Ethics and culture", "When a practitioner suspects a child is being harmed, they must:",
     ["Follow the mandated reporting law and their agency's policy", "Wait for the family to raise it", "Discuss it with other families"], 0),
    ("Ethics and culture", "Sharing a family's story at a conference requires:",
     ["Nothing, if names are changed", "The family's informed consent and removal of identifying details", "The supervisor's approval only"], 1),
    ("Development", "Which is the strongest protective factor for an infant facing adversity?",
     ["Early academic lessons", "At least one stable, responsive relationship", "A quiet home"], 1),
    ("Relationships", "A parent says, 'He cries just to annoy me.' A helpful response explores:",
     ["How to ignore the crying", "What the parent thinks the baby might be feeling or needing", "A stricter schedule"], 1),
    ("Reflective practice", "Holding a family in mind between visits means:",
     ["Thinking about their experience and your work with them beyond the visit itself", "Calling them every day", "Writing longer notes"], 0),
)  # fmt: skip

VIGNETTES = (
    ("Practice", "Rosa, 19, lives with her mother and her 4-month-old son. At the visit she props the bottle and scrolls on her phone; when the baby fusses she says he is 'spoiled already'. Her mother interrupts often to correct her.",
     "What might Rosa be experiencing? What would you attend to first, and how would you support the relationship between Rosa and her son?",
     "Considers Rosa's own need for support and the intergenerational dynamic; notices the baby's cues; proposes a way to join Rosa rather than correct her; names how reflective supervision would help the visitor."),
    ("Practice", "A child care teacher tells you that Malik, 2, bites other children several times a day since his baby sister was born. The teacher wants him moved to another room.",
     "How do you understand Malik's behaviour? How would you work with the teacher and the family?",
     "Links the behaviour to the transition and Malik's feelings; supports the teacher's own feelings; suggests concrete ways to help Malik be understood; involves the parents respectfully."),
    ("Leadership", "You supervise a new home visitor who is eager and capable but has begun staying late at families' homes and giving them her personal phone number.",
     "What might be happening for the visitor? How would you address it in reflective supervision?",
     "Wonders about the visitor's motives and feelings with curiosity; addresses boundaries clearly and kindly; considers the families' experience; plans ongoing support."),
)  # fmt: skip


def load_exam(
    association: Association, coordinator: User, make_user: Callable[[str, str, str], User]
) -> None:
    ExamPolicy.objects.update_or_create(
        association=association,
        defaults={"part1_items": 12, "part1_minutes": 20, "part2_offered": 3, "part2_answered": 2,
                  "part2_minutes": 30},
    )  # fmt: skip
    if not Item.objects.filter(association=association, family=FAMILY).exists():
        for area, stem, options, key in MULTIPLE_CHOICE:
            Item.objects.create(association=association, family=FAMILY, kind=Item.Kind.MULTIPLE_CHOICE,
                                area=area, stem=stem, options=options, key=key)  # fmt: skip
        for area, case, questions, rubric in VIGNETTES:
            Item.objects.create(association=association, family=FAMILY, kind=Item.Kind.VIGNETTE,
                                area=area, stem=case, questions=questions, rubric=rubric)  # fmt: skip
    now = timezone.now()
    if not Sitting.objects.filter(association=association, closes_at__gt=now).exists():
        Sitting.objects.create(association=association, opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=30), capacity=20,
                               note="Demo sitting: open for thirty days.")  # fmt: skip
    _candidate(association, coordinator, make_user("exam@endorse.test", "Jamie Candidate", "en"))


def _candidate(association: Association, coordinator: User, person: User) -> None:
    """A Mentor applicant whose application was approved to sit the exam."""
    if Application.objects.filter(association=association, applicant=person).exists():
        return
    reviewed_application(association, person, coordinator, code="IMHM-C",
                         membership_number="R-0099", status=Application.Status.APPROVED_FOR_EXAM)  # fmt: skip
