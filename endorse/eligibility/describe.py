"""What a requirement set asks for, in plain language (for pages that explain it)."""

from __future__ import annotations

from typing import Any

from endorse.eligibility.checks.phrases import BANDS, LEADERSHIP_KINDS, LEVELS, duration
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import render
from endorse.eligibility.rulesets import RuleSet

NEEDS = {
    "education": _("{level} or higher"),
    "education_license": _("{level} or higher, or a professional mental health license"),
    "education_or_work": _("Any degree or a CDA credential, or {duration} of work with {band}"),
    "work": _("{duration} of qualifying work with {band}"),
    "families": _("At least {count} families served"),
    "training_total": _("{hours} hours of in-service training"),
    "training_dei": _("{hours} of those hours on diversity, equity and inclusion"),
    "training_pip": _("{hours} of those hours on parent–infant/child psychotherapy"),
    "training_rsc_provision": _("{hours} of those hours on providing RS/C"),
    "rsc_hours": _("{hours} hours of reflective supervision/consultation within {window} months"),
    "rsc_period": _("RS/C spread over at least {months} months"),
    "rsc_about_providing": _("{hours} hours of RS/C about the RS/C you provide"),
    "leadership": _("{duration} as a leader in {kind}"),
    "rsc_provided": _("{duration} providing RS/C to others"),
    "references": _("{count} reference ratings"),
    "references_rsc": _("{count} reference ratings, one from your RS/C provider"),
    "attestations": _("Signed Code of Ethics and Endorsement Agreement"),
    "membership": _("Current membership"),
}


def describe(ruleset: RuleSet, age_band: str, lang: str) -> list[str]:
    """One line per rule, in the rule set's order."""
    return [_line(code, params, age_band, lang) for code, params in ruleset.rules]


def _line(code: str, params: Any, age_band: str, lang: str) -> str:
    values: dict[str, object] = {"band": render(lang, BANDS[age_band])}
    key = code
    if code == "education":
        level = render(lang, LEVELS[params.level])
        values["level"] = level[:1].upper() + level[1:]
        key = "education_license" if params.or_license else code
    elif code in ("education_or_work", "work", "leadership", "rsc_provided"):
        values["duration"] = duration(lang, params.days)
        if code == "leadership":
            values["kind"] = render(lang, LEADERSHIP_KINDS[params.kind])
    elif code in ("families", "references"):
        values["count"] = params.count
        key = "references_rsc" if code == "references" and params.rsc_provider else code
    elif code == "rsc_period":
        values["months"] = params.months
    elif hasattr(params, "hours"):
        values["hours"] = params.hours if params.hours % 1 else int(params.hours)
        values["window"] = getattr(params, "window_months", 24)
    return render(lang, NEEDS[key], **values)
