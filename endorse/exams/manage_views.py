"""The coordinator's exam page: sittings, accommodations, scorers, and releasing results."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from endorse.applications.views.fee_panel import fee_forms
from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core import numbers
from endorse.core.numbers import WholeNumberField
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.exams import services
from endorse.exams.models import Attempt, Booking, ExamPolicy
from endorse.exams.selectors import coordinator_exam, exam_scorers

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SittingForm(forms.Form):
    opens_at = forms.DateTimeField(label=gettext_lazy("Opens"), widget=LOCAL)
    closes_at = forms.DateTimeField(label=gettext_lazy("Closes"), widget=LOCAL)
    capacity = WholeNumberField(label=gettext_lazy("Places"), min_value=1, max_value=1000)
    note = forms.CharField(
        label=gettext_lazy("Note for candidates"), max_length=300, required=False
    )


class PolicyForm(forms.ModelForm[ExamPolicy]):
    # Not among Meta.fields: the form shows and checks it as text; the service stores it.
    blueprint = forms.CharField(
        label=gettext_lazy("Blueprint of part 1"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One area per line with its number of items, e.g. “Development: 15”. "
            "The rest of part 1 is drawn from every area."
        ),
    )

    class Meta:
        model = ExamPolicy
        formfield_callback = numbers.formfield
        fields = (
            "part1_items",
            "part1_minutes",
            "pass_percent",
            "part2_offered",
            "part2_answered",
            "part2_minutes",
            "retake_wait_days",
            "approval_valid_days",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            blueprint = self.instance.blueprint or {}
            self.initial["blueprint"] = "\n".join(f"{a}: {n}" for a, n in blueprint.items())

    def clean_blueprint(self) -> dict[str, int]:
        blueprint: dict[str, int] = {}
        for line in self.cleaned_data["blueprint"].splitlines():
            if not line.strip():
                continue
            area, _colon, count = line.rpartition(":")
            if not area.strip() or not count.strip().isdigit():
                raise forms.ValidationError(
                    _("Write each line as “area: number”; this line is not: %(line)s")
                    % {"line": line}
                )
            blueprint[area.strip()] = int(count)
        return blueprint


class AccommodationForm(forms.Form):
    extra_minutes = WholeNumberField(
        label=gettext_lazy("Extra minutes per part"), max_value=240, initial=30
    )


class ReleaseForm(forms.Form):
    letter = forms.CharField(
        label=gettext_lazy("Feedback letter"),
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _page(
    request: HttpRequest, association: Association, status: int = 200, **forms_: Any
) -> HttpResponse:
    data = coordinator_exam(association)
    reviewers = list(exam_scorers(association))
    context = {
        "association": association,
        "exam": data,
        "reviewers": reviewers,
        "sitting_form": forms_.get("sitting_form") or SittingForm(prefix="sitting"),
        "policy_form": forms_.get("policy_form")
        or PolicyForm(prefix="policy", instance=services.policy_of(association)),
        "accommodation_forms": {
            b.pk: AccommodationForm(prefix=f"accommodation-{b.pk}") for b in data.accommodations
        },
        "fee_forms": {
            b.fee.pk: fee_forms(b.fee, association_today(association=association))
            for b in data.bookings
            if b.fee is not None
        },
        "release_forms": {
            row.booking.pk: ReleaseForm(
                initial={"letter": row.draft}, prefix=f"release-{row.booking.pk}"
            )
            for row in data.releasable
        },
    }
    return render(request, "exams/manage.html", context, status=status)


@require_GET
@coordinator_required
def manage(request: HttpRequest, association: Association) -> HttpResponse:
    return _page(request, association)


@require_POST
@coordinator_required
def sitting_new(request: HttpRequest, association: Association) -> HttpResponse:
    form = SittingForm(request.POST, prefix="sitting")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.sitting_open(
                association=association,
                # Typed in the association's time: coordinator pages run in its zone.
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                capacity=data["capacity"],
                note=data["note"],
            )
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The sitting is open for booking."))
            return redirect("exams:manage", association.slug)
    return _page(request, association, status=422, sitting_form=form)


@require_POST
@coordinator_required
def policy(request: HttpRequest, association: Association) -> HttpResponse:
    form = PolicyForm(request.POST, prefix="policy", instance=services.policy_of(association))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in (*PolicyForm.Meta.fields, "blueprint")}
        try:
            services.policy_set(association=association, fields=fields)
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("The exam settings are saved."))
            return redirect("exams:manage", association.slug)
    return _page(request, association, status=422, policy_form=form)


@require_POST
@coordinator_required
def accommodation(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, association=association, pk=pk)
    granted = request.POST.get("decision") == "grant"
    form = AccommodationForm(request.POST, prefix=f"accommodation-{pk}")
    minutes = form.cleaned_data["extra_minutes"] if form.is_valid() else 0
    say_outcome(
        request,
        lambda: services.accommodation_decide(
            booking=booking, granted=granted, extra_minutes=minutes
        ),
        _("The candidate is told the answer."),
    )
    return redirect("exams:manage", association.slug)


@require_POST
@coordinator_required
def assign(request: HttpRequest, association: Association, pk: int, tier: int) -> HttpResponse:
    attempt = get_object_or_404(Attempt, association=association, pk=pk)
    chosen = request.POST.get("scorer", "")
    scorer = exam_scorers(association).filter(pk=chosen).first() if chosen.isdigit() else None
    if scorer is None:
        messages.error(request, _("Scorers are chosen among the association's reviewers."))
        return redirect("exams:manage", association.slug)
    say_outcome(
        request,
        lambda: services.scorer_assign(attempt=attempt, scorer=scorer, tier=tier),
        _("%(name)s is asked to score it.") % {"name": scorer.get_full_name()},
    )
    return redirect("exams:manage", association.slug)


@require_POST
@coordinator_required
def release(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, association=association, pk=pk)
    form = ReleaseForm(request.POST, prefix=f"release-{pk}")
    letter = form.cleaned_data["letter"] if form.is_valid() else ""
    say_outcome(
        request,
        lambda: services.result_release(booking=booking, letter=letter, actor=person(request)),
        _("The result is released to the candidate."),
    )
    return redirect("exams:manage", association.slug)
