"""The coordinator's side of payments: the association's Stripe keys, and payments an
employer made for several people at once."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from endorse.associations.access import admin_required, coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today, offered_categories
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.core.urls import site_url
from endorse.payments.card import card_settings_clear, card_settings_save, card_status
from endorse.payments.card_views import clean, is_id
from endorse.payments.forms import CardSettingsForm, EmployerPaymentForm, FeeLineForm
from endorse.payments.models import WebhookEvent
from endorse.payments.money import cents_of
from endorse.payments.receipt import employer_receipt_pdf
from endorse.payments.selectors import due_for_employer, employer_payments, fee_schedule_lines
from endorse.payments.services import employer_payment_record, fee_line_add, fee_line_remove

RECENT_EVENTS = 20
SHOWN = 200  # due fees listed on the employer payments page before searching


@require_http_methods(["GET", "POST"])
@admin_required  # the keys move the association's money: its administrators only
def card_settings(request: HttpRequest, association: Association) -> HttpResponse:
    form = CardSettingsForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "clear":
        say_outcome(
            request,
            lambda: card_settings_clear(association=association, actor=person(request)),
            _("The stored keys are removed."),
        )
        return redirect("payments:card_settings", association.slug)
    if request.method == "POST" and form.is_valid():
        try:
            card_settings_save(association=association, actor=person(request), **form.cleaned_data)
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The card payment settings are saved."))
            return redirect("payments:card_settings", association.slug)
    context = {
        "association": association,
        "form": form,
        "status": card_status(association),
        "webhook_url": site_url("payments:stripe_webhook", slug=association.slug),
        "events": WebhookEvent.objects.filter(association=association)[:RECENT_EVENTS],
    }
    return render(
        request, "payments/card_settings.html", context, status=422 if form.errors else 200
    )


def _employer_form(association: Association, search: str, data: Any = None) -> EmployerPaymentForm:
    return EmployerPaymentForm(
        data,
        due=due_for_employer(association=association, search=search),
        initial={"received_on": association_today(association=association)},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def employer(request: HttpRequest, association: Association) -> HttpResponse:
    """Record one payment from an employer for several people's due fees."""
    search = clean(request.POST.get("q") or request.GET.get("q") or "").strip()[:200]
    form = _employer_form(association, search, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = employer_payment_record(
                association=association,
                employer=data["employer"],
                method=data["method"],
                reference=data["reference"],
                amount_cents=cents_of(data["amount"]),
                received_on=data["received_on"],
                charges=list(data["charges"]),
                actor=person(request),
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(
                request,
                _("The payment from %(employer)s is recorded for %(count)d fees.")
                % {"employer": batch.employer, "count": batch.payments.count()},
            )
            return redirect("payments:employer", association.slug)
    due = form.fields["charges"].queryset  # type: ignore[attr-defined]
    total = due.count()
    # Validated against every due fee found; shown, at most SHOWN of them: search for more.
    form.fields["charges"].queryset = due[:SHOWN]  # type: ignore[attr-defined]
    context = {
        "association": association,
        "form": form,
        "search": search,
        "due_count": total,
        "hidden_count": max(total - SHOWN, 0),
        "shown": SHOWN,
        "batches": employer_payments(association=association)[:50],
    }
    return render(request, "payments/employer.html", context, status=422 if form.errors else 200)


@require_GET
@coordinator_required
def employer_receipt(
    request: HttpRequest, association: Association, pk: int, lang: str
) -> HttpResponse:
    """One receipt for the employer, listing every fee its payment covered."""
    batch = employer_payments(association=association).filter(pk=pk).first()
    if batch is None or lang not in ("en", "es"):
        raise Http404
    response = HttpResponse(employer_receipt_pdf(batch, lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{association.slug}-E-{batch.pk:06d}-{lang}.pdf"'
    )
    return response


@require_http_methods(["GET", "POST"])
@coordinator_required
def fee_schedule(request: HttpRequest, association: Association) -> HttpResponse:
    """The association's fees by category, and new lines from a day on (a fee change)."""
    today = association_today(association=association)
    categories = offered_categories(association=association)
    form = FeeLineForm(request.POST if request.POST.get("action") == "add" else None,
                       categories=categories, initial={"effective_from": today})  # fmt: skip
    if request.method == "POST" and request.POST.get("action") == "remove":
        pk = request.POST.get("fee", "")
        if say_outcome(
            request,
            lambda: fee_line_remove(association=association, pk=int(pk) if is_id(pk) else 0),
            _("The line is removed."),
        ):
            return redirect("payments:fees", association.slug)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fee_line_add(
                association=association,
                kind=data["kind"],
                category=data["category"],
                amount_cents=cents_of(data["amount"]),
                effective_from=data["effective_from"],
                refundable=data["refundable"],
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The fee schedule is saved."))
            return redirect("payments:fees", association.slug)
    context = {
        "association": association,
        "form": form,
        "lines": fee_schedule_lines(association=association, on=today),
    }
    return render(request, "payments/fees.html", context, status=422 if form.errors else 200)
