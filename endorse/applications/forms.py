"""Forms for each section. They check what the engine checks, field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorse.applications.membership import membership_check
from endorse.applications.models import (
    Details,
    Education,
    Leadership,
    Reference,
    Registration,
    Rsc,
    RscProvided,
    Training,
    Work,
)
from endorse.applications.work_terms import baseline_rules, work_terms
from endorse.core import numbers
from endorse.core.numbers import NumberField
from endorse.eligibility import RuleSet
from endorse.eligibility.categories import ENDORSEMENT_CODES
from endorse.payments.models import Payment

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
from endorse.standards.models import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ENDORSEMENT_CHOICES = [("", _("None")), *((code, code) for code in ENDORSEMENT_CODES)]


def hours_field() -> NumberField:
    return numbers.hours_field(_("hours"))


class RegistrationForm(forms.ModelForm[Registration]):
    def __init__(
        self, *args: Any, categories: Any, today: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today  # the association's day of sending; None: not checked here
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = categories
        category.empty_label = None
        self.fields["membership_expires_on"].widget = DATE
        self.fields["membership_expires_on"].help_text = _(
            "It must be current on the day you send this registration."
        )
        for name in ("work_summary", "education_summary", "rsc_summary"):
            self.fields[name].widget.attrs["rows"] = 4

    class Meta:
        model = Registration
        fields = Registration.TYPED_FIELDS

    def clean_membership_expires_on(self) -> date:
        expires_on: date = self.cleaned_data["membership_expires_on"]
        if self.today is not None:
            membership_check(expires_on=expires_on, today=self.today)  # said next to the field
        return expires_on


class EntryForm(forms.ModelForm[Any]):
    """Fields the engine needs are required here even though the column allows empty."""

    required: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.required:
            self.fields[name].required = True
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3

    def check_order(self, start: str, end: str) -> None:
        first, last = self.cleaned_data.get(start), self.cleaned_data.get(end)
        if first and last and last < first:
            self.add_error(end, _("The end date must be on or after the start date."))


class DetailsForm(EntryForm):
    class Meta:
        model = Details
        fields = (
            "phone",
            "address",
            "county",
            "languages",
            "mental_health_license",
            "license_description",
            "license_eligible",
            "membership_number",
            "membership_expires_on",
        )
        widgets = {"address": forms.Textarea}


class EducationForm(EntryForm):
    required = ("level", "completed_on")

    class Meta:
        model = Education
        fields = ("level", "field", "institution", "completed_on")


class WorkForm(EntryForm):
    """Its boxes are labelled in the words of the category's work rule (``work_terms``)."""

    required = ("start", "fte", "service", "age_band")
    takes_category = True
    fte = NumberField(
        label=_("full-time equivalent"),
        help_text=_("1 for full time, 0.5 for half time."),
        min_value=Decimal("0.0001"),
        max_value=Decimal(1),
        decimal_places=4,
        initial=Decimal(1),
        error_messages={
            "min_value": _("Must be more than 0."),
            "max_value": _("Must be at most 1 (full time)."),
        },
    )
    families_served = numbers.WholeNumberField(
        label=_("families served"), required=False, max_value=100_000
    )
    supervisor_endorsement = forms.ChoiceField(
        label=_("your supervisor's endorsement, if any"),
        choices=ENDORSEMENT_CHOICES,
        required=False,
    )

    class Meta:
        model = Work
        fields = (
            "title",
            "employer",
            "start",
            "end",
            "fte",
            "service",
            "age_band",
            "families_served",
            "paid",
            "supervised",
            "internship",
            "supervisor_endorsement",
        )

    def __init__(
        self,
        *args: Any,
        category: Category | None = None,
        rules: RuleSet | None = None,
        **kwargs: Any,
    ) -> None:
        """``rules``: the category's requirements in force (the baseline's if not given)."""
        super().__init__(*args, **kwargs)
        if category is not None and rules is None:
            rules = baseline_rules(category, timezone.localdate())
        terms = work_terms(category, rules)
        for name, label in terms.labels.items():
            self.fields[name].label = label
        for name, text in terms.help_texts.items():
            self.fields[name].help_text = text

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.check_order("start", "end")
        return self.cleaned_data


class TrainingForm(EntryForm):
    required = ("date", "hours")
    hours = hours_field()

    class Meta:
        model = Training
        fields = ("title", "date", "hours", "dei", "pip", "rsc_provision")


class RscForm(EntryForm):
    required = ("date", "hours", "format")
    hours = hours_field()
    provider_endorsement = forms.ChoiceField(
        label=_("provider's endorsement"), choices=ENDORSEMENT_CHOICES, required=False
    )

    class Meta:
        model = Rsc
        fields = (
            "date",
            "hours",
            "format",
            "provider",
            "provider_endorsement",
            "about_providing_rsc",
        )


class LeadershipForm(EntryForm):
    required = ("kind", "start")

    class Meta:
        model = Leadership
        fields = ("kind", "role", "start", "end")

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.check_order("start", "end")
        return self.cleaned_data


class RscProvidedForm(EntryForm):
    required = ("start",)

    class Meta:
        model = RscProvided
        fields = ("recipients", "start", "end")

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.check_order("start", "end")
        return self.cleaned_data


class ReferenceForm(EntryForm):
    required = ("name", "email", "role")

    class Meta:
        model = Reference
        fields = ("name", "email", "role")


class CategoryChoiceForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category you intend to apply for"), queryset=Category.objects.none()
    )

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = categories
        field.empty_label = None


class SignForm(forms.Form):
    signed_name = forms.CharField(label=_("Your full name"), max_length=200)
    agree = forms.BooleanField(label=_("I have read it and I agree."))


def note_field(label: StrOrPromise) -> forms.CharField:
    """A free-text note beside a section (the applicant's, or the coordinator's comment)."""
    return forms.CharField(
        label=label, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = note_field(_("Note for the coordinator"))


class CommentForm(forms.Form):
    comment = note_field(_("Comment for the applicant"))


OFFLINE_METHODS = [(v, label) for v, label in Payment.Method.choices if v != Payment.Method.CARD]


class PaymentForm(forms.Form):
    # A card payment is recorded by Stripe's webhook, never by hand.
    method = forms.ChoiceField(label=_("Paid by"), choices=OFFLINE_METHODS)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("Check number, PayPal transaction or the employer's name."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the waiver"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefundForm(forms.Form):
    amount = numbers.amount_field(_("Amount refunded"))
    reason = forms.CharField(
        label=_("Reason for the refund"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    refunded_on = forms.DateField(label=_("Refunded on"), widget=DATE)
    # One per rendered form: sending the same form twice records (and refunds) once.
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What needs to change"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingReceivedForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    rater_endorsed = forms.BooleanField(label=_("The rater is endorsed"), required=False)
    vetted = forms.BooleanField(
        label=_("I vetted the rater (e.g. by a phone call)"), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Portfolio file (endorse.portfolio/1 JSON)"))
    replace = forms.BooleanField(
        label=_("Replace the entries I have already entered"), required=False
    )


class SubmitForm(forms.Form):
    """Submission asks one thing: whether the applicant waives reading the ratings."""

    ratings_access = forms.ChoiceField(
        label=_("Your references' ratings"),
        choices=(
            ("waive", _("I waive my right to read what my raters wrote about me.")),
            ("keep", _("I keep my right to read what my raters wrote about me.")),
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you waive your right to read the ratings.")},
        help_text=_("Reviewers see your choice. Either way, the ratings count the same."),
    )

    def __init__(self, *args: Any, waived_before: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.waived_before = waived_before  # an earlier submission waived: nothing to ask
        if waived_before:
            del self.fields["ratings_access"]

    @property
    def ratings_waived(self) -> bool:
        """The choice made here; an earlier waiver stays in force (the service keeps it)."""
        return self.cleaned_data.get("ratings_access") == "waive"
