"""Forms of the registry: searching it, and an endorsee's own listing."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from endorse.associations.models import Association
from endorse.endorsements.models import Endorsement, RscOffer
from endorse.standards.models import Category


class RegistrySearchForm(forms.Form):
    """A GET form: every field may be empty, and a bad value only drops that filter."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    locality = forms.CharField(label=_("City or county"), max_length=100, required=False)
    association = forms.ChoiceField(label=_("Association"), required=False)

    def __init__(self, *args: Any, across_associations: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.order_by("sort_order", "code")
        self._choice_field("category").choices = [
            ("", _("All categories")),
            *((c.code, f"{c.name} ({c.code})") for c in categories),
        ]
        if across_associations:
            self._choice_field("association").choices = [
                ("", _("All associations")),
                *Association.objects.order_by("name").values_list("slug", "name"),
            ]
        else:
            del self.fields["association"]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def value(self, name: str) -> str:
        """The cleaned value of a field, or "" when it was empty, not valid or not asked."""
        if not self.is_bound or name in self.errors:
            return ""
        return str(self.cleaned_data.get(name) or "")


class ListingForm(forms.Form):
    """What an endorsee lets the registry show."""

    locality = forms.CharField(
        label=_("City or county"),
        max_length=100,
        required=False,
        help_text=_("Where you work, as you want people to find you (for example: Hartford)."),
    )
    locality_shown = forms.BooleanField(label=_("Show my city or county"), required=False)
    listed = forms.TypedMultipleChoiceField(
        label=_("Endorsements listed in the registry"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An endorsement you untick is archived from the registry; it stays valid."),
    )

    def __init__(self, *args: Any, endorsements: list[Endorsement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = self.fields["listed"]
        assert isinstance(listed, forms.ChoiceField)
        listed.choices = [
            (e.pk, f"{e.category.name} ({e.category.code}) – {e.association.name}")
            for e in endorsements
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a licensing-board sanction. Kept on the endorsement's record."),
    )


CREDENTIAL_MAX_BYTES = 100 * 1024


class CredentialCheckForm(forms.Form):
    credential = forms.FileField(
        label=_("Credential file"),
        help_text=_("The .json file of an Endorsement® credential issued on this site."),
    )

    def clean_credential(self) -> Any:
        upload = self.cleaned_data["credential"]
        if upload.size > CREDENTIAL_MAX_BYTES:
            raise forms.ValidationError(_("This file is too large to be a credential."))
        try:
            self.cleaned_data["document"] = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(
                _("This file is not a credential: it is not JSON text.")
            ) from error
        return upload


class RscOfferForm(forms.ModelForm[RscOffer]):
    class Meta:
        model = RscOffer
        fields = ("individual", "group", "remote", "in_person", "languages", "contact", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("individual") or data.get("group")):
            self.add_error("individual", _("Offer individual RS/C, group RS/C or both."))
        if not (data.get("remote") or data.get("in_person")):
            self.add_error("remote", _("Offer RS/C remotely, in person or both."))
        return data


class ProviderSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    language = forms.CharField(label=_("Language"), max_length=50, required=False)
    group = forms.BooleanField(label=_("Offers group RS/C"), required=False)
    remote = forms.BooleanField(label=_("Offers RS/C remotely"), required=False)
