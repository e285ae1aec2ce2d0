"""The coordinator's side: pending registrations, fees, acceptance, and applications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import services
from endorse.applications.forms import (
    CommentForm,
    PaymentForm,
    RatingReceivedForm,
    RefundForm,
    WaiveForm,
)
from endorse.applications.models import Education, Reference, Registration, Transcript
from endorse.applications.sections import BY_SLUG, sections_for
from endorse.applications.selectors import (
    application_checklist,
    application_data,
    application_get,
    coordinator_queue,
    pending_registrations,
)
from endorse.applications.views.fee_panel import fee_forms
from endorse.applications.views.registrations import registration_page
from endorse.applications.views.transcripts import transcript_response, upload_transcript
from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import attach_refusal
from endorse.core.paging import page_number
from endorse.endorsements.forms import RevokeForm
from endorse.endorsements.selectors import endorsement_of
from endorse.payments.models import Charge, FeeKind, Refund
from endorse.payments.money import cents_of
from endorse.payments.services import charge_waive, payment_record, refund_record
from endorse.ratings.forms import VetForm
from endorse.ratings.selectors import rating_summaries
from endorse.ratings.services import reference_record_rating, reference_vet
from endorse.reviews.coordinator import panel_context


@coordinator_required
def dashboard(request: HttpRequest, association: Association) -> HttpResponse:
    context = {
        "association": association,
        "registrations": list(pending_registrations(association=association)),
        "queue": coordinator_queue(
            association=association,
            state=request.GET.get("state", ""),
            page=page_number(request.GET.get("page")),
        ),
        "administers": request.user.has_perm("associations.administer", association),
    }
    return render(request, "applications/manage/dashboard.html", context)


def _charge(association: Association, pk: int) -> Charge:
    return get_object_or_404(Charge.objects.filter(association=association), pk=pk)


def _renewal_page(association: Association, charge: Charge) -> HttpResponse:
    from endorse.renewals.models import Renewal

    renewal = Renewal.objects.filter(association=association, charges=charge).first()
    if renewal is None:
        return redirect("renewals:manage", slug=association.slug)
    return redirect("renewals:manage_renewal", slug=association.slug, pk=renewal.pk)


# Fees settled on another page than the registration's or the application's.
ELSEWHERE: dict[str, Callable[[Association, Charge], HttpResponse]] = {
    FeeKind.EXAM: lambda association, _charge: redirect("exams:manage", slug=association.slug),
    FeeKind.RENEWAL: _renewal_page,
    FeeKind.RENEWAL_LATE: _renewal_page,
    FeeKind.REACTIVATION: _renewal_page,
}


def _charge_page(
    request: HttpRequest, association: Association, charge: Charge, **forms_: Any
) -> HttpResponse:
    """The page the charge is shown on: a redirect, or that page again with bound forms."""
    registration = application = None
    if charge.kind == FeeKind.REGISTRATION:
        registration = Registration.objects.filter(association=association, fee=charge).first()
    else:
        application = association.applications.filter(processing_fee=charge).first()
    if forms_ and registration is not None:
        return registration_page(request, association, registration, **forms_)
    if forms_ and application is not None:
        return _application_page(request, association, application, **forms_)
    if charge.kind in ELSEWHERE:  # exam and renewal fees are settled on their own pages
        for form in forms_.values():  # what was wrong, said there
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        return ELSEWHERE[charge.kind](association, charge)
    if registration is not None:
        return redirect(
            "applications:manage_registration", slug=association.slug, pk=registration.pk
        )
    if application is not None:
        return redirect("applications:manage_application", slug=association.slug, pk=application.pk)
    return redirect("applications:manage", slug=association.slug)


REFUND_SAID: dict[str, Any] = {
    Refund.State.SUCCEEDED: gettext_lazy("Stripe has refunded it to the card."),
    Refund.State.PENDING: gettext_lazy(
        "The refund is sent to Stripe; it is pending until Stripe confirms it."
    ),
}


def _refund(request: HttpRequest, association: Association, charge: Charge) -> HttpResponse:
    """Record a refund of the charge's payment (the latest, if several)."""
    form = RefundForm(request.POST, prefix=f"charge-{charge.pk}")
    payment = charge.payments.order_by("-pk").first()
    refund: Refund | None = None
    if form.is_valid() and payment is not None:
        data = form.cleaned_data
        try:
            refund = refund_record(
                payment=payment,
                amount_cents=cents_of(data["amount"]),
                reason=data["reason"],
                refunded_on=data["refunded_on"],
                actor=person(request),
                token=data["token"],
            )
        except ValidationError as error:
            attach_refusal(form, error)
    elif payment is None:
        form.add_error(None, _("This fee was waived or settled without a payment."))
    if form.errors:
        return _charge_page(request, association, charge, refund_form=form)
    state = refund.state if refund is not None else ""
    messages.success(request, REFUND_SAID.get(state, _("The refund was recorded.")))
    return _charge_page(request, association, charge)


@require_POST
@coordinator_required
def charge_settle(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    """Record a payment (``action=pay``) or a waiver (``action=waive``) of one charge."""
    charge = _charge(association, pk)
    prefix = f"charge-{charge.pk}"
    if request.POST.get("action") == "refund":
        return _refund(request, association, charge)
    waiving = request.POST.get("action") == "waive"
    form: forms.Form = (
        WaiveForm(request.POST, prefix=prefix)
        if waiving
        else PaymentForm(request.POST, prefix=prefix)
    )
    if form.is_valid():
        try:
            if waiving:
                charge_waive(
                    charge=charge, reason=form.cleaned_data["reason"], actor=person(request)
                )
            else:
                payment_record(charge=charge, actor=person(request), **form.cleaned_data)
        except ValidationError as error:
            attach_refusal(form, error)
    if form.errors:
        return _charge_page(
            request, association, charge, **{"waive_form" if waiving else "payment_form": form}
        )
    messages.success(
        request, _("The fee was waived.") if waiving else _("The payment was recorded.")
    )
    return _charge_page(request, association, charge)


@coordinator_required
def application_detail(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    application = application_get(association=association, pk=pk)
    return _application_page(request, association, application)


REVIEW_FORMS = ("return_form", "assign_form_1", "assign_form_2", "decision_form")


def _application_page(
    request: HttpRequest, association: Association, application: Any, **forms_: Any
) -> HttpResponse:
    today = association_today(association=association)
    data = application_data(application=application, today=today)
    sections = sections_for(application.category.family)
    comment_forms = {
        s.slug: CommentForm(
            initial={
                "comment": data.notes[s.slug].coordinator_comment if s.slug in data.notes else ""
            },
            prefix=f"comment-{s.slug}",
        )
        for s in sections
    }
    context = {
        "association": association,
        "application": application,
        "data": data,
        "sections": sections,
        "comment_forms": comment_forms,
        "rating_forms": {
            row.pk: RatingReceivedForm(initial={"received_on": today}, prefix=f"rating-{row.pk}")
            for row in data.entries.get("references", [])
        },
        "vet_forms": {
            row.pk: VetForm(
                initial={
                    "rater_endorsed": row.rater_endorsed,
                    "vetted": row.vetted,
                    "vetted_note": row.vetted_note,
                },
                prefix=f"vet-{row.pk}",
            )
            for row in data.entries.get("references", [])
        },
        "rating_summaries": rating_summaries(
            association=association,
            references=data.entries.get("references", []),
            language=get_language() or "en",
        ),
        "checklist": application_checklist(
            data=data, category=application.category, on=today, lang=get_language() or "en"
        ),
        **fee_forms(application.processing_fee, today),
        "endorsement": endorsement_of(application),
        "revoke_form": RevokeForm(prefix="revoke"),
    }
    status = 422 if forms_ else 200  # a bound form came back with its errors
    for per_reference in ("rating_forms", "vet_forms"):  # a bound form replaces its blank one
        context[per_reference].update(forms_.pop(per_reference, {}))
    review_forms = {name: forms_.pop(name) for name in list(forms_) if name in REVIEW_FORMS}
    context["review"] = panel_context(application, **review_forms)
    context.update(forms_)
    return render(request, "applications/manage/application.html", context, status=status)


@require_POST
@coordinator_required
def comment(request: HttpRequest, association: Association, pk: int, section: str) -> HttpResponse:
    application = application_get(association=association, pk=pk)
    if section not in BY_SLUG:
        raise Http404
    form = CommentForm(request.POST, prefix=f"comment-{section}")
    if form.is_valid():
        services.note_save(
            application=application,
            section=section,
            text=form.cleaned_data["comment"],
            by_coordinator=True,
        )
        messages.success(request, _("Comment saved."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("comment", [])))
    return redirect("applications:manage_application", slug=association.slug, pk=pk)


@require_POST
@coordinator_required
def official_transcript(
    request: HttpRequest, association: Association, pk: int, education_pk: int
) -> HttpResponse:
    application = application_get(association=association, pk=pk)
    education = get_object_or_404(
        Education.objects.filter(application=application), pk=education_pk
    )
    refusal = upload_transcript(request, education, request.FILES.get("transcript"), official=True)
    if refusal is not None:
        return _application_page(request, association, application, transcript_refusal=refusal)
    return redirect("applications:manage_application", slug=association.slug, pk=pk)


def _transcript(association: Association, pk: int) -> Transcript:
    return get_object_or_404(Transcript.objects.filter(association=association), pk=pk)


@require_POST
@coordinator_required
def transcript_official(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    transcript = _transcript(association, pk)
    services.transcript_set_official(
        transcript=transcript, official=request.POST.get("official") == "1"
    )
    messages.success(request, _("Transcript updated."))
    application_pk = transcript.education.application_id
    return redirect("applications:manage_application", slug=association.slug, pk=application_pk)


@coordinator_required
def transcript_download(
    request: HttpRequest, association: Association, pk: int
) -> HttpResponseBase:
    return transcript_response(_transcript(association, pk))


def _reference(association: Association, pk: int, reference_pk: int) -> tuple[Any, Reference]:
    """The application, and one of its references: both scoped to this association."""
    application = application_get(association=association, pk=pk)
    return application, get_object_or_404(
        Reference.objects.filter(application=application), pk=reference_pk
    )


@require_POST
@coordinator_required
def reference_rating(
    request: HttpRequest, association: Association, pk: int, reference_pk: int
) -> HttpResponse:
    application, reference = _reference(association, pk, reference_pk)
    form = RatingReceivedForm(request.POST, prefix=f"rating-{reference.pk}")
    return submit_on_page(
        request, association, application, form,
        action=lambda data: reference_record_rating(reference=reference, **data),
        bound={"rating_forms": {reference.pk: form}},
        done=_("The rating was recorded."),
    )  # fmt: skip


@require_POST
@coordinator_required
def reference_vetting(
    request: HttpRequest, association: Association, pk: int, reference_pk: int
) -> HttpResponse:
    """Confirm (or not) the Endorsement a rater claimed, or vet them after a call, with a note."""
    application, reference = _reference(association, pk, reference_pk)
    form = VetForm(request.POST, prefix=f"vet-{reference.pk}")
    return submit_on_page(
        request, association, application, form,
        action=lambda data: reference_vet(reference=reference, **data),
        bound={"vet_forms": {reference.pk: form}},
        done=_("The check of the rater was recorded."),
    )  # fmt: skip


def submit_on_page(
    request: HttpRequest,
    association: Association,
    application: Any,
    form: forms.Form,
    *,
    action: Callable[[dict[str, Any]], object],
    bound: dict[str, Any],
    done: str,
) -> HttpResponse:
    """A form posted from the application's page: run ``action`` on its data, then back to
    the page; when the form or the service refuses, the page again with the messages next
    to their fields (422) and everything typed kept."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            attach_refusal(form, error)
    if form.errors:
        return _application_page(request, association, application, **bound)
    messages.success(request, done)
    return redirect("applications:manage_application", slug=association.slug, pk=application.pk)
