"""An endorsee's page for one endorsement (its history, and what they may ask for), and the
coordinator's answers to those requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endorse.applications.forms import DATE
from endorse.applications.later import application_add_category, application_reinstate
from endorse.associations.access import coordinator_required, in_time_zone, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.endorsements import lifecycle
from endorse.endorsements.models import Endorsement, StatusRequest
from endorse.endorsements.selectors import endorsement_held
from endorse.renewals.selectors import renewal_settings
from endorse.renewals.services import reactivation_open
from endorse.standards.models import Category


class RequestForm(forms.Form):
    """A request's form; it may tailor its choices to the endorsement."""

    def __init__(self, *args: Any, endorsement: Endorsement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.endorsement = endorsement


class InactiveForm(RequestForm):
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: illness, parental leave, a move abroad."),
    )
    until = forms.DateField(label=gettext_lazy("inactive until"), widget=DATE)


class EmeritusForm(RequestForm):
    reason = forms.CharField(
        label=gettext_lazy("a note for the coordinator"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(RequestForm):
    to = forms.ModelChoiceField(
        label=gettext_lazy("the association you are moving to"), queryset=Association.objects
    )
    reason = forms.CharField(
        label=gettext_lazy("a note for its coordinator"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, endorsement: Endorsement, **kwargs: Any) -> None:
        super().__init__(*args, endorsement=endorsement, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Association.objects.exclude(pk=endorsement.association_id)
            .filter(offerings__category_id=endorsement.category_id)
            .order_by("name")
        )


class AddCategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("category"), queryset=Category.objects.none()
    )

    def __init__(self, *args: Any, endorsement: Endorsement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = Endorsement.objects.filter(person_id=endorsement.person_id).exclude(
            status=Endorsement.Status.REVOKED
        )
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Category.objects.filter(
            offering__association_id=endorsement.association_id
        ).exclude(pk__in=held.filter(association_id=endorsement.association_id).values("category"))


FORMS: dict[str, type[RequestForm]] = {
    StatusRequest.Kind.INACTIVE: InactiveForm,
    StatusRequest.Kind.EMERITUS: EmeritusForm,
    StatusRequest.Kind.TRANSFER: TransferForm,
}


def _held(request: HttpRequest, pk: int) -> Endorsement:
    endorsement = endorsement_held(person=person(request), pk=pk)
    if endorsement is None:
        raise Http404
    return endorsement


def _forms(endorsement: Endorsement, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    made: dict[str, forms.Form] = {}
    for kind, form_class in FORMS.items():
        made[kind] = bound.get(kind) or form_class(prefix=kind, endorsement=endorsement)
    made["category"] = bound.get("category") or AddCategoryForm(
        prefix="category", endorsement=endorsement
    )
    return made


def _page(
    request: HttpRequest, endorsement: Endorsement, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The endorsement's page; ``bound`` forms came back with errors (status 422)."""
    association = endorsement.association
    settings = renewal_settings(association=association)
    context = {
        "endorsement": endorsement,
        "association": association,
        "settings": settings,
        "forms": _forms(endorsement, bound or {}),
        "requests": list(
            endorsement.status_requests.select_related("association").order_by("-requested_at")
        ),
    }
    with in_time_zone(association):
        return render(
            request, "endorsements/endorsement.html", context, status=422 if bound else 200
        )


@require_GET
@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _held(request, pk))


@require_POST
@login_required
def ask(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Ask for inactive or Emeritus status, or to move; refusals next to the fields."""
    endorsement = _held(request, pk)
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=kind, endorsement=endorsement)
    if form.is_valid():
        try:
            lifecycle.status_request(
                endorsement=endorsement,
                kind=kind,
                on=association_today(association=endorsement.association),
                reason=form.cleaned_data.get("reason", ""),
                until=form.cleaned_data.get("until"),
                to=form.cleaned_data.get("to"),
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("Your request is sent to the coordinator."))
            return redirect("endorsements:endorsement", pk)
    return _page(request, endorsement, {kind: form})


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    endorsement = _held(request, pk)
    asked = get_object_or_404(StatusRequest, endorsement=endorsement, pk=request_pk)
    say_outcome(
        request,
        lambda: lifecycle.status_request_withdraw(request=asked),
        _("Your request is withdrawn."),
    )
    return redirect("endorsements:endorsement", pk)


@require_POST
@login_required
def start(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Reactivate (inactive), reinstate (lapsed) or add a category: each opens its form."""
    endorsement = _held(request, pk)
    association = endorsement.association
    today = association_today(association=association)
    if what == "category":
        return _add_category(request, endorsement)
    if what == "reinstate":
        done = say_outcome(
            request,
            lambda: application_reinstate(
                association=association,
                person=person(request),
                endorsement=endorsement,
                today=today,
            ),
            _("Your reinstatement application is open, with your entries copied."),
        )
        return _opened(done, "applications:overview", association, pk)
    if what == "reactivate":
        done = say_outcome(
            request,
            lambda: reactivation_open(association=association, person=person(request), on=today),
            _("Your reactivation is open: complete it like a renewal."),
        )
        return _opened(done, "renewals:renewal", association, pk)
    raise Http404


def _opened(done: bool, page: str, association: Association, pk: int) -> HttpResponse:
    """To what was opened, or back to the endorsement's page to read why not."""
    return redirect(page, association.slug) if done else redirect("endorsements:endorsement", pk)


def _add_category(request: HttpRequest, endorsement: Endorsement) -> HttpResponse:
    association = endorsement.association
    form = AddCategoryForm(request.POST, prefix="category", endorsement=endorsement)
    if form.is_valid():
        try:
            application_add_category(
                association=association,
                person=person(request),
                category=form.cleaned_data["category"],
                today=association_today(association=association),
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("Your application is open, with your entries copied."))
            return redirect("applications:overview", association.slug)
    return _page(request, endorsement, {"category": form})


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("note to the endorsee"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when you refuse."),
    )


@require_http_methods(["POST"])
@coordinator_required
def decide(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    asked = get_object_or_404(StatusRequest, association=association, pk=pk)
    form = DecisionForm(request.POST, prefix=f"request-{pk}")
    grant = request.POST.get("decision") == "grant"
    note = form.cleaned_data["note"] if form.is_valid() else ""
    say_outcome(
        request,
        lambda: lifecycle.status_request_decide(
            request=asked, grant=grant, actor=person(request), note=note
        ),
        _("Granted; the endorsee is told.") if grant else _("Refused; the endorsee is told."),
    )
    return redirect("renewals:manage", association.slug)
