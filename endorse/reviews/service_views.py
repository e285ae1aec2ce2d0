"""The reviewer's service record: the reviews they sent here and the hours credited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from endorse.associations.access import person, reviewer_required
from endorse.associations.models import Association
from endorse.reviews.service import service_record


@require_GET
@reviewer_required
def service(request: HttpRequest, association: Association) -> HttpResponse:
    record = service_record(association=association, reviewer=person(request))
    return render(request, "reviews/service.html", {"association": association, "record": record})
