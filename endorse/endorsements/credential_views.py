"""The signed credential: the endorsee's download, the documents verifiers fetch (issuer
profile, public key, revocation list), and checking an uploaded credential."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from endorse.associations.access import person
from endorse.associations.selectors import association_get
from endorse.endorsements import credentials
from endorse.endorsements.forms import CredentialCheckForm
from endorse.endorsements.models import Endorsement, IssuerKey
from endorse.endorsements.selectors import endorsement_held

JSON_LD = "application/ld+json"


def _json(document: dict[str, Any], content_type: str = JSON_LD, **headers: str) -> HttpResponse:
    response = JsonResponse(document, content_type=content_type, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from other sites
    for name, value in headers.items():
        response[name] = value
    return response


@require_GET
def issuer(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(credentials.issuer_profile(association_get(slug=slug)))


@require_GET
def issuer_key(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    association = association_get(slug=slug)
    key = get_object_or_404(IssuerKey, association=association, pk=pk)
    return _json(credentials.multikey(key, association))


# The statuses whose endorsements have their bit set in each list.
SET_BY = {
    "revocation": (Endorsement.Status.REVOKED,),
    "suspension": (Endorsement.Status.LAPSED, Endorsement.Status.INACTIVE),
}


@require_GET
def status_list(request: HttpRequest, slug: str, purpose: str = "revocation") -> HttpResponse:
    """Always current: verifiers must not be told "not revoked" from a stale copy."""
    association = association_get(slug=slug)
    statuses = SET_BY[purpose]
    indexes = Endorsement.objects.filter(
        association=association, status__in=statuses, status_index__isnull=False
    ).values_list("status_index", flat=True)
    document = credentials.status_list_credential(
        association, [i for i in indexes if i is not None], purpose
    )
    return _json(document, "application/vc+ld+json", **{"Cache-Control": "no-cache"})


@login_required
@require_GET
def credential(request: HttpRequest, pk: int) -> HttpResponse:
    """The endorsee's Open Badges 3.0 credential, signed, as a file to keep or share."""
    endorsement = endorsement_held(person=person(request), pk=pk)
    if endorsement is None or not endorsement.valid:
        raise Http404
    response = _json(credentials.endorsement_credential(endorsement), "application/vc+ld+json")
    name = f"endorsement-{endorsement.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a credential file and learns whether it is genuine and still valid."""
    posted = request.method == "POST"
    form = CredentialCheckForm(request.POST, request.FILES) if posted else CredentialCheckForm()
    result = None
    if posted and form.is_valid():
        result = credentials.check_credential(form.cleaned_data["document"])
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "endorsements/check.html", {"form": form, "result": result}, status=status
    )
