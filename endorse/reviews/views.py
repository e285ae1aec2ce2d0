"""The reviewer's pages: their assignments at one association, and each review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from endorse.applications.models import Transcript
from endorse.applications.selectors import application_data
from endorse.applications.views.common import own_application
from endorse.applications.views.transcripts import transcript_response
from endorse.associations.access import member_required, person, reviewer_required
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.htmx import is_htmx
from endorse.core.outcome import attach_refusal, say_outcome
from endorse.core.paging import page_number
from endorse.ratings.selectors import rating_summaries
from endorse.reviews import assigning, services
from endorse.reviews.compare import requirement_lines
from endorse.reviews.evidence import earlier_rounds, entry_changes, evidence_sections
from endorse.reviews.forms import RespondForm, ReviewerProfileForm, ReviewForm
from endorse.reviews.judged import judged_requirements
from endorse.reviews.models import Assignment, Review
from endorse.reviews.profiles import reviewer_profile_set
from endorse.reviews.selectors import (
    mark_due,
    reviewer_assignment_lists,
    reviewer_assignments,
    reviewer_profile,
)


@reviewer_required
def assignments(request: HttpRequest, association: Association) -> HttpResponse:
    lists = reviewer_assignment_lists(
        reviewer=person(request),
        association_id=association.pk,
        asked=request.GET.get("list", ""),
        page=page_number(request.GET.get("page")),
    )
    mark_due([*lists.open.rows, *lists.done.rows], association)
    return render(request, "reviews/assignments.html", {"association": association, "lists": lists})


def _requirements(assignment: Assignment) -> list[tuple[str, str]]:
    return requirement_lines(assignment.application)


CLOSED = (Assignment.Status.DECLINED, Assignment.Status.CONFLICT, Assignment.Status.WITHDRAWN)


@require_http_methods(["GET", "POST"])
@reviewer_required
def assignment(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    """Accept or decline first; once accepted, the frozen application and the review."""
    row = get_object_or_404(
        reviewer_assignments(reviewer=person(request), association_id=association.pk), pk=pk
    )
    if row.status in CLOSED:
        return render(request, "reviews/closed.html", {"association": association}, status=404)
    respond_form = RespondForm(request.POST if "answer" in request.POST else None)
    review: Review | None = getattr(row, "review", None)  # loaded with the assignment
    review_form = ReviewForm(
        request.POST if "save_review" in request.POST or "send_review" in request.POST else None,
        initial={**ReviewForm.initial_from(review.answers), "recommendation": review.recommendation,
                 "comments": review.comments} if review else None,
        requirements=_requirements(row), sending="send_review" in request.POST,
    )  # fmt: skip
    status = 200
    try:
        if respond_form.is_bound and respond_form.is_valid():
            answer = respond_form.cleaned_data["answer"]
            assigning.assignment_respond(
                assignment=row, actor=person(request), accept=answer == "accept",
                conflict=respond_form.cleaned_data["conflict"] if answer == "conflict" else "",
                no_conflict=respond_form.cleaned_data["no_conflict"],
            )  # fmt: skip
            return redirect("reviews:assignment", slug=association.slug, pk=row.pk)
        if review_form.is_bound and review_form.is_valid():
            services.review_save(
                assignment=row, actor=person(request), answers=review_form.answers(),
                recommendation=review_form.cleaned_data["recommendation"],
                comments=review_form.cleaned_data["comments"], submit="send_review" in request.POST,
            )  # fmt: skip
            messages.success(
                request,
                _("Your review was sent.") if "send_review" in request.POST else _("Saved."),
            )
            return redirect("reviews:assignment", slug=association.slug, pk=row.pk)
    except ValidationError as error:
        if getattr(error, "code", None) == "sent":  # the page shows the sent review, not the form
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:assignment", slug=association.slug, pk=row.pk)
        (review_form if review_form.is_bound else respond_form).add_error(None, error)
    if respond_form.errors or review_form.errors:
        status = 422
    return render(
        request,
        "reviews/assignment.html",
        _context(association, row, review, respond_form, review_form),
        status=status,
    )


def _context(association: Association, row: Assignment, review: Review | None,
             respond_form: RespondForm, review_form: ReviewForm) -> dict[str, Any]:  # fmt: skip
    context: dict[str, Any] = {
        "association": association,
        "assignment": row,
        "review": review,
        "respond_form": respond_form,
        "review_form": review_form,
    }
    if row.status == Assignment.Status.ACCEPTED:
        data = application_data(
            application=row.application, today=association_today(association=association)
        )
        context["data"] = data
        # What each requirement and area is called, as the form names them (read once).
        labels = {key: label for _kind, key, label in review_form.rows}
        context["review_labels"] = labels
        judged = judged_requirements(row.application, data, labels)
        context["judged_requirements"] = judged
        # Beside each verdict of the form: the engine's count for that requirement.
        context["judged_by_field"] = {f"requirements-{r.code}-verdict": r for _l, r in judged}
        context["evidence"] = evidence_sections(data)
        context["changes"] = entry_changes(data=data, round_number=row.round)
        context["earlier_rounds"] = earlier_rounds(application=row.application, before=row.round)
        context["rating_summaries"] = rating_summaries(
            association=association,
            references=data.entries.get("references", []),
            language=get_language() or "en",
        )
        if row.tier == Assignment.Tier.SECOND:
            context["first_review"] = (
                Review.objects.filter(
                    assignment__application=row.application,
                    assignment__round=row.round,
                    assignment__tier=Assignment.Tier.FIRST,
                    submitted_at__isnull=False,
                )
                .select_related("assignment")
                .first()
            )
    return context


@reviewer_required
def transcript(
    request: HttpRequest, association: Association, pk: int, transcript_pk: int
) -> HttpResponseBase:
    """A transcript of the application under review, shown in the browser's viewer: only
    to a reviewer who accepted it, in its current round; anyone else is told it isn't there."""
    row = get_object_or_404(
        reviewer_assignments(reviewer=person(request), association_id=association.pk).filter(
            status=Assignment.Status.ACCEPTED, round=F("application__review_round")
        ),
        pk=pk,
    )
    found = Transcript.objects.filter(
        association=association, education__application_id=row.application_id
    )
    return transcript_response(get_object_or_404(found, pk=transcript_pk), inline=True)


@require_POST
@member_required
def resubmit(request: HttpRequest, association: Association) -> HttpResponse:
    """The applicant sends an application on hold back to its reviewers."""
    application = own_application(request, association)
    say_outcome(
        request,
        lambda: services.resubmit_on_hold(application=application, actor=person(request)),
        _("Your application is back with its reviewers."),
    )
    return redirect("applications:overview", slug=association.slug)


@require_POST
@member_required
def reopen(request: HttpRequest, association: Association) -> HttpResponse:
    """The applicant takes a deferred application back, to revise it for a later cycle."""
    application = own_application(request, association)
    say_outcome(
        request,
        lambda: services.reopen_deferred(application=application, actor=person(request)),
        _("Your application is open again: revise it, then submit it."),
    )
    return redirect("applications:overview", slug=association.slug)


@require_http_methods(["GET", "POST"])
@reviewer_required
def profile(request: HttpRequest, association: Association) -> HttpResponse:
    """The reviewer's own languages, capacity and time away at this association."""
    current = reviewer_profile(association=association, user=person(request))
    form = ReviewerProfileForm(
        request.POST or None,
        initial={"languages": current.languages, "capacity": current.capacity,
                 "away_until": current.away_until},
    )  # fmt: skip
    if form.is_valid():
        try:
            reviewer_profile_set(association=association, user=person(request), **form.cleaned_data)
        except ValidationError as error:
            attach_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("reviews:profile", slug=association.slug)
    context = {"association": association, "form": form, "profile": current}
    return render(request, "reviews/profile.html", context, status=422 if form.errors else 200)


@require_POST
@reviewer_required
def autosave(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    """htmx: the draft saved as the reviewer goes; answers the saved time and the progress
    (and any answer refused, next to it). Without htmx, the page again."""
    row = get_object_or_404(
        reviewer_assignments(reviewer=person(request), association_id=association.pk), pk=pk
    )
    form = ReviewForm(request.POST, requirements=_requirements(row))
    review: Review | None = getattr(row, "review", None)
    if form.is_valid():
        try:
            review = services.review_save(
                assignment=row, actor=person(request), answers=form.answers(),
                recommendation=form.cleaned_data["recommendation"],
                comments=form.cleaned_data["comments"], submit=False,
            )  # fmt: skip
        except ValidationError as error:
            if is_htmx(request):
                return HttpResponse(" ".join(error.messages), status=409)
            messages.error(request, " ".join(error.messages))
    if not is_htmx(request):
        return redirect("reviews:assignment", slug=association.slug, pk=row.pk)
    context = {"association": association, "review": review, "review_form": form}
    return render(request, "reviews/partials/review_autosaved.html", context)
