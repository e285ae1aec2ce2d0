"""``explain``: the judgement of :func:`evaluate`, with every entry's part in it.

Each requirement comes with the entries it looked at: those that count toward
it (with what each adds) and those that don't, each with its reason in plain
language. The review, the applicant's checklist and ``endorse evaluate
--explain`` all read this one function; nothing outside the engine works out
why an entry counts.
"""

from __future__ import annotations

from datetime import date

import msgspec

from endorse.eligibility.checks import CHECKS
from endorse.eligibility.checks.status import category_open
from endorse.eligibility.context import Options, Requirement
from endorse.eligibility.evaluate import Evaluation, judgement, make_context
from endorse.eligibility.portfolio import Portfolio
from endorse.eligibility.reasons import REASONS, EntryNote
from endorse.eligibility.rulesets import RuleSet

__all__ = ["EntryNote", "Explained", "explain"]


class Explained(Requirement, frozen=True, kw_only=True):
    """A requirement's result and the entries behind it, in portfolio order."""

    entries: tuple[EntryNote, ...] = ()

    @property
    def counted(self) -> tuple[EntryNote, ...]:
        return tuple(note for note in self.entries if note.counts)

    @property
    def not_counted(self) -> tuple[EntryNote, ...]:
        return tuple(note for note in self.entries if not note.counts)


def explain(
    portfolio: Portfolio,
    ruleset: RuleSet,
    as_of: date,
    *,
    lang: str = "en",
    options: Options | None = None,
    unmet_only: bool = False,
) -> Evaluation:
    """The same result as :func:`evaluate`, each requirement an :class:`Explained`.

    With ``unmet_only`` only the requirements not met list their entries (a checklist
    points to what to fix; explaining every entry costs several times judging).
    """
    ctx = make_context(portfolio, ruleset, as_of, lang=lang, options=options)
    requirements: list[Requirement] = [_explained(category_open(ctx), ())]
    for code, params in ruleset.rules:
        requirement = CHECKS[code](ctx, params)
        reasons = REASONS.get(code)
        wanted = reasons is not None and not (unmet_only and requirement.met)
        notes = tuple(reasons(ctx, params)) if reasons and wanted else ()
        requirements.append(_explained(requirement, notes))
    return judgement(ruleset, as_of, tuple(requirements))


def _explained(requirement: Requirement, notes: tuple[EntryNote, ...]) -> Explained:
    return Explained(**msgspec.structs.asdict(requirement), entries=notes)
