"""The forms of the renewal page and of the coordinator's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from endorse.applications.forms import DATE
from endorse.associations.models import RenewalModel
from endorse.core import numbers
from endorse.core.numbers import hours_field
from endorse.eligibility.categories import ENDORSEMENT_CODES
from endorse.eligibility.renewal import MonthDay
from endorse.renewals.models import Renewal, RenewalRsc, RenewalSettings, RenewalTraining


class DetailsForm(forms.ModelForm[Renewal]):
    class Meta:
        model = Renewal
        fields = ("membership_number", "membership_expires_on", "provides_rsc", "hours_attested")
        widgets = {"membership_expires_on": DATE}

    def __init__(self, *args: Any, by_attestation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by_attestation:
            self.fields["hours_attested"].label = _(
                "I attest that I completed the hours this renewal asks for, listed in the "
                "checklist, and can document them if my renewal is audited"
            )
        else:
            del self.fields["hours_attested"]


class TrainingForm(forms.ModelForm[RenewalTraining]):
    hours = hours_field(_("hours"))

    class Meta:
        model = RenewalTraining
        fields = ("title", "date", "hours", "dei", "rsc_provision")
        widgets = {"date": DATE}


def _endorsement_choices() -> list[tuple[str, object]]:
    return [("", _("Not endorsed")), *((code, code) for code in ENDORSEMENT_CODES)]


class RscForm(forms.ModelForm[RenewalRsc]):
    hours = hours_field(_("hours"))
    provider_endorsement = forms.ChoiceField(
        label=_("provider's endorsement"),
        choices=_endorsement_choices,
        required=False,
        help_text=_("For peer consultation: the endorsement of the colleague you consulted."),
    )

    class Meta:
        model = RenewalRsc
        fields = ("date", "hours", "format", "provider", "provider_endorsement")
        widgets = {"date": DATE}


class EthicsForm(forms.Form):
    signed_name = forms.CharField(label=_("your full name"), max_length=200)
    no_sanction = forms.BooleanField(
        label=_("No licensing board has sanctioned me since my last application or renewal"),
        required=False,
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("certificate or letter"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPEG or PNG, at most %(limit)s.") % {
            "limit": filesizeformat(settings.ENDORSE_MAX_UPLOAD_BYTES)
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("what to change"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SettingsForm(forms.ModelForm[RenewalSettings]):
    renewal_model = forms.ChoiceField(label=_("renewal model"), choices=RenewalModel.choices)

    class Meta:
        model = RenewalSettings
        formfield_callback = numbers.formfield
        fields = (
            "due_month",
            "due_day",
            "opens_month",
            "opens_day",
            "late_until_month",
            "late_until_day",
            "cycle_year",
            "audit_percent",
            "audit_days",
            "reminder_days_before",
            "reminder_days_after",
            "one_fee",
            "inactive_max_years",
            "inactive_listed",
            "emeritus_min_years",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("due", "opens", "late_until"):
            month, day = data.get(f"{prefix}_month"), data.get(f"{prefix}_day")
            if month and day:
                try:
                    MonthDay(month, day)
                except ValueError:
                    self.add_error(f"{prefix}_day", _("This month has no such day."))
        return data
