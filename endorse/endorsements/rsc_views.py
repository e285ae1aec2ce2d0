"""Find a reflective supervisor or consultant (public), and an endorsee's own offer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_get, association_today
from endorse.endorsements.forms import ProviderSearchForm, RscOfferForm
from endorse.endorsements.models import RscOffer
from endorse.endorsements.rsc import ProviderQuery, find_providers, qualifies
from endorse.endorsements.services import rsc_offer_set, rsc_offer_withdraw


@require_GET
def providers(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_get(slug=slug)
    form = ProviderSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    query = ProviderQuery(
        name=data.get("name", ""),
        language=data.get("language", ""),
        group=data.get("group", False),
        remote=data.get("remote", False),
    )
    found = find_providers(association, association_today(association=association), query)
    context = {"association": association, "form": form, "providers": found, "searched": bool(data)}
    return render(request, "endorsements/rsc_providers.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def my_offer(request: HttpRequest, association: Association) -> HttpResponse:
    me = person(request)
    today = association_today(association=association)
    offer = RscOffer.objects.filter(association=association, person=me).first()
    context = {"association": association, "offer": offer}
    if not qualifies(association, me, today):
        return render(request, "endorsements/rsc_offer.html", {**context, "qualified": False})
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        if rsc_offer_withdraw(association=association, person=me):
            messages.success(request, _("You no longer appear in the list of RS/C providers."))
        return redirect("endorsements:rsc_offer", association.slug)
    form = RscOfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RscOfferForm.Meta.fields}
        rsc_offer_set(association=association, person=me, on=today, fields=fields)
        messages.success(request, _("Saved. The list of RS/C providers shows your offer."))
        return redirect("endorsements:rsc_offer", association.slug)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "endorsements/rsc_offer.html",
        {**context, "qualified": True, "form": form},
        status=status,
    )
