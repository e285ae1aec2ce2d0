"""Public pages of endorsements: verification and the registry; and an endorsee's listing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_get, association_today
from endorse.endorsements.certificate import certificate_pdf
from endorse.endorsements.forms import ListingForm, RegistrySearchForm, RevokeForm
from endorse.endorsements.models import Endorsement
from endorse.endorsements.registry import (
    NameSearch,
    RegistryQuery,
    association_id_for,
    registry_search,
)
from endorse.endorsements.selectors import (
    endorsement_by_code,
    endorsement_held,
    endorsements_held,
)
from endorse.endorsements.services import endorsement_revoke, registry_listing_set

REGISTRY_PAGE_SIZE = 25


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    endorsement = endorsement_by_code(code)
    if endorsement is None:
        return render(request, "endorsements/verify_unknown.html", status=404)
    return render(request, "endorsements/verify.html", {"endorsement": endorsement})


@require_GET
def registry(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The registry of one association (``slug``) or of every association on this site."""
    association = association_get(slug=slug) if slug else None
    form = RegistrySearchForm(request.GET or None, across_associations=association is None)
    query = RegistryQuery(
        association_id=association.pk
        if association
        else association_id_for(form.value("association")),
        name=form.value("name"),
        category=form.value("category"),
        locality=form.value("locality"),
    )
    found = registry_search(query)
    page = Paginator(found, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    searched = bool(query.name or query.category or query.locality)
    context = {
        "association": association,
        "form": form,
        "page": page,
        "more": isinstance(found, NameSearch) and found.more,  # more match than it lists
        "searched": searched,
        "query_string": _query_without_page(request),
    }
    return render(request, "endorsements/registry.html", context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The endorsee's own certificate, as a PDF in English or Spanish."""
    endorsement = endorsement_held(person=person(request), pk=pk)
    if endorsement is None or not endorsement.valid or lang not in ("en", "es"):
        raise Http404
    pdf = certificate_pdf(endorsement, lang=lang, verify_url=endorsement.verify_address)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"endorsement-{endorsement.number}-{lang}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_listing(request: HttpRequest) -> HttpResponse:
    """The endorsee chooses what the registry shows of them."""
    me = person(request)
    held = [e for e in endorsements_held(person=me) if e.valid]
    if not held:
        return render(request, "endorsements/listing.html", {"held": held})
    first = held[0]
    initial = {
        "locality": first.locality,
        "locality_shown": first.locality_shown,
        "listed": [e.pk for e in held if e.listed],
    }
    form = ListingForm(request.POST or None, initial=initial, endorsements=held)
    if request.method == "POST" and form.is_valid():
        listed = registry_listing_set(
            person=me,
            locality=form.cleaned_data["locality"],
            locality_shown=form.cleaned_data["locality_shown"],
            listed_ids=set(form.cleaned_data["listed"]),
        )
        messages.success(request, _listing_saved(listed))
        return redirect("endorsements:listing")
    status = 422 if form.is_bound else 200
    return render(request, "endorsements/listing.html", {"held": held, "form": form}, status=status)


def _listing_saved(listed: int) -> str:
    if listed == 0:
        return _("Saved. You are not listed in the registry.")
    return ngettext(
        "Saved. The registry lists %(count)d endorsement of yours.",
        "Saved. The registry lists %(count)d endorsements of yours.",
        listed,
    ) % {"count": listed}


@require_POST
@coordinator_required
def revoke(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    """The coordinator revokes an endorsement of their association, giving the reason."""
    endorsement = get_object_or_404(Endorsement, association=association, pk=pk)
    form = RevokeForm(request.POST, prefix="revoke")
    back = redirect("applications:manage_application", association.slug, endorsement.application_id)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking this Endorsement®."))
        return back
    if not endorsement.valid:
        messages.error(
            request, _("This Endorsement® is no longer valid; there is nothing to revoke.")
        )
        return back
    endorsement_revoke(
        endorsement=endorsement,
        revoked_on=association_today(association=association),
        reason=form.cleaned_data["reason"],
        actor=person(request),
    )
    messages.success(
        request, _("Endorsement® %(number)s is revoked.") % {"number": endorsement.number}
    )
    return back
