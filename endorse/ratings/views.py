"""The rater's form, opened by the link in their email; and the applicant's send/withdraw."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from endorse.applications.models import Reference
from endorse.applications.views.common import own_application
from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.outcome import say_outcome
from endorse.ratings import services
from endorse.ratings.forms import DeclineForm, RatingForm, SendRequestForm
from endorse.ratings.models import Rating, RatingRequest
from endorse.ratings.selectors import (
    LinkExpiry,
    link_expiry,
    rating_items,
    request_for_token,
    request_submitted_for_token,
)
from endorse.ratings.services import OFFERED_LANGUAGES

RaterView = Callable[[HttpRequest, RatingRequest], HttpResponse]


def rater_link(view: RaterView) -> Callable[[HttpRequest, str], HttpResponseBase]:
    """Resolve the link's token; a link that no longer works gets one plain page, 404.

    The page is never cached, never indexed, and never tells another site its address.
    """

    @wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, token: str) -> HttpResponseBase:
        rating_request = request_for_token(token)
        if rating_request is None:
            response = _closed(request, token)
        else:
            # The rater's own choice on the language switch, else the one chosen for them.
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in OFFERED_LANGUAGES else rating_request.language
            with translation.override(language):
                request.LANGUAGE_CODE = language
                expiry = link_expiry(
                    rating_request=rating_request,
                    association=rating_request.association,
                    now=timezone.now(),
                )
                try:
                    if expiry.expired:  # no form, nothing written, GET or POST
                        response = _expired(request, expiry)
                    else:
                        response = view(request, rating_request)
                except ValidationError as error:
                    # Closed between the look-up and the write: a double click on "Send",
                    # or the applicant withdrawing meanwhile; or expired meanwhile.
                    if error.code == "closed":
                        response = _closed(request, token)
                    elif error.code == "expired":
                        response = _expired(request, expiry)
                    else:
                        raise
        # Other sites never see the address; "no-referrer" would also blank the Origin of
        # the form's own POST, which the CSRF check needs.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _closed(request: HttpRequest, token: str) -> HttpResponse:
    """One plain page for every link that no longer works; a rater whose rating arrived is
    told so (only the holder of the link can learn that)."""
    sent = request_submitted_for_token(token)
    return render(request, "ratings/closed.html", {"sent": sent}, status=404)


def _expired(request: HttpRequest, expiry: LinkExpiry) -> HttpResponse:
    """The link is still the rater's, but too old: they are told since when and what to do."""
    context = {"expires_on": expiry.expires_on}
    return render(request, "ratings/expired.html", context, status=410)


def _context(rating_request: RatingRequest, **extra: Any) -> dict[str, Any]:
    application = rating_request.reference.application
    return {
        "rating_request": rating_request,
        "applicant": application.applicant.get_full_name(),
        "association": rating_request.association,
        "category": application.category,
        "rater": rating_request.reference.name,
        **extra,
    }


def _initial(rating_request: RatingRequest, draft: Rating | None) -> dict[str, Any]:
    """The rater's draft; before one, how the applicant said the rater knows them."""
    role = rating_request.reference.role
    return {**({"relationship": role} if role else {}), **(draft.draft if draft else {})}


@require_http_methods(["GET", "POST"])
@rater_link
def rate(request: HttpRequest, rating_request: RatingRequest) -> HttpResponse:
    items = rating_items(association=rating_request.association)
    language = translation.get_language() or "en"
    if request.method == "GET":
        services.request_opened(rating_request=rating_request)
        draft = Rating.objects.filter(reference_id=rating_request.reference_id).first()
        form = RatingForm(initial=_initial(rating_request, draft), items=items, language=language)
        return render(request, "ratings/rate.html", _context(rating_request, form=form))
    form = RatingForm(request.POST, items=items, language=language)
    if "save_draft" in request.POST:
        services.rating_save_draft(rating_request=rating_request, typed=form.typed())
        form = RatingForm(initial=form.typed(), items=items, language=language)
        return render(
            request, "ratings/rate.html", _context(rating_request, form=form, draft_saved=True)
        )
    if not form.is_valid():
        # A half-filled form is kept: the rater can leave now and come back.
        services.rating_save_draft(rating_request=rating_request, typed=form.typed())
        return render(request, "ratings/rate.html", _context(rating_request, form=form), status=422)
    services.rating_submit(
        rating_request=rating_request,
        answers=form.answers(),
        today=association_today(association=rating_request.association),
    )
    return render(request, "ratings/thanks.html", _context(rating_request))


@require_http_methods(["GET", "POST"])
@rater_link
def decline(request: HttpRequest, rating_request: RatingRequest) -> HttpResponse:
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.rating_decline(rating_request=rating_request, reason=form.cleaned_data["reason"])
        return render(request, "ratings/declined.html", _context(rating_request))
    return render(request, "ratings/decline.html", _context(rating_request, form=form))


def _own_reference(request: HttpRequest, association: Association, pk: int) -> Reference:
    application = own_application(request, association)
    return get_object_or_404(Reference.objects.filter(application=application), pk=pk)


def _back_to_reference(association: Association, reference: Reference) -> HttpResponse:
    section = reverse(
        "applications:section", kwargs={"slug": association.slug, "section": "references"}
    )
    return redirect(f"{section}#entry-references-{reference.pk}")


@require_POST
@member_required
def request_send(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    reference = _own_reference(request, association, pk)
    form = SendRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the email and the form."))
        return _back_to_reference(association, reference)
    again = reference.awaiting_rater
    try:
        services.request_send(
            reference=reference,
            language=form.cleaned_data["language"],
            replaces=form.cleaned_data["replaces"],
            actor=person(request),
        )
    except ValidationError as error:
        # A second click is not a mistake: the first one did what was asked.
        say = messages.info if error.code == "already_sent" else messages.error
        say(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the earlier one no longer works.")
            % {"email": reference.email}
            if again
            else _("The rating request was sent to %(email)s.") % {"email": reference.email},
        )
    return _back_to_reference(association, reference)


@require_POST
@member_required
def request_withdraw(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    reference = _own_reference(request, association, pk)
    say_outcome(
        request,
        lambda: services.request_withdraw(reference=reference),
        _("The request was withdrawn. You can now change or delete this rater."),
    )
    return _back_to_reference(association, reference)
