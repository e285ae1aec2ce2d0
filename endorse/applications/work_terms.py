"""The work form's boxes, labelled and explained in the words of the category's rule.

A paid, full-time parent–infant psychotherapist's job once counted nothing until a box
labelled "Supervised practicum or internship hours" was ticked: the box is the rule's
``supervised``, which Mental Health Specialist (from 2025) asks of every job ("supervised
paid work"), while internships are a separate box with their own cap. So each box says
what the rule in force asks, read from its parameters (an association may change them),
never from the category's code. The field names stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.utils.translation import gettext as _

from endorse.eligibility import Catalog, RuleSet, load_baseline
from endorse.eligibility.rulesets import WorkParams
from endorse.standards.models import Category


@dataclass(frozen=True)
class WorkTerms:
    """Labels and help texts by field name; fields not named keep the model's."""

    labels: dict[str, str] = field(default_factory=dict)
    help_texts: dict[str, str] = field(default_factory=dict)


@cache
def _baseline() -> Catalog:
    return load_baseline()


def baseline_rules(category: Category, on: date) -> RuleSet | None:
    """The Alliance baseline in force: for a form given a category but not its rules."""
    return _baseline().in_force(category.code, on)


def work_terms(category: Category | None, rules: RuleSet | None) -> WorkTerms:
    """What each work box means for ``category`` under ``rules`` (in the active language);
    plain words where neither is known."""
    work: WorkParams | None = rules.params("work") if rules else None
    if category is None or rules is None:
        return _plain()
    if work is not None:
        return _work_rule(category.name, work)
    if rules.params("education_or_work") is not None:
        return _education_or_work(category.name)
    plain = _plain()
    note = _("Jobs don't count toward the requirements of %(category)s; the reviewers read them.")
    return WorkTerms(plain.labels, plain.help_texts | {"paid": note % {"category": category.name}})


def _plain() -> WorkTerms:
    return WorkTerms(
        labels={"paid": _("Paid work"), "supervised": _("Supervised work"),
                "internship": _("Internship")},
        help_texts={"supervised": _("Tick when this work was done under supervision.")},
    )  # fmt: skip


def _education_or_work(name: str) -> WorkTerms:
    return WorkTerms(
        labels={"paid": _("Paid work"), "supervised": _("Supervised volunteer work")},
        help_texts={
            "paid": _("Untick for volunteer work."),
            "supervised": _(
                "Without a degree or a CDA credential, %(category)s counts paid work, or "
                "volunteer work done under supervision: tick this for such volunteer work."
            )
            % {"category": name},
            "internship": _("An internship counts like any other job here."),
        },
    )


def _work_rule(name: str, work: WorkParams) -> WorkTerms:
    values = {"category": name}
    labels = {"paid": _("Paid work")}
    help_texts = {
        "paid": (
            _("Only paid work counts for %(category)s.")
            if work.paid
            else _("Paid or not, this work counts for %(category)s.")
        )
        % values
    }
    if work.supervised:
        labels["supervised"] = _("Supervised paid work") if work.paid else _("Supervised work")
        help_texts["supervised"] = (
            _(
                "For %(category)s a job counts when it is supervised paid work, done as, or "
                "under, a licensed or license-eligible therapist. Tick this for such a job; "
                "it is not about internship hours (mark those below)."
            )
            if work.licensed_or_eligible
            else _("For %(category)s a job counts only when the work was supervised.")
        ) % values
    else:
        labels["supervised"] = _("Supervised work")
        help_texts["supervised"] = (
            _("Not asked for %(category)s: the work counts whether or not it was supervised.")
            % values
        )
    labels_more, help_more = _internship(name, work)
    return WorkTerms(labels | labels_more, help_texts | help_more)


def _internship(name: str, work: WorkParams) -> tuple[dict[str, str], dict[str, str]]:
    if work.internship is None:
        text = (
            _("An internship counts like any other job for %(category)s, if it was paid.")
            if work.paid
            else _("An internship counts like any other job for %(category)s.")
        )
        return {"internship": _("Internship")}, {"internship": text % {"category": name}}
    codes = ", ".join(work.internship.supervisor_endorsements)
    values = {"category": name, "days": work.internship.max_days, "codes": codes}
    return (
        {
            "internship": _("Internship supervised by an endorsed professional"),
            "supervisor_endorsement": _("Your internship supervisor's Endorsement®"),
        },
        {
            "internship": _(
                "Up to %(days)s full-time days of an internship count for %(category)s, paid "
                "or not, when your internship supervisor is endorsed as one of: %(codes)s. "
                "Give their Endorsement® below."
            )
            % values,
            "supervisor_endorsement": _("An internship counts only with one of: %(codes)s.")
            % values,
        },
    )
