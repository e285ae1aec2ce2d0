"""The coordinator's page of a registration: its fee, its history, corrections while it waits,
and the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import services
from endorse.applications.correction_form import RegistrationCorrectionForm
from endorse.applications.corrections import registration_correct
from endorse.applications.forms import ReturnForm
from endorse.applications.history import registration_history
from endorse.applications.models import Registration
from endorse.applications.selectors import offered_categories, registration_get
from endorse.applications.views.fee_panel import fee_forms
from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import attach_refusal


def correction_context(
    registration: Registration, correct_form: RegistrationCorrectionForm | None = None
) -> dict[str, Any]:
    """What the registration page adds: its history, and the form while it can change."""
    context: dict[str, Any] = {"history": registration_history(registration=registration)}
    if registration.status != Registration.Status.ACCEPTED:
        context["correct_form"] = correct_form or RegistrationCorrectionForm(
            instance=registration,
            categories=offered_categories(association=registration.association),
        )
    return context


@require_POST
@coordinator_required
def registration_correct_view(
    request: HttpRequest, association: Association, pk: int
) -> HttpResponse:
    registration = registration_get(association=association, pk=pk)
    form = RegistrationCorrectionForm(
        request.POST,
        # Its own copy: validating a model form writes what was sent into its instance.
        instance=registration_get(association=association, pk=pk),
        categories=offered_categories(association=association),
    )
    if form.is_valid():
        try:
            changed = registration_correct(
                registration=registration,
                actor=person(request),
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # not about a field: it can't be corrected
                messages.error(request, " ".join(error.messages))
                return redirect("applications:manage_registration", slug=association.slug, pk=pk)
            attach_refusal(form, error)
        else:
            messages.success(
                request,
                _("Corrected. The history below shows the change.")
                if changed
                else _("Nothing was changed."),
            )
            return redirect("applications:manage_registration", slug=association.slug, pk=pk)
    return registration_page(request, association, registration, correct_form=form)


def registration_page(
    request: HttpRequest,
    association: Association,
    registration: Registration,
    *,
    correct_form: RegistrationCorrectionForm | None = None,
    **forms_: Any,
) -> HttpResponse:
    """The page, with the forms given bound to what was sent (and then a 422)."""
    today = association_today(association=association)
    context: dict[str, Any] = {
        "association": association,
        "registration": registration,
        "today": today,
        "membership_current": registration.membership_expires_on >= today,
        "return_form": ReturnForm(),
        **fee_forms(registration.fee, today),
        **correction_context(registration, correct_form),
        **forms_,
    }
    status = 422 if forms_ or correct_form is not None else 200
    return render(request, "applications/manage/registration.html", context, status=status)


@coordinator_required
def registration_detail(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    registration = registration_get(association=association, pk=pk)
    return registration_page(request, association, registration)


@require_POST
@coordinator_required
def registration_decide(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    registration = registration_get(association=association, pk=pk)
    actor = person(request)
    if request.POST.get("decision") == "accept":
        try:
            services.registration_accept(
                registration=registration,
                actor=actor,
                today=association_today(association=association),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Accepted. The applicant was emailed and can now prepare the application."),
            )
        return redirect("applications:manage_registration", slug=association.slug, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return registration_page(request, association, registration, return_form=form)
    try:
        services.registration_return(
            registration=registration, actor=actor, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Returned to the applicant with your note."))
    return redirect("applications:manage_registration", slug=association.slug, pk=pk)
