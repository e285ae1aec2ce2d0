from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.applications.forms import DATE
from endorse.core.numbers import amount_field
from endorse.payments.models import Charge, EmployerPayment, FeeKind
from endorse.standards.models import Category


class CardSettingsForm(forms.Form):
    """Keys are typed, never shown back: a blank field keeps the stored key."""

    secret_key = forms.CharField(
        label=_("Secret key"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("From Stripe's dashboard, Developers › API keys. Leave blank to keep it."),
    )
    webhook_secret = forms.CharField(
        label=_("Webhook signing secret"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Shown by Stripe when you add the webhook address below. Leave blank to keep it."
        ),
    )


class ChargeChoice(forms.ModelMultipleChoiceField[Charge]):
    def _check_values(self, value: Any) -> Any:
        # A number too long for the database is no fee: refused before it reaches a query.
        for pk in value:
            if not (str(pk).isascii() and str(pk).isdigit() and len(str(pk)) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                    params={"pk": pk},
                )  # fmt: skip
        return super()._check_values(value)  # type: ignore[misc]

    def label_from_instance(self, obj: Charge) -> str:
        return f"{obj.person.get_full_name()} – {obj.get_kind_display()} ({obj.category.code})"


class EmployerPaymentForm(forms.Form):
    employer = forms.CharField(label=_("Employer or agency"), max_length=200)
    method = forms.ChoiceField(label=_("Paid by"), choices=EmployerPayment.Method.choices)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("Check number or transfer reference."),
    )
    amount = amount_field(_("Amount received"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    charges = ChargeChoice(
        label=_("Fees it pays"),
        queryset=Charge.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the fees this payment covers.")},
    )

    def __init__(self, *args: object, due: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["charges"].queryset = due  # type: ignore[attr-defined]


class FeeLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fee"), choices=FeeKind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    amount = amount_field(
        _("Amount"), min_value=Decimal(0),
        help_text=_("In your association's currency; 0 for no fee."),
    )  # fmt: skip
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=DATE,
        help_text=_("Fees already due keep their amount; new ones take this from that day."),
    )
    refundable = forms.BooleanField(label=_("Refundable"), required=False)

    def __init__(self, *args: object, categories: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
