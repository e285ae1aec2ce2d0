"""What the advisor says: each category as the engine judges the answers, in the form's
units (years, months, hours), the categories that suit the person first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from endorse.applications.advisor import LATER_STEPS, YEAR_DAYS, Answers, advisor_portfolio
from endorse.applications.selectors import offered_categories
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.eligibility import Requirement, RuleSet, evaluate
from endorse.eligibility.checks.phrases import BANDS, LEADERSHIP_KINDS, MET, UNMET, duration
from endorse.eligibility.messages import gettext_noop as _
from endorse.eligibility.messages import render
from endorse.eligibility.portfolio import LEVEL_RANK
from endorse.standards.models import Category
from endorse.standards.selectors import evaluation_options, requirement_catalog

# The category scope (``Category.scope``) that each kind of work the form offers belongs
# to; "other" work belongs to none.
SCOPE_OF_SERVICE = {
    "promotion": "promotion",
    "prevention": "prevention",
    "treatment": "treatment",
    "parent_infant_psychotherapy": "treatment",
}


@dataclass(frozen=True)
class AdvisorLine:
    code: str
    met: bool
    message: str
    # The share of the requirement still missing: 0 when met, 1/12 for 11 of 12 months,
    # 1 when it has no figures to compare (a degree, a license).
    missing_share: float


@dataclass(frozen=True)
class AdvisorRow:
    code: str
    name: str
    lines: tuple[AdvisorLine, ...]
    fits_work: bool
    fits_ages: bool
    order: int

    @property
    def ready(self) -> bool:
        return all(line.met for line in self.lines)

    @property
    def met(self) -> list[str]:
        return [line.message for line in self.lines if line.met]

    @property
    def missing(self) -> list[str]:
        return [line.message for line in self.lines if not line.met]

    @property
    def shortfall(self) -> float:
        return sum(line.missing_share for line in self.lines)


def rank_key(row: AdvisorRow) -> tuple[bool, bool, bool, float, int]:
    """The advisor's order (docs/eligibility.md, "The advisor").

    Counting the rules not met put a parent–infant psychotherapist's Mentor – Policy (one
    rule: three years of policy leadership) above their Mental Health Specialist (two: an
    hour of training and a month of RS/C), which fits their work and is far closer. So:
    the categories the background already meets first; then those that fit the work
    described (its kind, or for a Mentor category the kind of leadership), then those for
    the ages served; then the closest, by the sum over the rules not met of the share
    missing (a month of 12 is 1/12; a degree or license, all of it); then the
    association's order."""
    return (not row.ready, not row.fits_work, not row.fits_ages, row.shortfall, row.order)


def advisor_rows(*, association: Association, answers: Answers, lang: str) -> list[AdvisorRow]:
    """Every category the association offers with requirements in force today, ranked."""
    today = association_today(association=association)
    catalog = requirement_catalog(association=association)
    options = evaluation_options(association=association)
    portfolio = advisor_portfolio(answers, today)
    rows = []
    for order, category in enumerate(offered_categories(association=association)):
        ruleset = catalog.in_force(category.code, today)
        if ruleset is None:
            continue
        evaluation = evaluate(portfolio, ruleset, today, lang=lang, options=options)
        lines = tuple(
            _line(requirement, ruleset, category, answers, lang)
            for requirement in evaluation.requirements
            if requirement.code not in LATER_STEPS
        )
        rows.append(
            AdvisorRow(
                code=category.code,
                name=category.name,
                lines=lines,
                fits_work=_fits_work(category, answers),
                fits_ages=answers.age_band in (category.age_band, "both"),
                order=order,
            )
        )
    return sorted(rows, key=rank_key)


def _fits_work(category: Category, answers: Answers) -> bool:
    if category.scope == "leadership":
        return bool(answers.leadership_years) and answers.leadership_kind == category.designation
    return SCOPE_OF_SERVICE.get(answers.service) == category.scope


def _line(
    requirement: Requirement, ruleset: RuleSet, category: Category, answers: Answers, lang: str
) -> AdvisorLine:
    message = requirement.message
    if requirement.unit == "days":
        params = ruleset.params(requirement.code)
        message = _in_years(requirement, params, category, answers, lang) or message
    return AdvisorLine(requirement.code, requirement.met, message, _missing_share(requirement))


def _missing_share(requirement: Requirement) -> float:
    have, need = requirement.have, requirement.need
    if requirement.met:
        return 0.0
    if isinstance(have, bool) or isinstance(need, bool):
        return 1.0
    if isinstance(have, int | float) and isinstance(need, int | float) and 0 <= have < need:
        return 1 - have / need
    return 1.0


# The day-counting rules' words, in years: the form asks for years.
YEARS_WHAT = {
    "service": _(
        "full-time years of paid prevention, early intervention or treatment work with {band}"
    ),
    "post_master": _("full-time years of paid post-master's treatment work with {band}"),
    "psychotherapy": _(
        "full-time years of supervised paid parent–infant/child psychotherapy with {band} "
        "(up to {internship} of internship supervised by an endorsed professional count)"
    ),
    "leadership": _("years as a leader in {kind}"),
    "rsc_provided": _("years providing reflective supervision/consultation to others"),
}
NO_DEGREE = _(
    "A degree or a CDA credential, or {need} full-time years of paid or supervised volunteer "
    "work with {band}: {have} so far."
)


def _in_years(
    requirement: Requirement, params: Any, category: Category, answers: Answers, lang: str
) -> str | None:
    """The engine's day-counting message said in years; None for a rule it can't say."""
    band = render(lang, BANDS[category.age_band])
    need = _years(requirement.need)
    have = _years(requirement.have, below=None if requirement.met else need)
    values: dict[str, object] = {"band": band}
    if requirement.code == "education_or_work":
        if answers.level:  # met by the degree: the engine's message names it, no figures
            return None
        return render(lang, NO_DEGREE, need=need, have=have, band=band)
    if requirement.code == "work":
        kind = _work_kind(params)
        if params.internship is not None:
            values["internship"] = duration(lang, params.internship.max_days)
    elif requirement.code == "leadership":
        kind = "leadership"
        values["kind"] = render(lang, LEADERSHIP_KINDS[params.kind])
    elif requirement.code == "rsc_provided":
        kind = "rsc_provided"
    else:
        return None
    what = render(lang, YEARS_WHAT[kind], **values)
    message = render(lang, MET if requirement.met else UNMET, have=have, need=need, what=what)
    return message + "".join(
        ". " + render(lang, sentence) for sentence in _work_conditions(requirement, params, answers)
    )


def _work_kind(params: Any) -> str:
    """The same choice of words as the engine's ``work`` check (checks/work.py)."""
    if params.internship:
        return "psychotherapy"
    return "post_master" if params.after_degree else "service"


def _work_conditions(requirement: Requirement, params: Any, answers: Answers) -> list[str]:
    """What the engine's ``work`` message adds after its figures, for these answers."""
    if requirement.code != "work":
        return []
    sentences = []
    if params.licensed_or_eligible and answers.license == "none":
        sentences.append(_("You must also hold a mental health license or be license-eligible."))
    if params.after_degree and LEVEL_RANK.get(answers.level, -1) < LEVEL_RANK["master"]:
        sentences.append(_("Only work after a master's degree counts."))
    return sentences


def _years(days: object, *, below: float | None = None) -> float:
    """Days as years to the hundredth; never shown as reaching ``below`` when it doesn't
    (729.5 days are 1.99 years, not 2)."""
    exact = Decimal(str(days)) / YEAR_DAYS
    shown = exact.quantize(Decimal("0.01"))
    if below is not None and shown >= Decimal(str(below)):
        shown = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return float(shown)
