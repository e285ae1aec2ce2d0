"""The coordinator's form to correct a registration (its fields, as the applicant's form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.applications.corrections import CORRECTABLE
from endorse.applications.models import Registration

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationCorrectionForm(forms.ModelForm[Registration]):
    prefix = "correct"

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = categories
        category.empty_label = None
        category.label = _("Category")
        category.help_text = _("The registration fee already charged stays as it is.")
        self.fields["membership_expires_on"].widget = DATE
        for name in ("work_summary", "education_summary", "rsc_summary"):
            self.fields[name].widget.attrs["rows"] = 4

    class Meta:
        model = Registration
        fields = CORRECTABLE
