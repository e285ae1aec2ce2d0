"""The rater's form: how they know the applicant, their own Endorsement, one rating per item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Reference
from endorse.core.numbers import YEARS_AT_MOST, NumberField
from endorse.core.text import without_nul
from endorse.ratings.models import Area, Rating, RatingItem
from endorse.standards.models import Category

LEVELS = (
    ("not_observed", _("Not observed")),
    ("emerging", _("Emerging")),
    ("developing", _("Developing")),
    ("proficient", _("Proficient")),
    ("exemplary", _("Exemplary")),
)
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def item_field_name(item: RatingItem) -> str:
    return f"item_{item.pk}"


class RatingForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("How do you know the applicant?"), choices=Reference.Role.choices
    )
    setting = forms.CharField(
        label=_("Where did you work together?"),
        max_length=300,
        help_text=_("For example: the agency, program or practice."),
    )
    years_known = NumberField(
        label=_("For how many years?"),
        max_value=60,
        decimal_places=1,
        error_messages={"max_value": YEARS_AT_MOST},
    )
    endorsed = forms.ChoiceField(
        label=_("Do you hold an Endorsement®?"), choices=YES_NO, widget=forms.RadioSelect
    )
    endorsed_category = forms.ChoiceField(label=_("Your category"), required=False)
    endorsed_association = forms.CharField(
        label=_("The association that endorsed you"), max_length=200, required=False
    )
    comments = forms.CharField(
        label=_("Comments"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Anything the reviewers should know about the applicant's work."),
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Rating.Recommendation.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, items: Iterable[RatingItem], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        category = self.fields["endorsed_category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "—")] + [
            (row.code, f"{row.name} ({row.code})") for row in Category.objects.order_by("pk")
        ]
        self.items = list(items)
        self.areas: list[tuple[str, str, list[str]]] = []
        for area, area_label in Area.choices:
            names = []
            for item in (item for item in self.items if item.area == area):
                name = item_field_name(item)
                self.fields[name] = forms.ChoiceField(
                    label=item.text(language), choices=LEVELS, widget=forms.RadioSelect
                )
                names.append(name)
            if names:
                self.areas.append((area, str(area_label), names))
        # Comments and the recommendation come after the items.
        for name in ("comments", "recommendation"):
            self.fields[name] = self.fields.pop(name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("endorsed") == "yes":
            for name in ("endorsed_category", "endorsed_association"):
                if not data.get(name):
                    self.add_error(name, _("Needed when you hold an Endorsement®."))
        return data

    def answers(self) -> dict[str, Any]:
        """The checked answers as plain JSON values; the items keyed by their id."""
        data = self.cleaned_data
        return {
            "relationship": data["relationship"],
            "setting": data["setting"],
            "years_known": str(data["years_known"]),
            "rater_endorsed": data["endorsed"] == "yes",
            "endorsed_category": data["endorsed_category"] if data["endorsed"] == "yes" else "",
            "endorsed_association": (
                data["endorsed_association"] if data["endorsed"] == "yes" else ""
            ),
            "ratings": {str(item.pk): data[item_field_name(item)] for item in self.items},
            "comments": data["comments"],
            "recommendation": data["recommendation"],
        }

    def typed(self) -> dict[str, str]:
        """What was typed so far, unchecked, to keep as a draft (without NUL characters,
        which PostgreSQL can't store even in JSON; the form refuses them when sent)."""
        return {
            name: without_nul(str(self.data.get(name, "")))[:6000]
            for name in self.fields
            if self.data.get(name, "") != ""
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can't you give a rating? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant sees what you write here."),
    )


class SendRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the email and the form"), choices=settings.LANGUAGES
    )
    # The link the page showed as out (none: empty), so that a second click sends nothing.
    replaces = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VetForm(forms.Form):
    rater_endorsed = forms.BooleanField(
        label=_("The rater is endorsed (checked against the registry)"), required=False
    )
    vetted = forms.BooleanField(label=_("I vetted this rater"), required=False)
    vetted_note = forms.CharField(
        label=_("Note on the vetting call"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
