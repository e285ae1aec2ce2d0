"""Reads about associations, always by slug first (the tenant scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from endorse.accounts.models import User
from endorse.associations.models import Association, StaffRole
from endorse.eligibility.describe import describe
from endorse.standards.models import Category
from endorse.standards.selectors import requirement_catalog


def association_list() -> QuerySet[Association]:
    return Association.objects.order_by("name")


def association_get(*, slug: str) -> Association:
    return get_object_or_404(Association, slug=slug)


def association_today(*, association: Association) -> date:
    return timezone.localdate(timezone=association.zone)


@dataclass(frozen=True)
class PaymentInstructions:
    text: str  # the association's words, as typed (escaped wherever shown)
    link: str
    followable: bool  # an https address: shown as a link; anything else only as text


def payment_instructions(*, association: Association, lang: str) -> PaymentInstructions | None:
    """How to pay this association, in ``lang`` when it wrote them in it, else in its other
    language (better than nothing); ``None`` when it wrote nothing."""
    texts = {"en": association.payment_instructions_en, "es": association.payment_instructions_es}
    text = texts.get(lang) or texts["en"] or texts["es"]
    link = association.payment_link
    if not (text or link):
        return None
    return PaymentInstructions(text, link, link.lower().startswith("https://"))


@dataclass(frozen=True)
class CategorySummary:
    category: Category
    needs: list[str]
    requires_exam: bool
    closed_until: date | None
    closed_reason: str


def offered_categories(*, association: Association) -> QuerySet[Category]:
    return Category.objects.filter(offering__association=association).order_by("sort_order")


def association_categories(
    *, association: Association, on: date, lang: str
) -> list[CategorySummary]:
    """The categories an association offers, described by the set in force on ``on``."""
    catalog = requirement_catalog(association=association)
    offered = offered_categories(association=association)
    rows: list[CategorySummary] = []
    for category in offered:
        version = catalog.in_force(category.code, on)
        if version is None:
            continue
        closed = next((w for w in version.closed if w.contains(on)), None)
        rows.append(
            CategorySummary(
                category=category,
                needs=describe(version, category.age_band, lang),
                requires_exam=version.requires_exam,
                closed_until=closed.end if closed else None,
                closed_reason=closed.reason_in(lang) if closed else "",
            )
        )
    return rows


def association_staff(*, association: Association) -> list[StaffMember]:
    """Everyone with a role here, by name, each with their roles and whether they use
    two-factor authentication. Two queries, whatever the number of people."""
    rows = (
        StaffRole.objects.filter(association=association)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )
    totp = set(
        Authenticator.objects.filter(
            type=Authenticator.Type.TOTP, user__staff_roles__association=association
        ).values_list("user_id", flat=True)
    )
    people: dict[int, StaffMember] = {}
    for row in rows:
        member = people.setdefault(row.user_id, StaffMember(row.user, [], row.user_id in totp))
        member.roles.append(row)
    return list(people.values())


@dataclass
class StaffMember:
    user: User
    roles: list[StaffRole]
    uses_two_factor: bool

    @property
    def is_reviewer(self) -> bool:
        return any(row.role == StaffRole.Role.REVIEWER for row in self.roles)
