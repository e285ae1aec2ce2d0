"""“Which Endorsement is right for me?”: a few answers become a portfolio for the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Education, Leadership, Work
from endorse.core import numbers
from endorse.core.numbers import YEARS_AT_MOST, NumberField
from endorse.eligibility import portfolio as p
from endorse.eligibility.spans import add_months

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Rules every applicant meets later in the process, not by their background.
LATER_STEPS = frozenset({"references", "attestations", "membership", "category_open"})


def hours(label: StrOrPromise, *, required: bool = True) -> NumberField:
    """A number of hours, none by default, in the engine's bounds (hundredths, ≤ 10,000)."""
    return numbers.hours_field(label, required=required, min_value=Decimal(0), initial=0)


def optional_years(label: StrOrPromise, help_text: StrOrPromise) -> NumberField:
    """An optional number of years, half years allowed."""
    return NumberField(
        label=label,
        help_text=help_text,
        max_value=60,
        decimal_places=1,
        initial=0,
        required=False,
        error_messages={"max_value": YEARS_AT_MOST},
    )


class AdvisorForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Your highest degree"),
        choices=[("", _("No degree yet")), *Education.Level.choices],
        required=False,
    )
    years = NumberField(
        label=_("Years of work with infants, young children and families"),
        max_value=60,
        decimal_places=1,
        initial=0,
        error_messages={"max_value": YEARS_AT_MOST},
    )
    fte = NumberField(
        label=_("Share of full time (1 = full time, 0.5 = half time)"),
        min_value=Decimal("0.05"),
        max_value=1,
        decimal_places=2,
        initial=1,
    )
    service = forms.ChoiceField(label=_("Kind of work"), choices=Work.Service.choices)
    families_served = numbers.WholeNumberField(
        label=_("Families served in that work"), max_value=100_000, initial=0
    )
    age_band = forms.ChoiceField(label=_("Ages served"), choices=Work.AgeBand.choices)
    training_hours = hours(_("Hours of in-service training"))
    dei_hours = hours(_("…of which on diversity, equity and inclusion"))
    pip_hours = hours(_("…of which on parent–infant/child psychotherapy"))
    rsc_training_hours = hours(_("…of which on providing RS/C (Mentor categories)"), required=False)
    rsc_hours = hours(_("Hours of reflective supervision/consultation (RS/C) received"))
    rsc_about_providing_hours = hours(
        _("…of which about the RS/C you provide to others (Mentor categories)"), required=False
    )
    # The engine counts the whole months from the first session to the last, both inside
    # one 24-month window (docs/eligibility.md), so 23 is the most it can ever see.
    rsc_months = forms.IntegerField(
        label=_("Over how many months (in the last two years)"),
        help_text=_(
            "Whole months from your first session to your latest: 10 March 2024 to "
            "10 March 2025 is 12. At most 23, as RS/C counts within 24 months."
        ),
        min_value=1,
        max_value=23,
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

    leadership_years = optional_years(
        _("Years as a leader in the field (only the Mentor categories ask)"),
        _("Leading clinical practice, policy, or research and teaching."),
    )
    leadership_kind = forms.ChoiceField(
        label=_("Kind of leadership"), choices=Leadership.Kind.choices, required=False
    )
    rsc_provided_years = optional_years(
        _("Years providing RS/C to others (only the Mentor categories ask)"),
        _("Reflective supervision/consultation you gave, not received."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = data.get("training_hours") or Decimal(0)
        for name in ("dei_hours", "pip_hours", "rsc_training_hours"):
            if (data.get(name) or 0) > total:
                self.add_error(name, _("Can't be more than the training hours in all."))
        optional = ("leadership_years", "rsc_provided_years", "rsc_training_hours",
                    "rsc_about_providing_hours")  # fmt: skip
        for name in optional:
            data[name] = data.get(name) or Decimal(0)
        if data["rsc_about_providing_hours"] > (data.get("rsc_hours") or Decimal(0)):
            self.add_error(
                "rsc_about_providing_hours", _("Can't be more than the RS/C hours in all.")
            )
        topics = ("dei_hours", "pip_hours", "rsc_training_hours")
        if not self.errors and sum(data[name] for name in topics) > total:
            self.add_error(
                None, _("The hours on each topic, together, can't be more than the hours in all.")
            )
        if data["leadership_years"] and not data.get("leadership_kind"):
            self.add_error("leadership_kind", _("Say which kind of leadership."))
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
    rsc_training_hours: Decimal = Decimal(0)
    rsc_about_providing_hours: Decimal = Decimal(0)
    leadership_years: Decimal = Decimal(0)
    leadership_kind: str = ""
    rsc_provided_years: Decimal = Decimal(0)


def advisor_portfolio(answers: Answers, today: date) -> p.Portfolio:
    """The answers as entries that mean exactly what the person said (docs/eligibility.md,
    "The advisor"): every period ends yesterday; "N years" is N × 365 (FTE-)days, the
    engine's year; RS/C "over N months" has its first and last sessions N months apart."""
    yesterday = today - timedelta(days=1)
    work = _work(answers, today)
    # The form doesn't ask when the degree was earned: before the work, so that a rule
    # counting only post-master's work counts all of it.
    earned = min((entry.start for entry in work), default=today) - timedelta(days=1)
    education = (
        (p.Education(level=answers.level, completed_on=earned),)  # type: ignore[arg-type]
        if answers.level
        else ()
    )
    topical = answers.dei_hours + answers.pip_hours + answers.rsc_training_hours
    parts = (
        (max(answers.training_hours - topical, Decimal(0)), ()),
        (answers.dei_hours, ("dei",)),
        (answers.pip_hours, ("parent_infant_psychotherapy",)),
        (answers.rsc_training_hours, ("rsc_provision",)),
    )
    training = tuple(
        p.Training(date=yesterday, hours=float(hours), topics=topics)  # type: ignore[arg-type]
        for hours, topics in parts
        if hours > 0
    )
    general = answers.rsc_hours - answers.rsc_about_providing_hours
    return p.Portfolio(
        format="endorse.portfolio/1",
        person=p.Person(
            mental_health_license=answers.license == "licensed",
            license_eligible=answers.license in ("licensed", "eligible"),
        ),
        education=education,
        work=work,
        training=training,
        rsc=(
            _spread_rsc(general, answers.rsc_months, yesterday)
            + _spread_rsc(
                answers.rsc_about_providing_hours,
                answers.rsc_months,
                yesterday,
                about_providing=True,
            )
        ),
        leadership=(
            (
                p.Leadership(
                    start=_days_before(today, answers.leadership_years),
                    end=yesterday,
                    kind=answers.leadership_kind,  # type: ignore[arg-type]
                ),
            )
            if answers.leadership_years > 0 and answers.leadership_kind
            else ()
        ),
        rsc_provided=(
            (p.RscProvided(start=_days_before(today, answers.rsc_provided_years), end=yesterday),)
            if answers.rsc_provided_years > 0
            else ()
        ),
    )


YEAR_DAYS = 365  # the engine's year: "2 years" is 730 days (docs/eligibility.md)


def _days_before(today: date, years: Decimal) -> date:
    """The start of a role held ``years`` until yesterday, in whole calendar days.

    Leadership and RS/C provided count calendar days (no FTE), so half a day can't be
    said; rounding down keeps the verdict exact, as the rules ask for whole days."""
    return today - timedelta(days=int(years * YEAR_DAYS))


def _work(answers: Answers, today: date) -> tuple[p.Work, ...]:
    """``years`` at ``fte`` until yesterday: exactly ``years × 365 × fte`` FTE-days.

    Half a year of days can end in half a day (1.5 years is 547.5 days), which no date
    says: that half is one more day at half the FTE, so the total is never rounded."""
    if answers.years <= 0:
        return ()
    days = answers.years * YEAR_DAYS
    whole = int(days)
    fraction = days - whole
    periods = [(today - timedelta(days=whole), today - timedelta(days=1), answers.fte)]
    if fraction:
        day = today - timedelta(days=whole + 1)
        periods.append((day, day, answers.fte * fraction))
    return tuple(
        p.Work(
            start=start,
            end=end,
            fte=float(fte),
            paid=True,
            supervised=True,
            service=answers.service,  # type: ignore[arg-type]
            age_band=answers.age_band,  # type: ignore[arg-type]
            # Families are counted once, on the first period.
            families_served=answers.families_served if index == 0 else 0,
        )
        for index, (start, end, fte) in enumerate(periods)
        if start <= end
    )


def _spread_rsc(
    hours: Decimal, months: int, last: date, *, about_providing: bool = False
) -> tuple[p.Rsc, ...]:
    """``hours`` in monthly sessions from ``months`` months before ``last`` to ``last``.

    The engine reads "spread over N months" as the first and last sessions N calendar
    months apart (``whole_months_between``), so "over 12 months" is 13 monthly sessions,
    not 12. Hours are shared in whole hundredths; the first and last sessions get theirs
    first, so that even a few hundredths still span the months the person said."""
    if hours <= 0:
        return ()
    count = months + 1
    share, extra = divmod(int(hours * 100), count)
    order = [0, months, *range(1, months)] if months else [0]
    amounts = [share] * count
    for index in order[:extra]:
        amounts[index] += 1
    return tuple(
        p.Rsc(
            date=add_months(last, index - months),
            hours=amount / 100,
            format="individual",
            provider_endorsement="IMHM-C",
            about_providing_rsc=about_providing,
        )
        for index, amount in enumerate(amounts)
        if amount
    )
