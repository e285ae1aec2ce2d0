"""Admin for renewal settings and an association's own renewal requirement sets, which
the engine's parser checks before they are saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from endorse.eligibility import RuleSetError
from endorse.eligibility.renewal_rules import RenewalCatalog, parse_renewal_version
from endorse.renewals.models import Renewal, RenewalRequirementSet, RenewalSettings


@admin.register(RenewalSettings)
class RenewalSettingsAdmin(admin.ModelAdmin[RenewalSettings]):
    list_display = ("association", "due_month", "due_day", "audit_percent", "one_fee")


class RenewalRequirementSetForm(forms.ModelForm[RenewalRequirementSet]):
    class Meta:
        model = RenewalRequirementSet
        fields = (
            "association",
            "model",
            "category",
            "effective_from",
            "effective_to",
            "by_attestation",
            "rules",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = ("association", "model", "category", "effective_from", "rules")
        if self.errors or any(not data.get(name) for name in needed):
            return data
        candidate = RenewalRequirementSet(**{name: data.get(name) for name in self.Meta.fields})
        try:
            versions = parse_renewal_version(data["association"].slug, candidate.spec())
            others = RenewalRequirementSet.objects.filter(
                association=data["association"], model=data["model"], category=data["category"]
            ).exclude(pk=self.instance.pk)
            for other in others:
                versions.extend(parse_renewal_version(data["association"].slug, other.spec()))
            RenewalCatalog(versions)
        except RuleSetError as error:
            raise forms.ValidationError(_("Not a valid renewal version: %(problem)s"),
                                        params={"problem": str(error)}) from None  # fmt: skip
        return data


@admin.register(RenewalRequirementSet)
class RenewalRequirementSetAdmin(admin.ModelAdmin[RenewalRequirementSet]):
    form = RenewalRequirementSetForm
    list_display = ("category", "association", "model", "effective_from", "effective_to")
    list_filter = ("association", "model")


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin[Renewal]):
    list_display = ("person", "association", "kind", "due_on", "status", "audited")
    list_filter = ("association", "kind", "status", "audited")
    search_fields = ("person__email", "person__full_name")
    readonly_fields = ("audit_ordinal", "submitted_at", "decided_at", "decided_by")
