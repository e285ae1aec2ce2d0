"""Reads about one person across associations: where their staff pages are, and which
association (and time zone) speaks for the pages and emails that belong to none."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from endorse.associations.models import Association, StaffRole


@dataclass(frozen=True)
class StaffHome:
    """Where a staff member starts their work at one association: the coordinator's
    dashboard for a coordinator or administrator, the list of reviews for a reviewer."""

    association: Association
    coordinates: bool
    reviews: bool

    @property
    def url(self) -> str:
        name = "applications:manage" if self.coordinates else "reviews:assignments"
        return reverse(name, args=[self.association.slug])


def staff_homes(*, user_id: int) -> list[StaffHome]:
    """One per association where the person holds a role, by name. One query."""
    rows = (
        StaffRole.objects.filter(user_id=user_id)
        .select_related("association")
        .order_by("association__name", "association_id")
    )
    found: dict[int, StaffHome] = {}
    for row in rows:
        home = found.get(row.association_id)
        coordinates = row.role != StaffRole.Role.REVIEWER
        found[row.association_id] = StaffHome(
            association=row.association,
            coordinates=coordinates or bool(home and home.coordinates),
            reviews=not coordinates or bool(home and home.reviews),
        )
    return list(found.values())


def staff_start_url(*, user_id: int) -> str | None:
    """Where a staff member goes from the header's "Manage" link and after signing in: their
    one association's staff page, or the list of them when they have several."""
    homes = staff_homes(user_id=user_id)
    if not homes:
        return None
    return homes[0].url if len(homes) == 1 else reverse("staff_homes")


def person_association(*, user_id: int | None) -> Association | None:
    """The association a person deals with, for what belongs to none (their notifications,
    account emails): the last they registered with, else one where they are staff."""
    if user_id is None:
        return None
    # ``registrations`` is the applications app's Registration, by its reverse name: this
    # layer can't import it.
    return (
        Association.objects.filter(registrations__applicant_id=user_id)
        .order_by("-registrations__pk")
        .first()
    ) or Association.objects.filter(staff__user_id=user_id).order_by("name").first()


def person_time_zone(*, user_id: int | None) -> str:
    """The time zone of a person's pages and emails that belong to no association: their
    association's; the site's (UTC, which then says so) for someone who has none yet."""
    association = person_association(user_id=user_id)
    return association.time_zone if association else str(settings.TIME_ZONE)
