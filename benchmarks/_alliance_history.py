"""What piles up over the years: the applications' events and everyone's notifications."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from _alliance_fast import insert_rows
from _alliance_people import Person
from django.utils import timezone

EVENT_FIELDS = ("association_id", "registration_id", "application_id", "at", "from_state",
                "to_state", "note", "changes")  # fmt: skip
NOTIFICATION_FIELDS = ("user_id", "template", "context", "created_at", "read_at", "emailed_at",
                       "email_claim", "email_claimed_at")  # fmt: skip
# The way most applications went, as (from, to); the rest of their events are notes.
PATH = (("", "preparing"), ("preparing", "submitted"), ("submitted", "first_review"),
        ("first_review", "second_review"), ("second_review", "decision"),
        ("decision", "approved"))  # fmt: skip
STEPS = {to: i + 1 for i, (_f, to) in enumerate(PATH)}
NOTES = ("Reminder sent about the missing transcript.", "Rater asked again by email.",
         "Membership renewal confirmed by phone.", "Applicant asked for more time.")  # fmt: skip
TEMPLATES = ("registration_accepted", "renewal_reminder", "rating_received",
             "application_submitted", "renewal_approved")  # fmt: skip


def events(people: list[Person], total: int, rng: random.Random) -> int:
    """``total`` events spread over the applications, the further along the more."""
    from endorse.applications.models import Event

    weights = [STEPS.get(p.status, 3) + 4 for p in people]
    scale = total / sum(weights)
    made = 0
    batch: list[Any] = []
    for p, weight in zip(people, weights, strict=True):
        count = max(2, round(weight * scale))
        steps = PATH[: STEPS.get(p.status, 3)]
        at = p.opened
        for i in range(count):
            at += timedelta(hours=rng.randint(1, 200))
            frm, to = steps[i] if i < len(steps) else (steps[-1][1], steps[-1][1])
            batch.append((p.rows["association"].pk, p.rows["registration"].pk,
                          p.rows["application"].pk, at, frm, to,
                          "" if i < len(steps) else rng.choice(NOTES), {}))  # fmt: skip
        if len(batch) >= 20_000:
            made += insert_rows(Event, EVENT_FIELDS, batch)
            batch = []
    return made + insert_rows(Event, EVENT_FIELDS, batch)


def notifications(people: list[Person], total: int, rng: random.Random) -> int:
    """``total`` notifications, all emailed already, a few still unread."""
    from endorse.notifications.models import Notification

    now = timezone.now()
    per = max(1, round(total / len(people)))
    made = 0
    batch: list[Any] = []
    for p in people:
        a = p.rows["association"]
        context = {"association": a.name, "url": f"http://127.0.0.1:8000/{a.slug}/application/",
                   "days": 30}  # fmt: skip
        for _ in range(per):
            read = rng.random() < 0.97
            at = now - timedelta(days=rng.randint(0, 1500))
            batch.append((p.rows["user"].pk, rng.choice(TEMPLATES), context, at,
                          at if read else None, at, "", None))  # fmt: skip
        if len(batch) >= 20_000:
            made += insert_rows(Notification, NOTIFICATION_FIELDS, batch)
            batch = []
    return made + insert_rows(Notification, NOTIFICATION_FIELDS, batch)
