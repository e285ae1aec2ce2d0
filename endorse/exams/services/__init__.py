"""Writes of the exam: sittings, bookings, taking a part, scoring, releasing results.

Every write is one transaction and locks the row whose count or state it depends on
(the sitting for its places, the attempt for its answers), so two requests at once
can't overbook a sitting or save an answer after the part closed.

One module per stage; everything is importable from here.
"""

from endorse.exams.services.bank import item_add, item_retire
from endorse.exams.services.booking import (
    Approval,
    accommodation_decide,
    approval_of,
    booking_cancel,
    booking_create,
    parts_due,
    parts_passed,
    places_left,
    retake_days,
    sitting_open,
)
from endorse.exams.services.policy import policy_of, policy_set
from endorse.exams.services.results import (
    part_two_passed,
    result_release,
    scorer_assign,
    scorers_disagree,
    scoring_submit,
)
from endorse.exams.services.taking import (
    HandIn,
    answer_save,
    attempt_start,
    attempt_submit,
    close_if_due,
    overdue_parts_close,
)

__all__ = [
    "Approval",
    "HandIn",
    "accommodation_decide",
    "answer_save",
    "approval_of",
    "attempt_start",
    "attempt_submit",
    "booking_cancel",
    "booking_create",
    "close_if_due",
    "item_add",
    "item_retire",
    "overdue_parts_close",
    "part_two_passed",
    "parts_due",
    "parts_passed",
    "places_left",
    "policy_of",
    "policy_set",
    "result_release",
    "retake_days",
    "scorer_assign",
    "scorers_disagree",
    "scoring_submit",
    "sitting_open",
]
