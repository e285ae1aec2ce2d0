"""Forms of the exam pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    accommodation_request = forms.CharField(
        label=_("Accommodations you need (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: extra time. The coordinator answers before the exam opens."),
    )
