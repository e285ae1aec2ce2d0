from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from endorse.associations import people
from endorse.associations.access import admin_required, person
from endorse.associations.forms import AssociationSettingsForm
from endorse.associations.models import Association
from endorse.associations.selectors import (
    association_categories,
    association_get,
    association_list,
    association_today,
)
from endorse.associations.services import association_settings_save
from endorse.core.outcome import attach_refusal
from endorse.payments.selectors import fee_schedule


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "associations/home.html", {"associations": association_list()})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_get(slug=slug)
    today = association_today(association=association)
    categories = association_categories(
        association=association, on=today, lang=get_language() or "en"
    )
    fees = fee_schedule(association=association, on=today)
    context = {"association": association, "categories": categories, "today": today, "fees": fees}
    return render(request, "associations/detail.html", context)


@require_http_methods(["GET", "POST"])
@admin_required
def settings_page(request: HttpRequest, association: Association) -> HttpResponse:
    posted = request.method == "POST"
    form = AssociationSettingsForm(request.POST if posted else None, instance=association)
    if posted and form.is_valid():
        try:
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            association_settings_save(association=association, **data)
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("associations:settings", slug=association.slug)
    status = 422 if form.errors else 200
    context = {"association": association, "form": form}
    return render(request, "associations/settings.html", context, status=status)


@login_required
def staff_homes(request: HttpRequest) -> HttpResponse:
    """The header's "Manage" for someone who is staff at several associations: each one's
    staff pages. It only lists links; every page behind them checks the role itself."""
    homes = people.staff_homes(user_id=person(request).pk)
    return render(request, "associations/staff_homes.html", {"homes": homes})


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for on their own."""
    return redirect(static("endorse/favicon.ico"), permanent=True)
