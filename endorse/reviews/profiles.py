"""Writes of the reviewer's own profile: the languages they review in, how many open
reviews they take at once, and when they are away (``services.py`` holds the review's
moves; this is the reviewer's own time)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association, StaffRole
from endorse.reviews.models import REVIEW_LANGUAGES, ReviewerProfile


@transaction.atomic
def reviewer_profile_set(
    *,
    association: Association,
    user: User,
    languages: list[str],
    capacity: int,
    away_until: date | None,
) -> ReviewerProfile:
    """The reviewer's own answer; the categories stay the administrator's."""
    if not StaffRole.objects.filter(
        association=association, user=user, role=StaffRole.Role.REVIEWER
    ).exists():
        raise ValidationError(_("This person is not a reviewer here."), code="not_reviewer")
    known = [code for code, _label in REVIEW_LANGUAGES if code in languages]
    if not known:
        raise ValidationError({"languages": _("Choose at least one language.")}, code="languages")
    if capacity < 1:
        raise ValidationError({"capacity": _("Take at least one review at a time.")})
    profile, _created = ReviewerProfile.objects.update_or_create(
        association=association,
        user=user,
        defaults={"languages": known, "capacity": capacity, "away_until": away_until},
    )
    return profile
