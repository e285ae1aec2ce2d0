"""Labels for what reviews store as identifiers (verdicts, areas, decisions)."""

from __future__ import annotations

from django import template

from endorse.ratings.models import Area
from endorse.reviews.models import Decision, Verdict

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
