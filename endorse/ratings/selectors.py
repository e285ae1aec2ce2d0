"""Reads about rating requests and items."""

from __future__ import annotations

from django.db.models import QuerySet

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.ratings.models import RatingItem, RatingRequest
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
    reference = rating_request.reference
    if reference.application.status != Application.Status.PREPARING or not reference.awaiting_rater:
        return None
    return rating_request


def rating_items(*, association: Association) -> QuerySet[RatingItem]:
    return RatingItem.objects.filter(association=association, retired=False).order_by(
        "position", "pk"
    )
