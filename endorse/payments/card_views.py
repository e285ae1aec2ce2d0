"""Paying by card: a person's fees page, "Pay now" (to Stripe Checkout and back), and the
webhook Stripe calls. Coming back from Stripe shows progress; only the webhook pays."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from endorse.associations.access import person
from endorse.associations.models import Association
from endorse.core.urls import site_url
from endorse.payments.card import card_payments_enabled, checkout_open
from endorse.payments.selectors import (
    charges_due,
    charges_processing,
    checkout_of,
    payable_charges,
    payments_made,
)
from endorse.payments.webhook import webhook_receive


def is_id(text: str) -> bool:
    """A row number the database can hold (at most 18 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def clean(text: str) -> str:
    """A query parameter without NUL characters, which PostgreSQL text refuses."""
    return text.replace("\x00", "")


MAX_RETURN = 300  # CheckoutSession.return_to


def _back(request: HttpRequest) -> str:
    """Where the person was (a path on this site), else their fees page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        url_has_allowed_host_and_scheme(target, allowed_hosts=None)
        and target.startswith("/")
        and len(target) <= MAX_RETURN
    ):
        return target
    return reverse("payments:mine")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The person's fees still due, at every association (with "Pay now" where cards are
    taken), and what they paid, with receipts."""
    due = charges_due(person=person(request))
    groups = []
    processing = charges_processing(person=person(request))
    for association, charges in groupby(due, key=lambda charge: charge.association):
        listed = list(charges)
        payable = [c for c in listed if c.pk not in processing]
        groups.append(
            {
                "association": association,
                "charges": listed,
                "payable": payable,
                "processing": processing,
                "total": sum(c.amount_cents for c in payable),
                "card": card_payments_enabled(association),
            }
        )
    context = {"groups": groups, "payments": payments_made(person=person(request))}
    return render(request, "payments/mine.html", context)


@login_required
@require_POST
def pay(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a Stripe Checkout page for the chosen fees and go there."""
    association = get_object_or_404(Association, slug=slug)
    pks = [int(v) for v in request.POST.getlist("charge") if is_id(v)]
    charges = payable_charges(association=association, person=person(request), pks=pks)
    back = _back(request)
    if len(charges) != len(set(pks)):
        messages.error(request, _("That fee isn't yours to pay."))
        return redirect(back)
    try:
        session = checkout_open(
            association=association,
            person=person(request),
            charges=charges,
            success_url=site_url("payments:checkout_done", slug=slug)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=site_url("payments:mine").rstrip("/") + "/?cancelled=1",
            return_to=back,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect(session.url)


@login_required
@require_GET
def checkout_done(request: HttpRequest, slug: str) -> HttpResponse:
    """Back from Stripe: paid once the webhook has said so; until then, the page checks
    again by itself every few seconds."""
    session = checkout_of(
        person=person(request), stripe_id=clean(request.GET.get("session_id", ""))
    )
    if session is None or session.association.slug != slug:
        raise Http404
    template = (
        "payments/partials/checkout_status.html"
        if request.headers.get("HX-Request")
        else "payments/checkout_done.html"
    )
    return render(request, template, {"session": session, "association": session.association})


@csrf_exempt  # Stripe signs the body instead; the signature is checked before anything else
@require_POST
def stripe_webhook(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    result = webhook_receive(
        association=association,
        payload=request.body,
        signature=request.headers.get("Stripe-Signature"),
    )
    return HttpResponse(result.message, status=result.status, content_type="text/plain")
