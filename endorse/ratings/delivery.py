"""Emails to raters, each handed to the mail server once. The link is rebuilt here from
the request's nonce, never stored or queued."""

from __future__ import annotations

from datetime import datetime

from django.core.mail import EmailMessage
from django.utils import timezone

from endorse.core.email_once import email_once, owed_requeue
from endorse.core.mail import email_message, message_id
from endorse.core.urls import site_url
from endorse.ratings.models import RaterEmail, RatingRequest
from endorse.ratings.selectors import link_expiry
from endorse.ratings.tokens import token_matching


def rater_email_queue(*, rating_request: RatingRequest, template: str) -> RaterEmail:
    """Owe the rater an email, in the caller's transaction, and queue it for the worker."""
    from endorse.ratings.tasks import send_rating_email

    email = RaterEmail.objects.create(
        association_id=rating_request.association_id, request=rating_request, template=template
    )
    send_rating_email.enqueue(email.pk)
    return email


def rater_email_send(email_id: int) -> bool:
    """Send it unless it was sent, another attempt holds it, or its link would open
    nothing (closed, expired, or made with a key that is gone: then it is owed no more)."""
    email = (
        RaterEmail.objects.select_related(
            "request__association",
            "request__reference__application__applicant",
            "request__reference__application__association",
            "request__reference__application__category",
        )
        .filter(pk=email_id, emailed_at=None)
        .first()
    )
    if email is None:
        return False
    message = _message(email, now=timezone.now())
    if message is None:
        RaterEmail.objects.filter(pk=email_id, emailed_at=None).delete()
        return False
    return email_once(
        row=RaterEmail.objects.filter(pk=email_id),
        message=lambda: message,
        what=f"rater email {email_id}",
    )


def _message(email: RaterEmail, *, now: datetime) -> EmailMessage | None:
    rating_request = email.request
    if rating_request.closed_at is not None:
        return None  # closed meanwhile: the link would not work
    expiry = link_expiry(
        rating_request=rating_request, association=rating_request.association, now=now
    )
    if expiry.expired:  # expired while queued (a worker down for long): it would open nothing
        return None
    token = token_matching(rating_request.nonce, rating_request.token_hash)
    if token is None:  # the key that made this link is gone: only a new link can work
        return None
    reference = rating_request.reference
    application = reference.application
    message = email_message(
        reference.email,
        rating_request.language,
        email.template,
        {
            "rater": reference.name,
            "applicant": application.applicant.get_full_name(),
            "association": application.association.name,
            "category_code": application.category.code,
            "url": site_url("ratings:rate", token=token),
            "decline_url": site_url("ratings:decline", token=token),
            "expires_on": expiry.expires_on,
        },
    )
    message.extra_headers["Message-ID"] = message_id(f"rater-email.{email.pk}")
    return message


def rater_emails_owed_requeue(*, now: datetime) -> int:
    """Queue again the raters' emails owed that no queued or running task will send."""
    from endorse.ratings.tasks import send_rating_email

    return owed_requeue(
        rows=RaterEmail.objects.all(),
        task_path=send_rating_email.module_path,
        enqueue=send_rating_email.enqueue,
        now=now,
    )
