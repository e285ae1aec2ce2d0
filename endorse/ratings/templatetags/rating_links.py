"""What the applicant's page says of a link out: when it expires, whether it has."""

from __future__ import annotations

from django import template
from django.utils import timezone

from endorse.associations.models import Association
from endorse.ratings.models import RatingRequest
from endorse.ratings.selectors import LinkExpiry, link_expiry

register = template.Library()


@register.simple_tag
def rating_link_expiry(rating_request: RatingRequest, association: Association) -> LinkExpiry:
    return link_expiry(rating_request=rating_request, association=association, now=timezone.now())
