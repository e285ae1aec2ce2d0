"""A reviewer's service record: the reviews they sent at one association, and the hours of
in-service training the association credits for them.

Credit is computed from the reviews sent each time it is shown (never stored), so the
service page, the certificate and the reviewer's own renewal always say the same. Within
a calendar year (the association's), review ``k`` brings the year's credit to
``min(cap, k × hours per review)``; a renewal period counts the credit its own reviews
added, so a year split between two periods never passes the cap in total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.reviews.models import Review


@dataclass(frozen=True)
class SentReview:
    sent_on: date  # in the association's calendar
    tier_label: str
    category: str
    round: int
    applicant: str


@dataclass(frozen=True)
class ServiceYear:
    year: int
    reviews: int
    hours: Decimal  # credited; 0 when the association credits nothing
    last_on: date


@dataclass(frozen=True)
class ServiceRecord:
    reviews: list[SentReview]  # newest first
    years: list[ServiceYear]  # newest first
    hours_per_review: Decimal
    cap: Decimal | None

    @property
    def credited(self) -> bool:
        return self.hours_per_review > 0


def plain(hours: Decimal) -> Decimal:
    """``1.50`` → ``1.5``, ``7.00`` → ``7``: hours shown without trailing zeros."""
    return hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours.normalize()


def credit_after(count: int, *, association: Association) -> Decimal:
    """The hours a year's first ``count`` reviews are credited, the yearly cap applied."""
    hours = association.review_credit_hours * count
    cap = association.review_credit_cap
    return plain(hours if cap is None else min(hours, cap))


def _sent(association: Association, reviewer_id: int) -> QuerySet[Review]:
    """The reviews the reviewer sent at the association, oldest first."""
    return Review.objects.filter(
        association=association,
        assignment__association=association,
        assignment__reviewer_id=reviewer_id,
        submitted_at__isnull=False,
    ).order_by("submitted_at", "pk")


def _days_by_year(
    association: Association, reviewer_id: int, years: range
) -> dict[int, list[date]]:
    """The days (the association's) the reviewer sent reviews in ``years``, in one query."""
    zone = association.zone
    moments = _sent(association, reviewer_id).filter(
        submitted_at__gte=datetime(years.start, 1, 1, tzinfo=zone),
        submitted_at__lt=datetime(years.stop, 1, 1, tzinfo=zone),
    )
    sent_at = moments.values_list("submitted_at", flat=True)
    return _by_year([association.local_date(moment) for moment in sent_at if moment])


def _by_year(days: list[date]) -> dict[int, list[date]]:
    years: dict[int, list[date]] = defaultdict(list)
    for day in days:
        years[day.year].append(day)
    return years


def service_record(*, association: Association, reviewer: User) -> ServiceRecord:
    """Every review ``reviewer`` sent at the association, and each year's credit."""
    reviews = list(
        _sent(association, reviewer.pk).select_related(
            "assignment__application__category", "assignment__application__applicant"
        )
    )
    sent = [
        SentReview(
            sent_on=association.local_date(review.submitted_at),  # type: ignore[arg-type]  # only sent ones
            tier_label=str(review.assignment.get_tier_display()),
            category=review.assignment.application.category.code,
            round=review.assignment.round,
            applicant=review.assignment.application.applicant.get_full_name(),
        )
        for review in reviews
    ]
    years = [
        ServiceYear(year, len(days), credit_after(len(days), association=association), days[-1])
        for year, days in sorted(_by_year([row.sent_on for row in sent]).items(), reverse=True)
    ]
    return ServiceRecord(
        reviews=sent[::-1],
        years=years,
        hours_per_review=plain(association.review_credit_hours),
        cap=None if association.review_credit_cap is None else plain(association.review_credit_cap),
    )


def service_year(*, association: Association, reviewer: User, year: int) -> ServiceYear | None:
    """One year of the record, for its certificate; None when no hours are credited."""
    days = _days_by_year(association, reviewer.pk, range(year, year + 1)).get(year)
    if not days:
        return None
    found = ServiceYear(year, len(days), credit_after(len(days), association=association), days[-1])
    return found if found.hours > 0 else None


@dataclass(frozen=True)
class YearCredit:
    """The credit the reviews of one year, between two days, bring to a renewal."""

    year: int
    reviews: int
    hours: Decimal
    last_on: date  # the last of those reviews: the day the hours are dated


def review_credit(
    *, association: Association, reviewer_id: int, starts: date, ends: date
) -> list[YearCredit]:
    """The hours credited for the reviews sent from ``starts`` to ``ends`` (inclusive), by
    year, oldest first; years they add nothing to (none credited, cap reached) are left out."""
    if association.review_credit_hours <= 0 or ends < starts:
        return []
    credits = []
    by_year = _days_by_year(association, reviewer_id, range(starts.year, ends.year + 1))
    for year, days in sorted(by_year.items()):
        before = sum(day < starts for day in days)
        inside = [day for day in days if starts <= day <= ends]
        if not inside:
            continue
        hours = credit_after(before + len(inside), association=association) - credit_after(
            before, association=association
        )
        if hours > 0:
            credits.append(YearCredit(year, len(inside), plain(hours), inside[-1]))
    return credits
