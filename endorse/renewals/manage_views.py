"""The coordinator's renewals: who is due, late, waiting, audited or lapsed; and deciding."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from endorse.applications.views.fee_panel import fee_forms
from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.core.paging import page_number
from endorse.endorsements.lifecycle_views import DecisionForm
from endorse.endorsements.models import StatusRequest
from endorse.renewals import services
from endorse.renewals.forms import ReturnForm, SettingsForm
from endorse.renewals.models import Renewal, RenewalEvidence
from endorse.renewals.overview import renewals_overview
from endorse.renewals.selectors import (
    renewal_checklist,
    renewal_get,
    renewal_settings,
)
from endorse.renewals.views import evidence_response


@require_GET
@coordinator_required
def overview(request: HttpRequest, association: Association) -> HttpResponse:
    return _overview_page(request, association)


def _settings_form(association: Association, data: Any = None) -> SettingsForm:
    return SettingsForm(
        data,
        prefix="settings",
        instance=renewal_settings(association=association),
        initial={"renewal_model": association.renewal_model},
    )


@require_POST
@coordinator_required
def settings(request: HttpRequest, association: Association) -> HttpResponse:
    form = _settings_form(association, request.POST)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        try:
            services.renewal_settings_save(
                association=association,
                renewal_model=form.cleaned_data["renewal_model"],
                fields=fields,
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The renewal settings are saved."))
            return redirect("renewals:manage", association.slug)
    return _overview_page(request, association, form)


def _overview_page(
    request: HttpRequest, association: Association, settings_form: SettingsForm | None = None
) -> HttpResponse:
    today = association_today(association=association)
    requests = list(
        StatusRequest.objects.filter(association=association, status=StatusRequest.Status.PENDING)
        .select_related("endorsement__person", "endorsement__category", "endorsement__association")
        .order_by("requested_at")
    )
    context = {
        "association": association,
        "today": today,
        "overview": renewals_overview(
            association=association,
            today=today,
            asked=request.GET.get("list", ""),
            page=page_number(request.GET.get("page")),
        ),
        "requests": [(r, DecisionForm(prefix=f"request-{r.pk}")) for r in requests],
        "settings_form": settings_form or _settings_form(association),
    }
    status = 422 if settings_form is not None else 200
    return render(request, "renewals/manage/overview.html", context, status=status)


def _detail_page(
    request: HttpRequest, association: Association, renewal: Renewal, **forms_: Any
) -> HttpResponse:
    today = association_today(association=association)
    on = association.local_date(renewal.submitted_at) if renewal.submitted_at else today
    charges = list(renewal.charges.order_by("pk").prefetch_related("payments__refunds"))
    context = {
        "association": association,
        "renewal": renewal,
        "checklist": renewal_checklist(renewal=renewal, on=on, lang=get_language() or "en"),
        "trainings": list(renewal.trainings.all()),
        "rsc_sessions": list(renewal.rsc_sessions.all()),
        "evidence": list(renewal.evidence.all()),
        "charges": [(charge, fee_forms(charge, today)) for charge in charges],
        "return_form": forms_.get("return_form") or ReturnForm(prefix="return"),
    }
    return render(request, "renewals/manage/renewal.html", context, status=422 if forms_ else 200)


@require_GET
@coordinator_required
def detail(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    return _detail_page(request, association, renewal_get(association=association, pk=pk))


@require_POST
@coordinator_required
def decide(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    renewal = renewal_get(association=association, pk=pk)
    if request.POST.get("decision") == "approve":
        say_outcome(
            request,
            lambda: services.renewal_approve(renewal=renewal, actor=person(request)),
            _("The renewal is approved; the endorsee is told."),
        )
        return redirect("renewals:manage_renewal", association.slug, renewal.pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.renewal_return(
                renewal=renewal, reason=form.cleaned_data["reason"], actor=person(request)
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The renewal is returned to the endorsee."))
            return redirect("renewals:manage_renewal", association.slug, renewal.pk)
    return _detail_page(request, association, renewal, return_form=form)


@require_GET
@coordinator_required
def evidence_file(
    request: HttpRequest, association: Association, pk: int, evidence_pk: int
) -> FileResponse:
    found = get_object_or_404(
        RenewalEvidence, association=association, renewal_id=pk, pk=evidence_pk
    )
    return evidence_response(found)
