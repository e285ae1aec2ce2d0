"""The candidate's exam pages: book a sitting, take each part, read the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from endorse.applications.views.common import own_application
from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.core.htmx import is_htmx
from endorse.core.outcome import say_outcome
from endorse.exams import rules, services
from endorse.exams.forms import BookingForm
from endorse.exams.models import Attempt, Booking, Sitting
from endorse.exams.selectors import candidate_exam, current_booking, minutes_for


def _exam_home(association: Association) -> HttpResponse:
    return redirect("exams:candidate", association.slug)


@require_GET
@member_required
def candidate(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    exam = candidate_exam(application)
    if exam.approval is None and not exam.results:
        raise Http404  # never approved to sit the exam: nothing here
    context = {
        "association": association,
        "exam": exam,
        "forms": {s.pk: BookingForm(prefix=f"sitting-{s.pk}") for s in exam.sittings},
        "minutes": {part: minutes_for(association, part) for part in (1, 2)},
    }
    return render(request, "exams/candidate.html", context)


@require_POST
@member_required
def book(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    application = own_application(request, association)
    sitting = get_object_or_404(Sitting, association=association, pk=pk)
    form = BookingForm(request.POST, prefix=f"sitting-{pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["accommodation_request"]))
        return _exam_home(association)
    say_outcome(
        request,
        lambda: services.booking_create(
            application=application,
            sitting=sitting,
            actor=person(request),
            accommodation_request=form.cleaned_data["accommodation_request"],
        ),
        _("Your place is booked."),
    )
    return _exam_home(association)


@require_POST
@member_required
def cancel(request: HttpRequest, association: Association) -> HttpResponse:
    booking = _booking(request, association)
    say_outcome(
        request,
        lambda: services.booking_cancel(booking=booking, actor=person(request)),
        _("Your booking is cancelled."),
    )
    return _exam_home(association)


def _booking(request: HttpRequest, association: Association) -> Booking:
    application = own_application(request, association)
    booking = current_booking(application)  # on every autosave: only what it needs
    if booking is None:
        raise Http404
    return booking


def _own_part(request: HttpRequest, association: Association, part: int) -> Attempt:
    booking = _booking(request, association)
    attempt = Attempt.objects.filter(booking=booking, part=part).first()
    if attempt is None:
        raise Http404
    return attempt


def _attempt(request: HttpRequest, association: Association, part: int) -> Attempt:
    """The part, handed in first if its time is up (the server's clock decides)."""
    return services.close_if_due(_own_part(request, association, part))


@require_POST
@member_required
def start(request: HttpRequest, association: Association, part: int) -> HttpResponse:
    booking = _booking(request, association)
    try:
        services.attempt_start(booking=booking, part=part, actor=person(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _exam_home(association)
    return redirect("exams:part", association.slug, part)


@require_GET
@never_cache  # Back after handing in asks the server again, which sends the candidate on
@member_required
def part_page(request: HttpRequest, association: Association, part: int) -> HttpResponse:
    attempt = _attempt(request, association, part)
    if attempt.submitted_at is not None:
        return _exam_home(association)
    language = translation.get_language() or "en"
    answers = [(a, a.item.text_in(language)) for a in attempt.answers.select_related("item")]
    left = rules.seconds_left(attempt.deadline_at, timezone.now())
    context = {
        "association": association,
        "attempt": attempt,
        "answers": answers,
        "seconds_left": left,
        "minutes_left": (left + 59) // 60,
        "minutes_one": _minutes_left(1),  # the countdown's words, for its script
        "minutes_other": _minutes_left(2),
        "to_answer": services.policy_of(association).part2_answered,
    }
    return render(request, "exams/part.html", context)


def _minutes_left(count: int) -> str:
    """The sentence for ``count`` minutes, its number left as ``%(minutes)s`` (English and
    Spanish have one form for 1 and one for every other count)."""
    return ngettext("About %(minutes)s minute left.", "About %(minutes)s minutes left.", count)


@require_POST
@member_required
def answer(
    request: HttpRequest, association: Association, part: int, position: int
) -> HttpResponse:
    attempt = _attempt(request, association, part)
    htmx = is_htmx(request)
    raw_choice = request.POST.get("choice", "")
    try:
        if part == 1:
            choice = int(raw_choice) if raw_choice.isdigit() else None
            services.answer_save(
                attempt=attempt, position=position, actor=person(request), choice=choice
            )
        else:
            services.answer_save(
                attempt=attempt, position=position, actor=person(request),
                chosen=request.POST.get("chosen") == "on", text=request.POST.get("text", ""),
            )  # fmt: skip
    except ValidationError as error:
        message = " ".join(error.messages)
        if htmx:
            response = render(request, "exams/partials/saved.html",
                              {"error": message, "position": position}, status=409)  # fmt: skip
            if error.code == "closed":
                messages.error(request, message)
                response["HX-Redirect"] = reverse("exams:candidate", args=[association.slug])
            return response
        messages.error(request, message)
        return _back_to(association, part, position)
    if htmx:
        return render(request, "exams/partials/saved.html",
                      {"saved_at": timezone.now(), "position": position})  # fmt: skip
    messages.success(request, _("Answer %(number)s saved.") % {"number": position})
    return _back_to(association, part, position)


def _back_to(association: Association, part: int, position: int) -> HttpResponse:
    return redirect(reverse("exams:part", args=[association.slug, part]) + f"#answer-{position}")


@require_POST
@member_required
def hand_in(request: HttpRequest, association: Association, part: int) -> HttpResponse:
    attempt = _own_part(request, association, part)
    try:
        handed = services.attempt_submit(attempt=attempt, actor=person(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # A second click finds it handed in: the same page, nothing new to say.
        if handed.by_this_request:
            messages.success(request, _("Part %(part)s is handed in.") % {"part": part})
    if is_htmx(request):  # sent by htmx after its confirmation
        response = HttpResponse()
        response["HX-Redirect"] = reverse("exams:candidate", args=[association.slug])
        return response
    return _exam_home(association)
