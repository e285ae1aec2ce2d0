"""Forms of the association's administrator: its staff and what its reviewers review."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import (
    RATING_LINK_DAYS_MESSAGE,
    REVIEW_CAP_MESSAGE,
    REVIEW_CREDIT_MESSAGE,
    Association,
    StaffRole,
)
from endorse.core import numbers


class AssociationSettingsForm(forms.ModelForm[Association]):
    """What the association's administrator sets here (the rest is set up by the site's
    operator); the model's validators give the limits and their messages."""

    # Typed without a scheme ("paypal.me/ctaimh"), an address is taken as https.
    payment_link = forms.URLField(
        label=_("payment link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Optional: a page where people pay you, starting with https://."),
    )

    class Meta:
        model = Association
        fields = (
            "rating_link_days",
            "review_credit_hours",
            "review_credit_cap",
            "payment_instructions_en",
            "payment_instructions_es",
            "payment_link",
        )
        # Numbers are typed as the page's language writes them ("1,5" in Spanish), in a text
        # box, within the model's limits, whose messages say them plainly.
        formfield_callback = numbers.formfield
        widgets = {
            "payment_instructions_en": forms.Textarea(attrs={"rows": 5}),
            "payment_instructions_es": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "rating_link_days": {
                "min_value": RATING_LINK_DAYS_MESSAGE,
                "max_value": RATING_LINK_DAYS_MESSAGE,
            },
            "review_credit_hours": {
                "min_value": REVIEW_CREDIT_MESSAGE,
                "max_value": REVIEW_CREDIT_MESSAGE,
            },
            "review_credit_cap": {
                "min_value": REVIEW_CAP_MESSAGE,
                "max_value": REVIEW_CAP_MESSAGE,
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, reviews are simply not credited.
        self.fields["review_credit_hours"].required = False

    def clean_review_credit_hours(self) -> Decimal:
        hours: Decimal | None = self.cleaned_data.get("review_credit_hours")
        return Decimal(0) if hours is None else hours


class StaffAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of their account"),
        help_text=_("They create their account on the site first; a role adds to it."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.Role.choices)


class ReviewerCategoriesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories they may review"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their own category, or lower ones."),
    )

    def __init__(self, *args: Any, categories: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c.code, f"{c.code} – {c.name}") for c in categories]
