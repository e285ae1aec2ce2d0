"""Admin for categories and requirement sets.

The baseline is read-only here (it comes from the bundled files); an
association overrides a category by adding its own versions, which are
checked by the engine's own parser before they are saved.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from endorse.eligibility import RuleSetError
from endorse.standards.models import Category, ClosedWindow, Offering, RequirementSet
from endorse.standards.services import requirement_set_check


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("code", "name_en", "name_es", "age_band", "scope")
    readonly_fields = ("code", "age_band", "family", "scope", "designation")
    ordering = ("sort_order",)


class ClosedWindowFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        parent = self.instance
        if parent.effective_from is None:
            return  # the version's own form reports the missing date
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("start") or not data.get("end"):
                continue
            if data["end"] <= data["start"]:
                form.add_error("end", _("Must be after the day it closes."))
            elif data["start"] < parent.effective_from or (
                parent.effective_to and data["end"] > parent.effective_to
            ):
                form.add_error("start", _("Must lie within the dates the version is in force."))


class ClosedWindowInline(admin.TabularInline[ClosedWindow, RequirementSet]):
    model = ClosedWindow
    formset = ClosedWindowFormSet
    extra = 0


class RequirementSetForm(forms.ModelForm[RequirementSet]):
    class Meta:
        model = RequirementSet
        fields = (
            "association",
            "category",
            "source",
            "effective_from",
            "effective_to",
            "requires_exam",
            "rules",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The baseline comes only from the bundled files; here one adds overrides.
        self.fields["association"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not data.get("category") or not data.get("effective_from"):
            return data
        try:
            requirement_set_check(
                association=data.get("association"),
                category_code=data["category"].code,
                effective_from=data["effective_from"],
                effective_to=data.get("effective_to"),
                requires_exam=bool(data.get("requires_exam")),
                rules=data.get("rules"),
                closed=[],
                exclude_pk=self.instance.pk,
            )
        except RuleSetError as error:
            field = _field_of(str(error))
            raise ValidationError(
                {field: _("Not valid: %(problem)s") % {"problem": error}}
            ) from None
        return data


def _field_of(problem: str) -> str:
    for field in ("effective_to", "effective_from"):
        if problem.startswith(field):
            return field
    return "rules"


@admin.register(RequirementSet)
class RequirementSetAdmin(admin.ModelAdmin[RequirementSet]):
    form = RequirementSetForm
    inlines = (ClosedWindowInline,)
    list_display = ("category", "association", "effective_from", "effective_to", "requires_exam")
    list_filter = ("association", "category", "requires_exam")
    list_select_related = ("category", "association")

    def has_change_permission(
        self, request: HttpRequest, obj: RequirementSet | None = None
    ) -> bool:
        if obj is not None and obj.association_id is None:
            return False  # the baseline changes only through the bundled files
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: RequirementSet | None = None
    ) -> bool:
        if obj is not None and obj.association_id is None:
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """``?copy=<id>`` starts an override from an existing version (e.g. the baseline's)."""
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        wanted = request.GET.get("copy", "")
        source = RequirementSet.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        if source is not None:
            initial.update(
                category=source.category_id,
                source="override",
                effective_from=source.effective_from,
                effective_to=source.effective_to,
                requires_exam=source.requires_exam,
                rules=json.dumps(source.rules, indent=2),
            )
        return initial


class OfferingInline(admin.TabularInline[Offering, Any]):
    model = Offering
    extra = 0
