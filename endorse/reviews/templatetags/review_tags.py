"""Labels for what reviews store as identifiers (verdicts, areas, decisions)."""

from __future__ import annotations

from django import template

from endorse.reviews.models import Decision, Review, Verdict

register = template.Library()


@register.filter
def verdict_label(value: str) -> str:
    return str(dict(Verdict.choices).get(value, value))


@register.filter
def outcome_label(value: str) -> str:
    return str(dict(Decision.Outcome.choices).get(value, value))


@register.simple_tag
def judged_rows(review: Review, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(what was judged, verdict, comment)`` of a review, each requirement and area named
    by ``labels`` (the review form's names for them), in the order they were judged."""
    rows = []
    for kind in ("requirements", "areas"):
        for key, value in (review.answers or {}).get(kind, {}).items():
            rows.append((labels.get(key, key), value.get("verdict", ""), value.get("comment", "")))
    return rows
