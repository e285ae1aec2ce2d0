"""Emails to raters. The link is rebuilt here from the request's nonce, never queued."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from endorse.core.mail import send_to_address
from endorse.core.urls import site_url
from endorse.ratings.expiry import link_expired, link_expires_at
from endorse.ratings.tokens import token_matching


@task()
def send_rating_email(request_id: int, template: str) -> None:
    from endorse.ratings.models import RatingRequest

    rating_request = (
        RatingRequest.objects.select_related(
            "association",
            "reference__application__applicant",
            "reference__application__association",
            "reference__application__category",
        )
        .filter(pk=request_id, closed_at=None)
        .first()
    )
    if rating_request is None:  # closed meanwhile: the link would not work
        return
    days = rating_request.association.rating_link_days
    if link_expired(sent_at=rating_request.sent_at, days=days, now=timezone.now()):
        return  # expired while queued (a worker that was down for long): it would open nothing
    token = token_matching(rating_request.nonce, rating_request.token_hash)
    if token is None:  # the key that made this link is gone: only a new link can work
        return
    reference = rating_request.reference
    application = reference.application
    send_to_address(
        reference.email,
        rating_request.language,
        template,
        {
            "rater": reference.name,
            "applicant": application.applicant.get_full_name(),
            "association": application.association.name,
            "category_code": application.category.code,
            "url": site_url("ratings:rate", token=token),
            "decline_url": site_url("ratings:decline", token=token),
            "expires_on": rating_request.association.local_date(
                link_expires_at(sent_at=rating_request.sent_at, days=days)
            ),
        },
    )
