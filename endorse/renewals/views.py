"""The endorsee's renewal page: hours, membership, the Code of Ethics, and sending it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.core.uploads import download_name
from endorse.renewals import services
from endorse.renewals.forms import DetailsForm, EthicsForm, EvidenceForm, RscForm, TrainingForm
from endorse.renewals.models import Renewal, RenewalEvidence
from endorse.renewals.selectors import (
    endorsements_due,
    fees_on_sending,
    renewal_checklist,
    renewal_current,
    shared_period,
)

FORMS: dict[str, type[forms.BaseForm]] = {
    "details": DetailsForm,
    "training": TrainingForm,
    "rsc": RscForm,
    "ethics": EthicsForm,
    "evidence": EvidenceForm,
}


def _page(
    request: HttpRequest,
    association: Association,
    renewal: Renewal | None,
    bound: dict[str, forms.BaseForm] | None = None,
) -> HttpResponse:
    today = association_today(association=association)
    due = endorsements_due(association=association, person=person(request))
    context: dict[str, Any] = {"association": association, "renewal": renewal, "due": due}
    if renewal is None:
        if due and due[0].next_due_on is not None:
            context["period"] = shared_period(due)
        return render(request, "renewals/renewal.html", context)
    checklist = renewal_checklist(renewal=renewal, on=today, lang=get_language() or "en")
    bound = bound or {}
    context |= {
        "checklist": checklist,
        "period": checklist.period,
        "forms": {
            "details": bound.get("details")
            or DetailsForm(
                instance=renewal, prefix="details", by_attestation=checklist.by_attestation
            ),
            "training": bound.get("training") or TrainingForm(prefix="training"),
            "rsc": bound.get("rsc") or RscForm(prefix="rsc"),
            "ethics": bound.get("ethics")
            or EthicsForm(
                prefix="ethics",
                initial={
                    "signed_name": renewal.ethics_signed_name or person(request).get_full_name(),
                    "no_sanction": renewal.no_sanction,
                },
            ),
            "evidence": bound.get("evidence") or EvidenceForm(prefix="evidence"),
        },
        "trainings": list(renewal.trainings.all()),
        "rsc_sessions": list(renewal.rsc_sessions.all()),
        "evidence": list(renewal.evidence.all()),
        "charges": list(renewal.charges.order_by("pk")),
        "fees_to_come": [] if renewal.submitted_at else fees_on_sending(renewal, today),
    }
    return render(request, "renewals/renewal.html", context, status=422 if bound else 200)


def _own_renewal(request: HttpRequest, association: Association) -> Renewal:
    """The renewal being worked on, opened on first use."""
    found = renewal_current(association=association, person=person(request))
    if found is not None and found.editable:
        return found
    return services.renewal_open(association=association, person=person(request))


@require_GET
@member_required
def renewal(request: HttpRequest, association: Association) -> HttpResponse:
    return _page(
        request, association, renewal_current(association=association, person=person(request))
    )


def _back(association: Association, anchor: str = "") -> HttpResponse:
    response = redirect("renewals:renewal", association.slug)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


@require_POST
@member_required
def start(request: HttpRequest, association: Association) -> HttpResponse:
    opened = say_outcome(
        request,
        lambda: services.renewal_open(association=association, person=person(request)),
        _("Your renewal is open. Your entries are saved as you add them."),
    )
    return _back(association, "hours" if opened else "")


def _save(
    request: HttpRequest,
    association: Association,
    section: str,
    action: Callable[[Renewal, forms.BaseForm], object],
    done: str,
) -> HttpResponse:
    """Bind the section's form, run ``action``; its refusal shows next to the fields."""
    try:
        current = _own_renewal(request, association)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(association)
    kwargs: dict[str, Any] = {"prefix": section}
    if section == "details":
        checklist = renewal_checklist(
            renewal=current, on=association_today(association=association), lang="en"
        )
        kwargs |= {"instance": current, "by_attestation": checklist.by_attestation}
    form = FORMS[section](request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            action(current, form)
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, done)
            return _back(association, section)
    return _page(request, association, current, {section: form})


@require_POST
@member_required
def details(request: HttpRequest, association: Association) -> HttpResponse:
    def save(current: Renewal, form: forms.BaseForm) -> object:
        fields = {name: form.cleaned_data[name] for name in form.fields}
        return services.renewal_details_save(renewal=current, fields=fields)

    return _save(request, association, "details", save, _("Saved."))


@require_POST
@member_required
def training(request: HttpRequest, association: Association) -> HttpResponse:
    def add(current: Renewal, form: forms.BaseForm) -> object:
        return services.training_add(renewal=current, fields=dict(form.cleaned_data))

    return _save(request, association, "training", add, _("The training is added."))


@require_POST
@member_required
def rsc(request: HttpRequest, association: Association) -> HttpResponse:
    def add(current: Renewal, form: forms.BaseForm) -> object:
        return services.rsc_add(renewal=current, fields=dict(form.cleaned_data))

    return _save(request, association, "rsc", add, _("The RS/C session is added."))


@require_POST
@member_required
def ethics(request: HttpRequest, association: Association) -> HttpResponse:
    def sign(current: Renewal, form: forms.BaseForm) -> object:
        checklist = renewal_checklist(
            renewal=current, on=association_today(association=association), lang="en"
        )
        if checklist.ethics is None:
            raise ValidationError(_("The association has no Code of Ethics in force to sign."))
        return services.ethics_sign(
            renewal=current,
            agreement=checklist.ethics,
            signed_name=form.cleaned_data["signed_name"],
            no_sanction=form.cleaned_data["no_sanction"],
        )

    return _save(request, association, "ethics", sign, _("Signed."))


@require_POST
@member_required
def evidence(request: HttpRequest, association: Association) -> HttpResponse:
    def upload(current: Renewal, form: forms.BaseForm) -> object:
        return services.evidence_add(renewal=current, upload=form.cleaned_data["file"])

    return _save(request, association, "evidence", upload, _("The file is uploaded."))


@require_POST
@member_required
def remove(request: HttpRequest, association: Association, kind: str, pk: int) -> HttpResponse:
    current = renewal_current(association=association, person=person(request))
    if current is None or kind not in ("training", "rsc", "evidence"):
        raise Http404

    def action() -> object:
        if kind == "evidence":
            return services.evidence_remove(renewal=current, pk=pk)
        return services.hours_remove(renewal=current, kind=kind, pk=pk)

    say_outcome(request, action, _("Removed."))
    return _back(association, "evidence" if kind == "evidence" else kind)


@require_POST
@member_required
def submit(request: HttpRequest, association: Association) -> HttpResponse:
    current = renewal_current(association=association, person=person(request))
    if current is None:
        raise Http404
    today = association_today(association=association)
    if current.status == Renewal.Status.AUDIT:
        say_outcome(
            request,
            lambda: services.audit_document(renewal=current, on=today),
            _("Your documented hours are sent to the coordinator. Thank you."),
        )
        return _back(association)
    sent = say_outcome(
        request,
        lambda: services.renewal_submit(renewal=current, on=today),
        _("Your renewal is sent to the coordinator."),
    )
    current.refresh_from_db()
    if sent and current.status == Renewal.Status.AUDIT:
        messages.warning(
            request,
            _("Your renewal was picked for an audit: list your hours and upload their evidence."),
        )
    return _back(association)


@require_GET
@member_required
def evidence_file(request: HttpRequest, association: Association, pk: int) -> FileResponse:
    """The endorsee's own upload."""
    found = get_object_or_404(
        RenewalEvidence, association=association, renewal__person=person(request), pk=pk
    )
    return evidence_response(found)


def evidence_response(evidence: RenewalEvidence) -> FileResponse:
    """Served as the type its content was checked to be, never as uploaded."""
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    name = download_name(f"evidence-{evidence.pk}", evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
