"""Reads about rating requests and items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from endorse.applications.models import Reference
from endorse.associations.models import Association
from endorse.ratings.expiry import link_expired, link_expires_at
from endorse.ratings.forms import LEVELS
from endorse.ratings.models import Area, Rating, RatingItem, RatingRequest
from endorse.ratings.tokens import token_hash


def request_for_token(token: str) -> RatingRequest | None:
    """The request this link opens, while it still works: open, rater still to answer,
    application still in preparation. Anything else is no request at all."""
    if len(token) != 64:
        return None
    rating_request = (
        RatingRequest.objects.select_related(
            "association",
            "reference__application__applicant",
            "reference__application__category",
        )
        .filter(token_hash=token_hash(token), closed_at=None)
        .first()
    )
    if rating_request is None:
        return None
    if not rating_request.reference.link_works:
        return None
    return rating_request


@dataclass(frozen=True)
class LinkExpiry:
    """When an open link stops working, by the association's setting as it stands now."""

    expires_at: datetime
    expires_on: date  # the association's calendar day, what people are told
    expired: bool


def link_expiry(
    *, rating_request: RatingRequest, association: Association, now: datetime
) -> LinkExpiry:
    """``association`` is the request's own (passed in so a page of references costs no
    query per row)."""
    assert rating_request.association_id == association.pk
    sent_at, days = rating_request.sent_at, association.rating_link_days
    expires_at = link_expires_at(sent_at=sent_at, days=days)
    return LinkExpiry(
        expires_at=expires_at,
        expires_on=association.local_date(expires_at),
        expired=link_expired(sent_at=sent_at, days=days, now=now),
    )


def request_submitted_for_token(token: str) -> bool:
    """Whether this link's rating was sent (the link then shows a thank-you, not an error)."""
    return (
        len(token) == 64
        and RatingRequest.objects.filter(
            token_hash=token_hash(token), closed_reason=RatingRequest.Closed.SUBMITTED
        ).exists()
    )


def rating_items(*, association: Association) -> QuerySet[RatingItem]:
    return RatingItem.objects.filter(association=association, retired=False).order_by(
        "position", "pk"
    )


@dataclass(frozen=True)
class RatingSummary:
    """A sent rating, ready to read: what reviewers and the coordinator see (no contact)."""

    relationship: str
    setting: str
    years_known: str
    endorsed: str  # "IMHM-C, CT Assoc", or "" when the rater is not endorsed
    areas: list[tuple[str, list[tuple[str, str]]]]  # area → [(item, level)]
    comments: str
    recommendation: str
    submitted_at: datetime | None


def rating_summaries(
    *, association: Association, references: Iterable[Reference], language: str
) -> dict[int, RatingSummary]:
    """Each reference whose rating came through the site, by the reference's id."""
    items = {str(item.pk): item for item in RatingItem.objects.filter(association=association)}
    levels = dict(LEVELS)
    roles = dict(Reference.Role.choices)
    recommendations = dict(Rating.Recommendation.choices)
    summaries = {}
    for reference in references:
        rating = getattr(reference, "rating", None)
        if rating is None or rating.submitted_at is None:
            continue
        answers = rating.answers
        by_area: dict[str, list[tuple[str, str]]] = {}
        for item_id, level in answers.get("ratings", {}).items():
            item = items.get(item_id)
            if item is not None:
                by_area.setdefault(item.area, []).append(
                    (item.text(language), str(levels.get(level, level)))
                )
        endorsed = ", ".join(
            part
            for part in (answers.get("endorsed_category"), answers.get("endorsed_association"))
            if part
        )
        summaries[reference.pk] = RatingSummary(
            relationship=str(roles.get(answers.get("relationship", ""), "")),
            setting=answers.get("setting", ""),
            years_known=answers.get("years_known", ""),
            endorsed=endorsed if answers.get("rater_endorsed") else "",
            areas=[(str(label), by_area[area]) for area, label in Area.choices if area in by_area],
            comments=answers.get("comments", ""),
            recommendation=str(recommendations.get(answers.get("recommendation", ""), "")),
            submitted_at=rating.submitted_at,
        )
    return summaries
