"""Pages anyone may use, and the registration a signed-in person sends."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from endorse.applications.advice import AdvisorRow, advisor_rows
from endorse.applications.advisor import AdvisorForm, Answers
from endorse.applications.forms import RegistrationForm
from endorse.applications.models import Application, Registration
from endorse.applications.selectors import offered_categories, registration_for
from endorse.applications.services import registration_submit
from endorse.associations.access import person
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_get, association_today
from endorse.core.outcome import attach_refusal
from endorse.endorsements.rsc import rsc_associations
from endorse.endorsements.selectors import endorsements_held
from endorse.payments.card import card_payments_enabled
from endorse.payments.models import FeeKind
from endorse.payments.selectors import charges_due, fee_quotes, payments_made
from endorse.standards.models import Category


def advisor(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_get(slug=slug)
    form = AdvisorForm(request.GET or None)
    rows: list[AdvisorRow] | None = None
    if form.is_valid():
        answers = Answers(**form.cleaned_data)
        rows = advisor_rows(association=association, answers=answers, lang=get_language() or "en")
    return render(
        request,
        "applications/advisor.html",
        {"association": association, "form": form, "rows": rows},
    )


def register(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_get(slug=slug)
    if not request.user.is_authenticated:
        return render(request, "applications/register_start.html", {"association": association})
    registration = registration_for(association=association, user=person(request))
    if registration and registration.status == Registration.Status.ACCEPTED:
        return redirect("applications:overview", slug=association.slug)
    categories = offered_categories(association=association)
    editable = registration is None or registration.status == Registration.Status.RETURNED
    today = association_today(association=association)
    form = RegistrationForm(
        request.POST if request.method == "POST" and editable else None,
        instance=registration,
        categories=categories,
        today=today,
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            registration_submit(
                association=association,
                applicant=person(request),
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
                today=today,
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("Your registration was sent to the coordinator."))
            return redirect("applications:register", slug=association.slug)
    context = {
        "association": association,
        "registration": registration,
        "form": form,
        "editable": editable,
        # What sending it will charge, while nothing is charged yet.
        "fees": None
        if not editable or (registration and registration.fee_id)
        else _registration_fees(association, categories, today),
    }
    return render(request, "applications/register.html", context)


def _registration_fees(
    association: Association, categories: Iterable[Category], today: date
) -> dict[str, Any]:
    quotes = fee_quotes(
        association=association, kind=FeeKind.REGISTRATION, categories=categories, on=today
    )
    return {
        "quotes": quotes,
        "one": quotes[0] if len({(q.cents, q.refundable) for q in quotes}) == 1 else None,
        "any": any(q.cents for q in quotes),
        "card": card_payments_enabled(association),
    }


@login_required
def my_endorsement(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: their registrations and applications."""
    registrations = list(
        Registration.objects.filter(applicant=person(request))
        .select_related("association", "category")
        .order_by("association__name")
    )
    # The latest application at each association (the oldest first, so later ones win).
    applications = {
        a.association_id: a
        for a in Application.objects.filter(applicant=person(request))
        .select_related("category")
        .order_by("opened_at", "pk")
    }
    roles = StaffRole.objects.filter(user=person(request)).select_related("association")
    coordinating = {row.association for row in roles if row.role != StaffRole.Role.REVIEWER}
    reviewing = {row.association for row in roles if row.role == StaffRole.Role.REVIEWER}
    held = endorsements_held(person=person(request))
    context: dict[str, Any] = {
        "rows": [(r, applications.get(r.association_id)) for r in registrations],
        "coordinating": sorted(coordinating, key=lambda a: a.name),
        "reviewing": sorted(reviewing, key=lambda a: a.name),
        "endorsements": held,
        "rsc_associations": rsc_associations(person(request), held),
        "payments": payments_made(person=person(request)),
        "charges_due": charges_due(person=person(request)),
    }
    return render(request, "applications/me.html", context)
