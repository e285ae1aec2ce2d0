"""“Which Endorsement is right for me?”: a few answers become a portfolio for the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Education, Work
from endorse.eligibility import portfolio as p
from endorse.eligibility.spans import add_months

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Rules every applicant meets later in the process, not by their background.
LATER_STEPS = frozenset({"references", "attestations", "membership", "category_open"})


def hours(label: StrOrPromise) -> forms.DecimalField:
    """A number of hours, none by default, in the engine's bounds (hundredths, ≤ 10,000)."""
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(10_000),
        decimal_places=2,
        initial=Decimal(0),
    )


class AdvisorForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Your highest degree"),
        choices=[("", _("No degree yet")), *Education.Level.choices],
        required=False,
    )
    years = forms.DecimalField(
        label=_("Years of work with infants, young children and families"),
        min_value=Decimal(0),
        max_value=Decimal(60),
        decimal_places=1,
        initial=Decimal(0),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    fte = forms.DecimalField(
        label=_("Share of full time (1 = full time, 0.5 = half time)"),
        min_value=Decimal("0.05"),
        max_value=Decimal(1),
        decimal_places=2,
        initial=Decimal(1),
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    service = forms.ChoiceField(label=_("Kind of work"), choices=Work.Service.choices)
    families_served = forms.IntegerField(
        label=_("Families served in that work"), min_value=0, max_value=100_000, initial=0
    )
    age_band = forms.ChoiceField(label=_("Ages served"), choices=Work.AgeBand.choices)
    training_hours = hours(_("Hours of in-service training"))
    dei_hours = hours(_("…of which on diversity, equity and inclusion"))
    pip_hours = hours(_("…of which on parent–infant/child psychotherapy"))
    rsc_hours = hours(_("Hours of reflective supervision/consultation (RS/C) received"))
    rsc_months = forms.IntegerField(
        label=_("Over how many months (in the last two years)"),
        min_value=1,
        max_value=24,
        initial=12,
    )
    license = forms.ChoiceField(
        label=_("Mental health license"),
        choices=[
            ("none", _("No license")),
            ("eligible", _("Eligible for a license")),
            ("licensed", _("Licensed")),
        ],
        initial="none",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = data.get("training_hours") or Decimal(0)
        for name in ("dei_hours", "pip_hours"):
            if (data.get(name) or 0) > total:
                self.add_error(name, _("Can't be more than the training hours in all."))
        return data


@dataclass(frozen=True)
class Answers:
    level: str
    years: Decimal
    fte: Decimal
    service: str
    families_served: int
    age_band: str
    training_hours: Decimal
    dei_hours: Decimal
    pip_hours: Decimal
    rsc_hours: Decimal
    rsc_months: int
    license: str


def advisor_portfolio(answers: Answers, today: date) -> p.Portfolio:
    """The answers as entries: one degree, one job, three trainings, monthly RS/C."""
    yesterday = today - timedelta(days=1)
    education = (
        (p.Education(level=answers.level, completed_on=yesterday),)  # type: ignore[arg-type]
        if answers.level
        else ()
    )
    days = int(answers.years * Decimal("365.25"))
    work = (
        (
            p.Work(
                start=today - timedelta(days=days),
                end=yesterday,
                fte=float(answers.fte),
                paid=True,
                supervised=True,
                service=answers.service,  # type: ignore[arg-type]
                age_band=answers.age_band,  # type: ignore[arg-type]
                families_served=answers.families_served,
            ),
        )
        if days > 0
        else ()
    )
    general = answers.training_hours - answers.dei_hours - answers.pip_hours
    parts = (
        (general, ()),
        (answers.dei_hours, ("dei",)),
        (answers.pip_hours, ("parent_infant_psychotherapy",)),
    )
    training = tuple(
        p.Training(date=yesterday, hours=float(hours), topics=topics)  # type: ignore[arg-type]
        for hours, topics in parts
        if hours > 0
    )
    return p.Portfolio(
        format="endorse.portfolio/1",
        person=p.Person(
            mental_health_license=answers.license == "licensed",
            license_eligible=answers.license in ("licensed", "eligible"),
        ),
        education=education,
        work=work,
        training=training,
        rsc=_monthly_rsc(answers.rsc_hours, answers.rsc_months, yesterday),
    )


def _monthly_rsc(hours: Decimal, months: int, last: date) -> tuple[p.Rsc, ...]:
    """Spread the hours evenly, one session a month, in whole hundredths."""
    if hours <= 0:
        return ()
    cents = int(hours * 100)
    share, extra = divmod(cents, months)
    sessions = []
    for index in range(months):
        amount = share + (1 if index < extra else 0)
        if amount:
            sessions.append(
                p.Rsc(
                    date=add_months(last, -index),
                    hours=amount / 100,
                    format="individual",
                    provider_endorsement="IMHM-C",
                )
            )
    return tuple(sessions)
