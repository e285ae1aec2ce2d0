"""The one rule a registration's membership follows, for the form and the service alike."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def membership_check(*, expires_on: date, today: date) -> None:
    """A membership must be current on the day the registration is sent (the day it
    expires still counts), as the coordinator checks again when accepting it."""
    if expires_on >= today:
        return
    raise ValidationError(
        _(
            "Your membership must be current on the day you send this registration: it "
            "expired on %(day)s. Renew it with your association, then enter the new expiry "
            "date."
        )
        % {"day": date_format(expires_on, "DATE_FORMAT")},  # "March 3, 2025", "3 de marzo…"
        code="membership_expired",
    )
