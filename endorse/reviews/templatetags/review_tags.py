"""Labels for what reviews store as identifiers (verdicts, areas, decisions)."""

from __future__ import annotations

from django import template

from endorse.ratings.models import Area
from endorse.reviews.compare import requirement_lines
from endorse.reviews.models import Decision, Review, Verdict

register = template.Library()


@register.filter
def verdict_label(value: str) -> str:
    return str(dict(Verdict.choices).get(value, value))


@register.filter
def outcome_label(value: str) -> str:
    return str(dict(Decision.Outcome.choices).get(value, value))


@register.filter
def area_label(value: str) -> str:
    """An area's name; a requirement's code stays as it is (the reviewers' shared vocabulary)."""
    return str(dict(Area.choices).get(value, value))


@register.simple_tag
def judged_rows(review: Review) -> list[tuple[str, str, str]]:
    """``(what was judged, verdict, comment)`` of a review, each requirement named as the
    association page names it and each area by its name, in the order of the form."""
    labels = dict(requirement_lines(review.assignment.application))
    labels.update((str(area), str(label)) for area, label in Area.choices)
    rows = []
    for kind in ("requirements", "areas"):
        for key, value in (review.answers or {}).get(kind, {}).items():
            rows.append((labels.get(key, key), value.get("verdict", ""), value.get("comment", "")))
    return rows
