"""Emails to raters, sent by the worker (``ratings/delivery.py``)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_rating_email(email_id: int, template: str | None = None) -> None:
    from endorse.ratings.delivery import rater_email_send
    from endorse.ratings.models import RaterEmail, RatingRequest

    if template is not None:
        # Queued before raters' emails had rows, as (request id, template): give it one.
        rating_request = RatingRequest.objects.filter(pk=email_id).first()
        if rating_request is None:
            return
        email_id = RaterEmail.objects.create(
            association_id=rating_request.association_id,
            request=rating_request,
            template=template,
        ).pk
    rater_email_send(email_id)
