"""Writes about associations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from endorse.accounts.models import User
from endorse.associations.models import Association, StaffRole, validate_slug_not_reserved
from endorse.core.text import without_nul
from endorse.standards.models import Category, Offering


@transaction.atomic
def association_upsert(*, slug: str, offered: list[str], **fields: Any) -> Association:
    """Create or update an association and the categories it offers; a slug that a page of
    the site uses (``/me/``, ``/api/`` …) is refused, as the admin's form refuses it."""
    validate_slug_not_reserved(slug)
    association, _created = Association.objects.update_or_create(slug=slug, defaults=fields)
    categories = list(Category.objects.filter(code__in=offered))
    Offering.objects.filter(association=association).exclude(category__in=categories).delete()
    for category in categories:
        Offering.objects.get_or_create(association=association, category=category)
    return association


@transaction.atomic
def staff_role_add(*, association: Association, email: str, role: str) -> StaffRole:
    """Give an existing account a role at this association (never at another)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("No account uses this address. Ask the person to create an account "
                        "first, then add them.")},
            code="no_account",
        )  # fmt: skip
    staff_role, created = StaffRole.objects.get_or_create(
        association=association, user=user, role=role
    )
    if not created:
        raise ValidationError({"role": _("This person already has this role.")}, code="duplicate")
    return staff_role


@transaction.atomic
def staff_role_remove(*, association: Association, pk: int) -> None:
    """Remove one role; an association always keeps at least one active administrator.
    The association's row is the one lock, so two removals at once take turns."""
    Association.objects.select_for_update().get(pk=association.pk)
    staff_role = StaffRole.objects.filter(association=association, pk=pk).first()
    if staff_role is None:
        return  # removed already
    admins = StaffRole.objects.filter(
        association=association, role=StaffRole.Role.ADMIN, user__is_active=True
    )
    if staff_role.role == StaffRole.Role.ADMIN and not admins.exclude(pk=pk).exists():
        raise ValidationError(_("An association keeps at least one administrator."), code="last")
    staff_role.delete()


@transaction.atomic
def association_settings_save(
    *,
    association: Association,
    rating_link_days: int,
    review_credit_hours: Decimal = Decimal(0),
    review_credit_cap: Decimal | None = None,
    payment_instructions_en: str = "",
    payment_instructions_es: str = "",
    payment_link: str = "",
) -> Association:
    """The administrator's settings. A rater link's days count from its sending, as the
    setting stands when the link is opened: shortening it can expire links already out.
    Review credit is computed from the reviews sent whenever it is shown, so a change
    counts for every year at once (the certificates and renewals not yet sent). How to pay
    is the association's own text, shown (escaped) beside every fee due."""
    locked = Association.objects.select_for_update().get(pk=association.pk)
    fields = {
        "rating_link_days": rating_link_days,
        "review_credit_hours": review_credit_hours,
        "review_credit_cap": review_credit_cap,
        "payment_instructions_en": without_nul(payment_instructions_en).strip(),
        "payment_instructions_es": without_nul(payment_instructions_es).strip(),
        "payment_link": payment_link.strip(),
    }
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=list(fields))
    return locked
