"""Why each training counts toward the training rules, or doesn't."""

from __future__ import annotations

from typing import Final

from endorse.eligibility.context import Context
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import hundredths
from endorse.eligibility.reasons.notes import EntryNote, after, note
from endorse.eligibility.rulesets import TrainingParams

TOPICS: Final = {
    "dei": _("diversity, equity and inclusion"),
    "parent_infant_psychotherapy": _("parent–infant/child psychotherapy"),
    "rsc_provision": _("providing reflective supervision/consultation"),
}


def _notes(ctx: Context, topic: str | None) -> list[EntryNote]:
    notes = []
    topic_name = ctx.say(TOPICS[topic]) if topic else ""
    for index, entry in enumerate(ctx.portfolio.training):
        if entry.date > ctx.as_of:
            notes.append(after(ctx, "training", index))
        elif topic is not None and topic not in entry.topics:
            notes.append(
                note(
                    ctx,
                    "training",
                    index,
                    counts=False,
                    reason=_("Not marked as training on {topic}."),
                    field="topics",
                    topic=topic_name,
                )
            )
        else:
            hours = number(hundredths(entry.hours))
            notes.append(
                note(
                    ctx,
                    "training",
                    index,
                    counts=True,
                    reason=_("Counts: {hours} hours."),
                    amount=hours,
                    hours=hours,
                )
            )
    return notes


def training_total(ctx: Context, _params: TrainingParams) -> list[EntryNote]:
    return _notes(ctx, None)


def training_dei(ctx: Context, _params: TrainingParams) -> list[EntryNote]:
    return _notes(ctx, "dei")


def training_pip(ctx: Context, _params: TrainingParams) -> list[EntryNote]:
    return _notes(ctx, "parent_infant_psychotherapy")


def training_rsc_provision(ctx: Context, _params: TrainingParams) -> list[EntryNote]:
    return _notes(ctx, "rsc_provision")
