"""Emails go out in the recipient's language, from a background task.

Emails are plain text: their templates are rendered with autoescaping off, so that
"O'Brien" reads as typed. What comes out is therefore *not* HTML-safe, and
``render_email`` hands it back as a plain ``str`` (never Django's ``SafeString``):
a page that shows the same text (the notifications page) escapes it like any other
value. Rendering it as markup once let a coordinator's typed reason run as script in
the reader's session.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation

from endorse.accounts.models import User


def render_email(template: str, context: dict[str, Any], lang: str) -> tuple[str, str]:
    """``(subject, body)`` of ``email/<template>_subject.txt`` and ``_body.txt`` in ``lang``."""
    with translation.override(lang):
        subject = render_to_string(f"email/{template}_subject.txt", context)
        body = render_to_string(f"email/{template}_body.txt", context)
    return " ".join(subject.split()), plain_text(body)


def plain_text(rendered: str) -> str:
    """``rendered`` as an ordinary ``str``: the "safe" mark of a plain-text template
    would let an HTML page print typed text unescaped. (``str()``, and even ``"%s" %``,
    of a ``SafeString`` give back the same marked object; decoding always builds a new
    plain ``str``.)"""
    return rendered.encode("utf-8").decode("utf-8")


def send_to_user(user_id: int, template: str, context: dict[str, Any]) -> None:
    user = User.objects.get(pk=user_id)
    context = {**context, "name": user.get_full_name()}
    send_to_address(user.email, user.preferred_language, template, context)


def send_to_address(address: str, lang: str, template: str, context: dict[str, Any]) -> None:
    """To someone without an account (a rater), in the language chosen for them."""
    email_message(address, lang, template, context).send()


def email_message(
    address: str, lang: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """The message ``send_to_address`` sends, for a sender that hands it over itself."""
    subject, body = render_email(template, context, lang)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
    )


def message_id(local: str) -> str:
    """A Message-ID that stays the same on every attempt to send one email."""
    domain = urlsplit(settings.SITE_URL).hostname or DNS_NAME
    return f"<{local}@{domain}>"
