"""The coordinator's item bank: multiple-choice items and vignettes, added and retired."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from endorse.associations.access import coordinator_required
from endorse.associations.models import Association
from endorse.core.numbers import WholeNumberField
from endorse.core.outcome import attach_refusal
from endorse.exams import services
from endorse.exams.models import Item
from endorse.standards.models import Category


def family_choices(association: Association) -> list[tuple[str, str]]:
    """Each category family the association offers, named by its categories' codes."""
    codes: dict[str, list[str]] = {}
    for category in Category.objects.filter(offering__association=association).order_by(
        "sort_order"
    ):
        codes.setdefault(category.family, []).append(category.code)
    return [(family, ", ".join(found)) for family, found in codes.items()]


class ItemForm(forms.Form):
    family = forms.ChoiceField(label=gettext_lazy("Categories"))
    area = forms.CharField(label=gettext_lazy("Area of expertise"), max_length=100)
    stem = forms.CharField(
        label=gettext_lazy("Question or case"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stem_es = forms.CharField(
        label=gettext_lazy("Question or case in Spanish (optional)"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "es"}),
        help_text=gettext_lazy("Shown to candidates who read the site in Spanish."),
    )

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = family_choices(association)

    def item_fields(self) -> dict[str, object]:
        """What every item has; each kind adds its own."""
        data = self.cleaned_data
        return {"family": data["family"], "area": data["area"], "stem": data["stem"],
                "stem_es": data["stem_es"]}  # fmt: skip


class MultipleChoiceForm(ItemForm):
    options = forms.CharField(
        label=gettext_lazy("Options, one per line"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key = WholeNumberField(
        label=gettext_lazy("Number of the correct option"), min_value=1, max_value=10,
        help_text=gettext_lazy("1 is the first line."),
    )  # fmt: skip
    options_es = forms.CharField(
        label=gettext_lazy("Options in Spanish, one per line (optional)"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "es"}),
        help_text=gettext_lazy("In the same order as in English."),
    )
    field_order = ("family", "area", "stem", "options", "key", "stem_es", "options_es")

    def item_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            **super().item_fields(),
            "kind": Item.Kind.MULTIPLE_CHOICE,
            "options": data["options"].splitlines(),
            "key": data["key"] - 1,
            "options_es": data["options_es"].splitlines(),
        }


class VignetteForm(ItemForm):
    questions = forms.CharField(
        label=gettext_lazy("Questions on the case"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rubric = forms.CharField(
        label=gettext_lazy("Scoring rubric"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    questions_es = forms.CharField(
        label=gettext_lazy("Questions on the case in Spanish (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
    )
    field_order = ("family", "area", "stem", "questions", "rubric", "stem_es", "questions_es")

    def item_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            **super().item_fields(),
            "kind": Item.Kind.VIGNETTE,
            "questions": data["questions"],
            "rubric": data["rubric"],
            "questions_es": data["questions_es"],
        }


def _page(
    request: HttpRequest, association: Association, status: int = 200, **bound: Any
) -> HttpResponse:
    items = Item.objects.filter(association=association).order_by(
        "retired_at", "family", "kind", "area", "pk"
    )
    families = dict(family_choices(association))
    counts = (
        Item.objects.filter(association=association, retired_at=None)
        .values("family", "kind", "area")
        .annotate(count=Count("pk"))
        .order_by("family", "kind", "area")
    )
    context = {
        "association": association,
        "items": items,
        "families": families,
        "counts": counts,
        "mcq_form": bound.get("mcq_form")
        or MultipleChoiceForm(prefix="mcq", association=association),
        "vignette_form": bound.get("vignette_form")
        or VignetteForm(prefix="vignette", association=association),
    }
    return render(request, "exams/bank.html", context, status=status)


@require_GET
@coordinator_required
def bank(request: HttpRequest, association: Association) -> HttpResponse:
    return _page(request, association)


@require_POST
@coordinator_required
def item_new(request: HttpRequest, association: Association, kind: str) -> HttpResponse:
    vignette = kind == "vignette"
    form: MultipleChoiceForm | VignetteForm = (
        VignetteForm(request.POST, prefix="vignette", association=association) if vignette
        else MultipleChoiceForm(request.POST, prefix="mcq", association=association)
    )  # fmt: skip
    if form.is_valid():
        try:
            services.item_add(association=association, fields=form.item_fields())
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The item is in the bank."))
            return redirect("exams:bank", association.slug)
    return _page(request, association, 422, **{"vignette_form" if vignette else "mcq_form": form})


@require_POST
@coordinator_required
def item_retire(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    services.item_retire(item=get_object_or_404(Item, association=association, pk=pk))
    messages.success(request, _("The item is retired: no new exam will draw it."))
    return redirect("exams:bank", association.slug)
