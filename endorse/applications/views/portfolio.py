"""The applicant's portfolio as a file: downloaded (``endorse.portfolio/1``) and imported."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from endorse.applications import services
from endorse.applications.forms import ImportForm
from endorse.applications.import_problems import import_problem
from endorse.applications.portfolio import portfolio_export
from endorse.applications.selectors import application_data
from endorse.applications.views.common import own_application
from endorse.associations.access import member_required
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.eligibility import PortfolioError, parse_portfolio


@member_required
def export(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    today = association_today(association=association)
    data = application_data(application=application, today=today)
    body = portfolio_export(
        data.portfolio,
        name=application.applicant.full_name,
        email=application.applicant.email,
        phone=data.details.phone if data.details else "",
    )
    response = HttpResponse(body, content_type="application/json")
    filename = f"portfolio-{association.slug}-{today.isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@member_required
def import_portfolio(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.ENDORSE_MAX_UPLOAD_BYTES:
            messages.error(request, _("The file is too large."))
            return redirect("applications:overview", slug=association.slug)
        raw = upload.read()
        try:
            portfolio = parse_portfolio(raw)
            count = services.portfolio_import(
                application=application, portfolio=portfolio, replace=form.cleaned_data["replace"]
            )
        except PortfolioError as error:
            messages.error(request, import_problem(error, raw))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("Imported %(count)d entry.", "Imported %(count)d entries.", count)
                % {"count": count},
            )
    else:
        messages.error(request, _("Choose a portfolio file to import."))
    return redirect("applications:overview", slug=association.slug)
