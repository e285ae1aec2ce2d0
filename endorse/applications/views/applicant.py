"""The applicant's own application: sections that save as they are typed, and the checklist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import services
from endorse.applications.forms import (
    CategoryChoiceForm,
    ImportForm,
    NoteForm,
    SignForm,
    SubmitForm,
)
from endorse.applications.log import has_log
from endorse.applications.models import Agreement, Application, Details
from endorse.applications.sections import BY_SLUG, Section
from endorse.applications.selectors import (
    ApplicationData,
    application_for,
    offered_categories,
)
from endorse.applications.views import log as log_views
from endorse.applications.views.common import (
    back_to,
    checklist_stale,
    entry_form,
    entry_of,
    entry_prefix,
    lang,
    own_application,
    page_context,
    refused,
    section_of,
    terms_of,
)
from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.htmx import is_htmx
from endorse.endorsements.selectors import endorsement_of
from endorse.ratings.selectors import rating_summaries
from endorse.reviews.selectors import waits_for_cycle
from endorse.reviews.timeline import timeline


@member_required
def overview(request: HttpRequest, association: Association) -> HttpResponse:
    application = application_for(association=association, user=person(request))
    if application is None:
        return redirect("applications:register", slug=association.slug)
    return _overview_page(
        request, application, SubmitForm(waived_before=bool(application.ratings_waived))
    )


def _overview_page(
    request: HttpRequest, application: Application, submit_form: SubmitForm, status: int = 200
) -> HttpResponse:
    association = application.association
    context = page_context(application)
    context["category_form"] = CategoryChoiceForm(
        initial={"category": application.category},
        categories=offered_categories(association=association),
    )
    context["import_form"] = ImportForm()
    context["submit_form"] = submit_form
    context["steps"] = timeline(application)
    context["waits_for_cycle"] = waits_for_cycle(application)
    if application.in_preparation:
        context["blockers"] = services.submission_blockers(
            application=application,
            today=context["today"],
            lang=lang(),
            checklist=context["checklist"],
        )
    else:
        context["endorsement"] = endorsement_of(application)
    if not application.in_preparation and application.ratings_waived is False:
        context["rating_summaries"] = rating_summaries(
            association=association, references=context["data"].entries["references"],
            language=lang(),
        )  # fmt: skip
    return render(request, "applications/overview.html", context, status=status)


@member_required
def section_page(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    return section_response(request, application, section_of(application, section))


def section_response(
    request: HttpRequest,
    application: Application,
    current: Section,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A section's page; ``extra`` is a refusal to show next to its field (with ``status``)."""
    context = page_context(application) | extra
    data = context["data"]
    context["section"] = current
    context["plain"] = request.GET.get("plain") == "1"
    context["note_form"] = _note_form(data, current)
    if current.slug == "details":
        context["details_form"] = entry_form(current, data.details or data_details(application))
    elif current.slug == "status":
        context["agreements"] = [
            (agreement, data.signature_for(agreement), SignForm(prefix=f"sign-{agreement.pk}"))
            for agreement in data.agreements.values()
        ]
    elif has_log(current) and request.GET.get("plain") != "1":
        context["log"] = log_views.log_context(
            application, current, data.entries[current.slug], context["checklist"].ruleset
        )
        context["editable"] = application.section_editable(current.slug)
    else:
        terms = {"category": application.category, "rules": context["checklist"].ruleset}
        context["entries"] = [
            (r, entry_form(current, r, **terms)) for r in data.entries[current.slug]
        ]
    return render(request, "applications/section.html", context, status=status)


def _in_log(request: HttpRequest, section: Section) -> bool:
    """An htmx request from a row of the compact log (not from the simple form's cards)."""
    return is_htmx(request) and has_log(section) and request.POST.get("plain") != "1"


def _note_form(data: ApplicationData, section: Section) -> NoteForm:
    note = data.notes.get(section.slug)
    return NoteForm(
        initial={"note": note.applicant_note if note else ""}, prefix=f"note-{section.slug}"
    )


def _autosave_response(
    request: HttpRequest, application: Application, section: Section, form: Any, entry: Any
) -> HttpResponse:
    """htmx: the field errors and the saved time, swapped in place (the checklist follows)."""
    context = {"association": application.association, "application": application,
               "form": form, "entry": entry, "section": section, "oob": True}  # fmt: skip
    return checklist_stale(render(request, "applications/partials/autosaved.html", context))


@require_POST
@member_required
def entry_new(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    current = section_of(application, section)
    if not current.repeatable:
        raise Http404
    assert current.model is not None
    try:
        entry = services.entry_create(application=application, model=current.model)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back_to(association, current, plain=request.POST.get("plain") == "1")
    if _in_log(request, current):
        return log_views.added(request, application, current, entry)
    if is_htmx(request):
        html = render_to_string(
            "applications/partials/entry.html",
            {
                "entry": entry,
                "form": entry_form(current, entry, **terms_of(application, current)),
                "section": current,
                "application": application,
                "association": association,
                "focus": True,
            },
            request=request,
        )
        return HttpResponse(html)
    return back_to(
        association,
        current,
        f"entry-{current.slug}-{entry.pk}",
        plain=request.POST.get("plain") == "1",
    )


@require_POST
@member_required
def entry_save(
    request: HttpRequest, association: Association, section: str, pk: int
) -> HttpResponse:
    application = own_application(request, association)
    current = section_of(application, section)
    assert current.form is not None
    assert current.model is not None
    if has_log(current) and request.POST.get("do") in ("copy", "delete"):
        entry = entry_of(application, current, pk)
        return log_views.row_action(request, application, current, entry, request.POST["do"])
    try:
        form = services.entry_autosave(
            application=application,
            model=current.model,
            pk=pk,
            form_class=current.form,
            data=request.POST,
            prefix=entry_prefix(current, pk),
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        return refused(request, association, current, error)
    if _in_log(request, current):
        return log_views.saved(request, application, current, form, form.instance)
    if is_htmx(request):
        return _autosave_response(request, application, current, form, form.instance)
    if not form.is_valid():
        messages.error(request, _("Some answers need attention; what you typed is kept."))
    return back_to(
        association,
        current,
        f"entry-{current.slug}-{pk}",
        plain=request.POST.get("plain") == "1",
    )


def data_details(application: Application) -> Details:
    """The details row, made if an older application lacks one (acceptance makes it)."""
    details, _created = Details.objects.get_or_create(
        application=application, defaults={"association_id": application.association_id}
    )
    return details


@require_POST
@member_required
def entry_delete(
    request: HttpRequest, association: Association, section: str, pk: int
) -> HttpResponse:
    application = own_application(request, association)
    current = section_of(application, section)
    if not current.repeatable:
        raise Http404
    entry = entry_of(application, current, pk)
    try:
        services.entry_delete(application=application, entry=entry)
    except ValidationError as error:
        return refused(request, association, current, error)
    if is_htmx(request):
        context = {"association": association, "application": application,
                   "section": current, "deleted": True}  # fmt: skip
        return checklist_stale(render(request, "applications/partials/autosaved.html", context))
    messages.success(request, _("The entry was deleted."))
    return back_to(association, current, plain=request.POST.get("plain") == "1")


@require_POST
@member_required
def note_save(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    current = section_of(application, section)
    form = NoteForm(request.POST, prefix=f"note-{current.slug}")
    if form.is_valid():
        try:
            note = services.note_save(
                application=application,
                section=current.slug,
                text=form.cleaned_data["note"],
                by_coordinator=False,
            )
        except ValidationError as error:
            return refused(request, association, current, error)
        if is_htmx(request):
            return render(
                request,
                "applications/partials/note_saved.html",
                {"note": note, "section": current, "association": association},
            )
    elif is_htmx(request):
        return HttpResponse(form.errors["note"][0], status=422)
    return back_to(association, current)


@require_POST
@member_required
def set_category(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    form = CategoryChoiceForm(request.POST, categories=offered_categories(association=association))
    if form.is_valid():
        try:
            services.application_set_category(
                application=application, category=form.cleaned_data["category"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        return render(
            request, "applications/partials/category_changed.html", page_context(application)
        )
    return redirect("applications:overview", slug=association.slug)


@member_required
def checklist(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    return render(request, "applications/partials/checklist_fresh.html", page_context(application))


@require_POST
@member_required
def sign(request: HttpRequest, association: Association, agreement_pk: int) -> HttpResponse:
    application = own_application(request, association)
    status = BY_SLUG["status"]
    agreement = get_object_or_404(
        Agreement.objects.filter(association=association), pk=agreement_pk
    )
    form = SignForm(request.POST, prefix=f"sign-{agreement.pk}")
    if not form.is_valid():
        context = page_context(application)
        data = context["data"]
        context.update({"section": status, "note_form": _note_form(data, status)})
        context["agreements"] = [
            (
                a,
                data.signature_for(a),
                form if a.pk == agreement.pk else SignForm(prefix=f"sign-{a.pk}"),
            )
            for a in data.agreements.values()
        ]
        return render(request, "applications/section.html", context, status=422)
    try:
        services.agreement_sign(
            application=application,
            agreement=agreement,
            signed_name=form.cleaned_data["signed_name"],
        )
    except ValidationError as error:
        return refused(request, association, status, error)
    messages.success(request, _("Signed."))
    return back_to(association, status, f"agreement-{agreement.pk}")


@member_required
def submit(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    if request.method != "POST":
        return redirect("applications:overview", slug=association.slug)
    form = SubmitForm(request.POST, waived_before=bool(application.ratings_waived))
    if not form.is_valid():
        return _overview_page(request, application, form, status=422)
    try:
        services.application_submit(
            application=application,
            actor=person(request),
            today=association_today(association=association),
            ratings_waived=form.ratings_waived,
        )
    except ValidationError:
        messages.error(request, _("The application can't be submitted yet; see what is missing."))
    else:
        messages.success(
            request, _("Your application was submitted. We emailed you a confirmation.")
        )
    return redirect("applications:overview", slug=association.slug)
