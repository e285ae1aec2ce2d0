"""The reviewer's service record: the reviews they sent here and the hours credited, with a
certificate for each year at /<slug>/service-certificate/<year>.pdf (a member page, not a
staff one: anyone keeps the certificates of the reviews they sent, reviewer or not)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from endorse.associations.access import member_required, person, reviewer_required
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.reviews.service import service_record, service_year
from endorse.reviews.service_certificate import service_certificate_pdf


@require_GET
@reviewer_required
def service(request: HttpRequest, association: Association) -> HttpResponse:
    record = service_record(association=association, reviewer=person(request))
    return render(request, "reviews/service.html", {"association": association, "record": record})


@require_GET
@member_required
def service_certificate(request: HttpRequest, association: Association, year: int) -> HttpResponse:
    """The signed-in person's own certificate (of their own reviews: no role needed, so
    someone who no longer reviews here keeps theirs); none for a year with no hours
    credited. In the page's language, or the one ``?lang=`` names."""
    if not 1900 <= year <= 9998:
        raise Http404  # no such calendar year to count reviews in
    reviewer = person(request)
    found = service_year(association=association, reviewer=reviewer, year=year)
    if found is None:
        raise Http404
    lang = request.GET.get("lang") or get_language() or "en"
    if lang not in ("en", "es"):
        raise Http404
    pdf = service_certificate_pdf(
        association, reviewer, found, lang=lang,
        issued_on=association_today(association=association),
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"service-{association.slug}-{year}-{lang}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
