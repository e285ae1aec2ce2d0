"""Reviewing as in-service training: the hours an association credits its reviewers,
as confirmed training entries of the reviewer's own renewal there.

Computed from the reviews sent whenever the renewal is judged (``reviews.service``),
never copied into the renewal's rows, so it is always what the reviews say; the person
neither types nor removes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import ngettext

from endorse.eligibility.portfolio import Training
from endorse.eligibility.renewal import Period
from endorse.renewals.models import Renewal
from endorse.reviews.service import review_credit


@dataclass(frozen=True)
class CreditedTraining:
    """One year's reviews as a training entry, dated the last of them."""

    title: str
    date: date
    hours: Decimal
    year: int
    confirmed_by: str  # the association's name


def credited_trainings(
    renewal: Renewal, period: Period, on: date, *, lang: str
) -> list[CreditedTraining]:
    """The reviews the person sent at the renewal's association within its period (up to
    ``on``: what has been done when it is judged), one entry a year, the cap applied."""
    association = renewal.association
    credits = review_credit(
        association=association,
        reviewer_id=renewal.person_id,
        starts=period.starts,
        ends=min(period.due, on),
    )
    with translation.override(lang):
        return [
            CreditedTraining(
                title=ngettext(
                    "Reviewing for %(association)s: %(count)d review",
                    "Reviewing for %(association)s: %(count)d reviews",
                    credit.reviews,
                )
                % {"association": association.name, "count": credit.reviews},
                date=credit.last_on,
                hours=credit.hours,
                year=credit.year,
                confirmed_by=association.name,
            )
            for credit in credits
        ]


def as_training(credited: list[CreditedTraining]) -> tuple[Training, ...]:
    """The entries as the engine reads them: in-service training with no special topic."""
    return tuple(
        Training(date=row.date, hours=float(row.hours), title=row.title) for row in credited
    )
