"""The coordinator's printable review record of one application."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from endorse.applications.selectors import application_get
from endorse.associations.access import coordinator_required
from endorse.associations.models import Association
from endorse.reviews.record import record_pdf

LANGUAGES = ("en", "es")


@coordinator_required
def record(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    """The PDF in ``?lang=`` (en or es), or else in the page's language."""
    application = application_get(association=association, pk=pk)
    page = (get_language() or "en")[:2]
    lang = request.GET.get("lang", page)
    if lang not in LANGUAGES:
        lang = page if page in LANGUAGES else "en"
    response = HttpResponse(record_pdf(application, lang=lang), content_type="application/pdf")
    name = f"review-record-{association.slug}-{application.pk}-{lang}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
