"""The reviews of a round side by side, for the coordinator who decides with both in front
of them: each requirement and each area, every reviewer's verdict and comment, and where
they disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from endorse.applications.models import Application
from endorse.eligibility.describe import describe
from endorse.ratings.models import Area
from endorse.reviews.models import Review
from endorse.reviews.selectors import pinned_ruleset, submitted_reviews


@dataclass(frozen=True)
class Judged:
    verdict: str  # a Verdict value, or "" when the reviewer left it blank
    comment: str


@dataclass(frozen=True)
class ComparedRow:
    kind: str  # "requirements" or "areas"
    key: str  # the rule's code or the area
    label: str
    judged: tuple[Judged, ...]  # one per review, in the order of ``Comparison.reviews``

    @property
    def disagree(self) -> bool:
        """Two reviewers gave different verdicts (a blank one disagrees with nobody)."""
        return len({j.verdict for j in self.judged if j.verdict}) > 1


@dataclass(frozen=True)
class Comparison:
    reviews: list[Review]
    rows: list[ComparedRow]

    @property
    def disagreements(self) -> int:
        return sum(row.disagree for row in self.rows)


def requirement_lines(application: Application) -> list[tuple[str, str]]:
    """The pinned set's rules, each named as the association page describes it."""
    ruleset = pinned_ruleset(application)
    if ruleset is None:
        return []
    lines = describe(ruleset, application.category.age_band, get_language() or "en")
    return [(code, line) for (code, _params), line in zip(ruleset.rules, lines, strict=True)]


def judged_keys(application: Application) -> list[tuple[str, str, str]]:
    """``(kind, key, label)`` of everything a reviewer judges: the pinned set's rules, then
    the areas."""
    keys = [("requirements", code, line) for code, line in requirement_lines(application)]
    keys += [("areas", str(area), str(label)) for area, label in Area.choices]
    return keys


def comparison_of(reviews: list[Review], keys: list[tuple[str, str, str]]) -> Comparison:
    """``reviews`` side by side, row by row of ``keys`` (no rows without a review)."""
    if not reviews:
        return Comparison(reviews=[], rows=[])
    rows = [
        ComparedRow(kind, key, label, tuple(_judged(review, kind, key) for review in reviews))
        for kind, key, label in keys
    ]
    return Comparison(reviews=reviews, rows=rows)


def reviews_compared(application: Application) -> Comparison:
    """The reviews sent in this round, first reviewer's first, row by row."""
    reviews = submitted_reviews(application)
    return comparison_of(reviews, judged_keys(application) if reviews else [])


def _judged(review: Review, kind: str, key: str) -> Judged:
    answer = (review.answers or {}).get(kind, {}).get(key, {})
    return Judged(verdict=answer.get("verdict", ""), comment=answer.get("comment", ""))
