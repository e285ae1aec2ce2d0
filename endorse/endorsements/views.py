"""The public verification page: anyone can check an endorsement by its code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from endorse.endorsements.selectors import endorsement_by_code


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    endorsement = endorsement_by_code(code)
    if endorsement is None:
        return render(request, "endorsements/verify_unknown.html", status=404)
    return render(request, "endorsements/verify.html", {"endorsement": endorsement})
