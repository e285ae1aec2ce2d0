"""The scorer's pages: part 2 answers under a candidate number, never a name."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from endorse.associations.access import person, reviewer_required
from endorse.associations.models import Association
from endorse.core.outcome import say_outcome
from endorse.exams.models import Scoring
from endorse.exams.services import scoring_submit


class ScoringForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("Do the answers meet the rubric?"),
        choices=[("yes", gettext_lazy("Yes: pass")), ("no", gettext_lazy("No: not yet"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=gettext_lazy("Comments against the rubric"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("They go into the candidate's feedback letter; write to them."),
    )


@reviewer_required
def scorings(request: HttpRequest, association: Association) -> HttpResponse:
    mine = (
        Scoring.objects.filter(association=association, scorer=person(request))
        .select_related("attempt__booking")
        .order_by("submitted_at", "-assigned_at")
    )
    return render(request, "exams/scorings.html", {"association": association, "scorings": mine})


@reviewer_required
@require_http_methods(["GET", "POST"])
def scoring(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    mine = get_object_or_404(
        Scoring.objects.select_related("attempt__booking"),
        association=association, scorer=person(request), pk=pk,
    )  # fmt: skip
    form = ScoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = say_outcome(
            request,
            lambda: scoring_submit(
                scoring=mine,
                actor=person(request),
                passed=form.cleaned_data["passed"],
                comments=form.cleaned_data["comments"],
            ),
            _("Your score is sent."),
        )
        if done:
            return redirect("exams:scorings", association.slug)
    language = translation.get_language() or "en"
    chosen = mine.attempt.answers.filter(chosen=True).select_related("item")
    answers = [(answer, answer.item.text_in(language)) for answer in chosen]
    context = {"association": association, "scoring": mine, "answers": answers, "form": form}
    return render(request, "exams/scoring.html", context, status=422 if form.errors else 200)
