"""Reads: which requirement sets apply to an association, as engine objects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from endorse.associations.models import Association
from endorse.eligibility import Catalog, Options, RuleSet
from endorse.eligibility.rulesets import parse_version
from endorse.standards.models import Category, RequirementSet


def requirement_set_spec(requirement_set: RequirementSet) -> dict[str, Any]:
    """A stored set in the engine's version format (what ``parse_version`` reads)."""
    return {
        "categories": [requirement_set.category.code],
        "effective_from": requirement_set.effective_from.isoformat(),
        "effective_to": (
            requirement_set.effective_to.isoformat() if requirement_set.effective_to else None
        ),
        "requires_exam": requirement_set.requires_exam,
        "closed": [
            {
                "start": window.start.isoformat(),
                "end": window.end.isoformat(),
                "reason": {"en": window.reason_en, "es": window.reason_es or window.reason_en},
            }
            for window in requirement_set.closed_windows.all()
        ],
        "rules": requirement_set.rules,
    }


def requirement_catalog(*, association: Association | None) -> Catalog:
    """The versions that apply to an association, category by category.

    A category for which the association has its own versions uses only
    those; every other category uses the baseline.
    """
    rows = (
        (
            RequirementSet.objects.filter(association__in=[association] if association else [])
            | RequirementSet.objects.filter(association__isnull=True)
        )
        .select_related("category", "association")
        .prefetch_related("closed_windows")
    )
    by_owner: dict[bool, dict[str, list[RequirementSet]]] = {
        True: defaultdict(list),
        False: defaultdict(list),
    }
    for row in rows:
        by_owner[row.association_id is not None][row.category.code].append(row)
    chosen: list[RuleSet] = []
    for code in {*by_owner[True], *by_owner[False]}:
        own = by_owner[True].get(code)
        for row in own or by_owner[False][code]:
            chosen.append(requirement_set_ruleset(row))
    return Catalog(chosen)


def requirement_set_ruleset(requirement_set: RequirementSet) -> RuleSet:
    """One stored set as the engine's rule set; its source is the association's slug, or
    the baseline's name."""
    owner = requirement_set.association
    source = owner.slug if owner else requirement_set.source
    (ruleset,) = parse_version(source, requirement_set_spec(requirement_set))
    return ruleset


def evaluation_options(*, association: Association | None) -> Options:
    if association is None:
        return Options()
    return Options(accept_vetted_rsc_providers=association.accept_vetted_rsc_providers)


_CATEGORY_MEMO: ContextVar[dict[str, Category] | None] = ContextVar("category_memo", default=None)


@contextmanager
def categories_read_once() -> Iterator[None]:
    """Within this block ``category_by_code`` reads all categories in one query, once (a
    page that renders many emails' texts); outside it, each call is one query."""
    token = _CATEGORY_MEMO.set({})
    try:
        yield
    finally:
        _CATEGORY_MEMO.reset(token)


def category_by_code(code: str) -> Category:
    memo = _CATEGORY_MEMO.get()
    if memo is None:
        return Category.objects.get(code=code)
    if not memo:
        memo.update(Category.objects.in_bulk(field_name="code"))
    return memo[code]
