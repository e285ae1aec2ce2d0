from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up asks beyond email and password."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def signup(self, request: HttpRequest, user: Any) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = get_language() or "en"
        user.save(update_fields=["full_name", "preferred_language"])
