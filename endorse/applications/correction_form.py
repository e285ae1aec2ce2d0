"""The coordinator's form to correct a registration: the applicant's form, with the
membership not checked against today (the coordinator sees the check on the page)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from endorse.applications.forms import RegistrationForm
from endorse.applications.models import Registration


class RegistrationCorrectionForm(RegistrationForm):
    prefix = "correct"

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, categories=categories, today=None, **kwargs)
        category = self.fields["category"]
        category.label = _("Category")
        category.help_text = _("The registration fee already charged stays as it is.")
        expires = Registration._meta.get_field("membership_expires_on")
        self.fields["membership_expires_on"].help_text = expires.help_text  # not "must be current"
