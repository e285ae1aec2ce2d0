"""``training_total``, ``training_dei``, ``training_pip``, ``training_rsc_provision``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from endorse.eligibility.checks.phrases import progress
from endorse.eligibility.context import Context, Requirement
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import number
from endorse.eligibility.portfolio import Training, hundredths
from endorse.eligibility.rulesets import TrainingParams


def training_hours(
    entries: Iterable[Training], topic: str | None, counts: Callable[[date], bool]
) -> int:
    """Hundredths of hours of training on ``topic`` (any, if None) on days that count."""
    return sum(
        hundredths(entry.hours)
        for entry in entries
        if counts(entry.date) and (topic is None or topic in entry.topics)
    )


def _hours(ctx: Context, topic: str | None) -> int:
    return training_hours(ctx.portfolio.training, topic, lambda day: day <= ctx.as_of)


def _check(
    ctx: Context, code: str, topic: str | None, params: TrainingParams, text: str
) -> Requirement:
    have = _hours(ctx, topic)
    need = hundredths(params.hours)
    met = have >= need
    return Requirement(
        code=code,
        met=met,
        have=number(have),
        need=number(need),
        unit="hours",
        message=progress(ctx, met=met, have=number(have), need=number(need), what=text),
    )


def training_total(ctx: Context, params: TrainingParams) -> Requirement:
    text = _("hours of in-service training")
    return _check(ctx, "training_total", None, params, text)


def training_dei(ctx: Context, params: TrainingParams) -> Requirement:
    text = _("hours of training on diversity, equity and inclusion")
    return _check(ctx, "training_dei", "dei", params, text)


def training_pip(ctx: Context, params: TrainingParams) -> Requirement:
    text = _("hours of training on parent–infant/child psychotherapy")
    return _check(ctx, "training_pip", "parent_infant_psychotherapy", params, text)


def training_rsc_provision(ctx: Context, params: TrainingParams) -> Requirement:
    text = _("hours of training on providing reflective supervision/consultation")
    return _check(ctx, "training_rsc_provision", "rsc_provision", params, text)
