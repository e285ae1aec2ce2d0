"""The coordinator's side of the review, on the application's page: the completeness
check, assigning reviewers, and the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from endorse.applications.models import Application
from endorse.applications.sections import sections_for
from endorse.applications.selectors import application_get
from endorse.associations.access import coordinator_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import say_outcome
from endorse.reviews import assigning, services
from endorse.reviews.compare import reviews_compared
from endorse.reviews.conflicts import stored_texts
from endorse.reviews.cycles import upcoming_closings
from endorse.reviews.forms import AssignForm, DeadlineForm, DecisionForm, ReturnForm
from endorse.reviews.models import Assignment, Decision
from endorse.reviews.selectors import (
    AWAY,
    CAPACITY,
    LANGUAGE,
    deadline_marks,
    mark_due,
    requires_exam,
    reviewer_candidates,
    reviewer_suggestions,
    submission_deadlines,
    submitted_reviews,
    waiting_by_cycle,
    waits_for_cycle,
)

S = Application.Status


def draft_message(application: Application) -> str:
    """The reviewers' comments of this round, one after the other, to edit."""
    return "\n\n".join(
        review.comments for review in submitted_reviews(application) if review.comments.strip()
    )


def panel_context(application: Application, **bound: Any) -> dict[str, Any]:
    """What the review panel on the coordinator's application page needs."""
    context: dict[str, Any] = {
        "assignments": list(
            Assignment.objects.filter(application=application)
            .select_related("reviewer", "review", "application")
            .order_by("round", "tier", "assigned_at")
        ),
        "decisions": list(Decision.objects.filter(application=application)),
        "return_form": bound.get("return_form") or ReturnForm(),
        "cycle_open": waits_for_cycle(application),
        "compared": reviews_compared(application),
    }
    mark_due(context["assignments"], application.association)
    open_tiers = _open_tiers(application, context["assignments"])
    for row in context["assignments"]:
        row.conflict_texts = stored_texts(row.conflicts)
    if open_tiers:
        suggestions = reviewer_suggestions(application=application)
        candidates = suggestions.candidates
        context["left_out"] = left_out_line(suggestions.left_out, application)
        context["assign_forms"] = [
            (
                tier,
                bound.get(f"assign_form_{tier}")
                or AssignForm(candidates=candidates, prefix=f"assign-{tier}"),
            )
            for tier in open_tiers
        ]
    if application.status == S.DECISION:
        context["decision_form"] = bound.get("decision_form") or DecisionForm(
            initial={"message": draft_message(application)},
            sections=_section_choices(application),
            exam=requires_exam(application),
        )
    return context


# Spanish writes a language's name in lower case inside a sentence ("en español").
IN_A_SENTENCE = {
    "en": pgettext_lazy("language, inside a sentence", "English"),
    "es": pgettext_lazy("language, inside a sentence", "Spanish"),
}


def left_out_line(left_out: dict[str, int], application: Application) -> str:
    """One line on the reviewers not offered, and why ("" when none was left out)."""
    language = str(IN_A_SENTENCE.get(application.applicant.preferred_language, ""))
    parts = {
        AWAY: lambda n: ngettext("%(count)d is away", "%(count)d are away", n),
        LANGUAGE: lambda n: ngettext(
            "%(count)d does not review in %(language)s",
            "%(count)d do not review in %(language)s", n,
        ),
        CAPACITY: lambda n: ngettext(
            "%(count)d has as many open reviews as they take",
            "%(count)d have as many open reviews as they take", n,
        ),
    }  # fmt: skip
    said = [
        parts[why](count) % {"count": count, "language": language}
        for why, count in left_out.items()
    ]
    return _("Not offered: %(reasons)s.") % {"reasons": ", ".join(said)} if said else ""


def _open_tiers(application: Application, assignments: list[Assignment]) -> list[int]:
    """The reviews of this round still without a reviewer (asked or accepted)."""
    if application.status not in (S.FIRST_REVIEW, S.SECOND_REVIEW):
        return []
    taken = {
        row.tier
        for row in assignments
        if row.round == application.review_round
        and row.status in (Assignment.Status.PROPOSED, Assignment.Status.ACCEPTED)
    }
    tiers = (1, 2) if application.status == S.FIRST_REVIEW else (2,)
    return [tier for tier in tiers if tier not in taken]


def _section_choices(application: Application) -> list[tuple[str, str]]:
    return [(s.slug, str(s.title)) for s in sections_for(application.category.family)]


def _back(association: Association, application: Application) -> HttpResponse:
    return redirect("applications:manage_application", slug=association.slug, pk=application.pk)


@require_POST
@coordinator_required
def complete(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    application = application_get(association=association, pk=pk)
    say_outcome(
        request,
        lambda: services.completeness_accept(application=application, actor=person(request)),
        _("The application is complete: assign its reviewers."),
    )
    return _back(association, application)


@require_POST
@coordinator_required
def send_back(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    from endorse.applications.views.coordinator import submit_on_page

    application = application_get(association=association, pk=pk)
    form = ReturnForm(request.POST)
    return submit_on_page(
        request, association, application, form,
        action=lambda data: services.completeness_return(
            application=application, actor=person(request), reason=data["reason"]),
        bound={"return_form": form},
        done=_("The application was returned to the applicant."),
    )  # fmt: skip


@require_POST
@coordinator_required
def assign(request: HttpRequest, association: Association, pk: int, tier: int) -> HttpResponse:
    from endorse.applications.views.coordinator import submit_on_page

    application = application_get(association=association, pk=pk)
    candidates = reviewer_candidates(application=application)
    form = AssignForm(request.POST, candidates=candidates, prefix=f"assign-{tier}")
    eligible = {str(candidate.user.pk): candidate.user for candidate in candidates}
    return submit_on_page(
        request, association, application, form,
        action=lambda data: assigning.reviewer_assign(
            application=application, reviewer=eligible[data["reviewer"]], tier=tier,
            actor=person(request), override=data["override"]),
        bound={f"assign_form_{tier}": form},
        done=_("The reviewer was asked; they will accept or decline."),
    )  # fmt: skip


@require_POST
@coordinator_required
def decide(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    from endorse.applications.views.coordinator import submit_on_page

    application = application_get(association=association, pk=pk)
    form = DecisionForm(
        request.POST, sections=_section_choices(application), exam=requires_exam(application)
    )
    return submit_on_page(
        request, association, application, form,
        action=lambda data: services.decide(application=application, actor=person(request), **data),
        bound={"decision_form": form},
        done=_("The decision was recorded and sent to the applicant."),
    )  # fmt: skip


def _cycles_page(
    request: HttpRequest, association: Association, form: DeadlineForm, status: int = 200
) -> HttpResponse:
    today = association_today(association=association)
    marks = deadline_marks(association=association)
    waiting = waiting_by_cycle(association=association, today=today)
    context = {
        "association": association,
        "deadlines": list(submission_deadlines(association=association)),
        "upcoming": [(day, waiting.get(day, 0)) for day in upcoming_closings(marks, today, 4)],
        "form": form,
    }
    return render(request, "reviews/cycles.html", context, status=status)


@coordinator_required
def cycles(request: HttpRequest, association: Association) -> HttpResponse:
    """The association's yearly submission deadlines, and the cycles coming up."""
    if request.method != "POST":
        return _cycles_page(request, association, DeadlineForm())
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_add(association=association, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _cycles_page(request, association, form, status=422)
    messages.success(request, _("The deadline was added."))
    return redirect("reviews:cycles", slug=association.slug)


@require_POST
@coordinator_required
def cycle_remove(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    get_object_or_404(submission_deadlines(association=association), pk=pk)
    services.deadline_remove(association=association, pk=pk)
    messages.success(request, _("The deadline was removed."))
    return redirect("reviews:cycles", slug=association.slug)


@require_POST
@coordinator_required
def withdraw(
    request: HttpRequest, association: Association, pk: int, assignment_pk: int
) -> HttpResponse:
    application = application_get(association=association, pk=pk)
    assignment = get_object_or_404(
        Assignment, association=association, application=application, pk=assignment_pk
    )
    say_outcome(
        request,
        lambda: assigning.assignment_withdraw(assignment=assignment, actor=person(request)),
        _("The review was withdrawn: ask another reviewer."),
    )
    return _back(association, application)
