"""An association's slug is the first segment of its pages' addresses, so it must never be
a segment the site itself uses: /me/ would show the signed-in person's page, not Maine's."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from endorse.associations.models import RESERVED_SLUGS, Association
from endorse.associations.services import association_upsert


def first_segments(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    """The literal first segments of every address the site answers."""
    found = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if not route:  # the home page, or an include at the root whose patterns start it
            if isinstance(pattern, URLResolver):
                found |= first_segments(pattern.url_patterns)
            continue
        segment = route.lstrip("^").split("/", 1)[0]
        if segment and "<" not in segment and "(" not in segment:
            found.add(segment)
    return found


def test_every_first_segment_of_the_site_is_a_reserved_slug() -> None:
    used = first_segments(get_resolver().url_patterns) - {"favicon.ico"}
    assert used <= RESERVED_SLUGS, sorted(used - RESERVED_SLUGS)


@pytest.mark.parametrize("slug", ["me", "api", "registry", "verify"])
def test_an_association_cannot_take_a_slug_the_site_uses(db: None, slug: str) -> None:
    with pytest.raises(ValidationError) as refused:
        association_upsert(slug=slug, offered=[], name="Maine Association")
    assert refused.value.messages == [f"“{slug}” is reserved; choose another."]
    assert not Association.objects.filter(slug=slug).exists()
