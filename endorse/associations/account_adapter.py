"""allauth's account adapter: account emails speak for the person's association, and staff
land on their staff page after signing in.

An account email (confirm the address, reset the password) is signed by the association
the person came from or deals with, never by the server's address ("Hello from
127.0.0.1:8101!"): the association of the page they were sent on to (``next``, e.g.
``/ct/register/``), else the one they registered with or are staff at, else the site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import force_str

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.associations.people import person_association, staff_start_url

SITE_NAME = "Endorse"


class EndorseAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    sender_name = SITE_NAME

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        association = association_for_email(allauth_context.request, email, context.get("user"))
        self.sender_name = association.name if association else SITE_NAME
        zone = association.time_zone if association else str(settings.TIME_ZONE)
        context = {**context, "sender_name": self.sender_name, "time_zone": zone,
                   "site_url": settings.SITE_URL}  # fmt: skip
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"{self.sender_name}: {force_str(subject)}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff start at their staff page (or the list of them); everyone else at /me/.
        A ``next`` address, when there is one, still wins (allauth checks it first)."""
        home = staff_start_url(user_id=request.user.pk) if request.user.pk else None
        return home or str(super().get_login_redirect_url(request))


def association_for_email(
    request: HttpRequest | None, email: str, user: User | None
) -> Association | None:
    slug = _slug_of_next(request)
    found = Association.objects.filter(slug=slug).first() if slug else None
    if found is None and user is None:
        user = User.objects.filter(email__iexact=email).first()
    return found or person_association(user_id=user.pk if user else None)


def _slug_of_next(request: HttpRequest | None) -> str:
    """The first part of the address the person is sent on to, e.g. "ct" of /ct/register/."""
    if request is None:
        return ""
    target = request.POST.get("next") or request.GET.get("next") or ""
    parts = urlsplit(target).path.strip("/").split("/")
    return parts[0] if target.startswith("/") and parts[0] else ""
