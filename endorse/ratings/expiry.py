"""When a rater's link stops working: a set number of days after it was sent.

Plain Python (no Django): the moment it was sent, the association's number of
days as it stands now, and the moment asked about. A link sent again is a new
link with its own moment, so the days count afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def link_expires_at(*, sent_at: datetime, days: int) -> datetime:
    return sent_at + timedelta(days=days)


def link_expired(*, sent_at: datetime, days: int, now: datetime) -> bool:
    """Expired from the very moment ``days`` whole days have passed: a link sent at 10:00
    with 60 days works until 09:59:59 on the 60th day after and not at 10:00."""
    return now >= link_expires_at(sent_at=sent_at, days=days)
