"""The applicant's own application: sections that save as they are typed, and the checklist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
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
from endorse.applications.models import Agreement, Application, Details
from endorse.applications.sections import BY_SLUG, Section, sections_for
from endorse.applications.selectors import (
    ApplicationData,
    application_checklist,
    application_data,
    application_for,
    offered_categories,
    work_terms_of,
)
from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.htmx import is_htmx
from endorse.endorsements.selectors import endorsement_of
from endorse.ratings.selectors import rating_summaries
from endorse.reviews.selectors import waits_for_cycle
from endorse.reviews.timeline import timeline


def own_application(request: HttpRequest, association: Association) -> Application:
    application = application_for(association=association, user=person(request))
    if application is None:
        raise Http404
    return application


def _section(application: Application, slug: str) -> Section:
    section = BY_SLUG.get(slug)
    if section is None or section not in sections_for(application.category.family):
        raise Http404
    return section


def _lang() -> str:
    return get_language() or "en"


def entry_prefix(section: Section, pk: int) -> str:
    return f"{section.slug}-{pk}"


def entry_form(section: Section, entry: Any, *, category: Any = None, rules: Any = None) -> Any:
    """The entry's form: bound to its draft (showing its errors) or to what was saved; the
    work form also gets the ``category`` and its ``rules``, to speak the rules' words."""
    assert section.form is not None
    prefix = entry_prefix(section, entry.pk)
    takes = category is not None and getattr(section.form, "takes_category", False)
    terms = {"category": category, "rules": rules} if takes else {}
    if entry.draft is not None:
        form = section.form(data=entry.draft, instance=entry, prefix=prefix, **terms)
        form.is_valid()
        return form
    return section.form(instance=entry, prefix=prefix, **terms)


def _page_context(application: Application) -> dict[str, Any]:
    """What every application page shows: the entries, the sections and the checklist."""
    association = application.association
    today = association_today(association=association)
    data = application_data(application=application, today=today)
    return {
        "association": association,
        "application": application,
        "data": data,
        "sections": sections_for(application.category.family),
        "checklist": application_checklist(
            data=data, category=application.category, on=today, lang=_lang()
        ),
        "today": today,
    }


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
    context = _page_context(application)
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
            lang=_lang(),
            checklist=context["checklist"],
        )
    else:
        context["endorsement"] = endorsement_of(application)
    if not application.in_preparation and application.ratings_waived is False:
        context["rating_summaries"] = rating_summaries(
            association=association, references=context["data"].entries["references"],
            language=_lang(),
        )  # fmt: skip
    return render(request, "applications/overview.html", context, status=status)


@member_required
def section_page(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    return section_response(request, application, _section(application, section))


def section_response(
    request: HttpRequest,
    application: Application,
    current: Section,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A section's page; ``extra`` is a refusal to show next to its field (with ``status``)."""
    context = _page_context(application) | extra
    data = context["data"]
    context["section"] = current
    context["note_form"] = _note_form(data, current)
    if current.slug == "details":
        context["details_form"] = entry_form(current, data.details or data_details(application))
    elif current.slug == "status":
        context["agreements"] = [
            (agreement, data.signature_for(agreement), SignForm(prefix=f"sign-{agreement.pk}"))
            for agreement in data.agreements.values()
        ]
    else:
        terms = {"category": application.category, "rules": context["checklist"].ruleset}
        context["entries"] = [
            (r, entry_form(current, r, **terms)) for r in data.entries[current.slug]
        ]
    return render(request, "applications/section.html", context, status=status)


def _note_form(data: ApplicationData, section: Section) -> NoteForm:
    note = data.notes.get(section.slug)
    return NoteForm(
        initial={"note": note.applicant_note if note else ""}, prefix=f"note-{section.slug}"
    )


def _back(association: Association, section: Section, anchor: str = "") -> HttpResponse:
    url = reverse(
        "applications:section", kwargs={"slug": association.slug, "section": section.slug}
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


def _autosave_response(
    request: HttpRequest, application: Application, section: Section, form: Any, entry: Any
) -> HttpResponse:
    """htmx: the field errors, the saved time and the checklist, swapped in place."""
    context = _page_context(application)
    context.update({"form": form, "entry": entry, "section": section, "oob": True})
    return render(request, "applications/partials/autosaved.html", context)


@require_POST
@member_required
def entry_new(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    current = _section(application, section)
    if not current.repeatable:
        raise Http404
    assert current.model is not None
    try:
        entry = services.entry_create(application=application, model=current.model)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(association, current)
    if is_htmx(request):
        html = render_to_string(
            "applications/partials/entry.html",
            {
                "entry": entry,
                "form": entry_form(current, entry, **work_terms_of(application)),
                "section": current,
                "application": application,
                "association": association,
                "focus": True,
            },
            request=request,
        )
        return HttpResponse(html)
    return _back(association, current, f"entry-{current.slug}-{entry.pk}")


def _entry(application: Application, section: Section, pk: int) -> Any:
    assert section.model is not None
    return get_object_or_404(section.model._default_manager.filter(application=application), pk=pk)


@require_POST
@member_required
def entry_save(
    request: HttpRequest, association: Association, section: str, pk: int
) -> HttpResponse:
    application = own_application(request, association)
    current = _section(application, section)
    assert current.form is not None
    entry = _entry(application, current, pk)
    try:
        form = services.entry_autosave(
            application=application,
            entry=entry,
            form_class=current.form,
            data=request.POST,
            prefix=entry_prefix(current, entry.pk),
        )
    except ValidationError as error:
        return _refused(request, association, current, error)
    if is_htmx(request):
        return _autosave_response(request, application, current, form, form.instance)
    if not form.is_valid():
        messages.error(request, _("Some answers need attention; what you typed is kept."))
    return _back(association, current, f"entry-{current.slug}-{entry.pk}")


def data_details(application: Application) -> Details:
    """The details row, made if an older application lacks one (acceptance makes it)."""
    details, _created = Details.objects.get_or_create(
        application=application, defaults={"association_id": application.association_id}
    )
    return details


def _refused(
    request: HttpRequest, association: Association, section: Section, error: ValidationError
) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse(" ".join(error.messages), status=409)
    messages.error(request, " ".join(error.messages))
    return _back(association, section)


@require_POST
@member_required
def entry_delete(
    request: HttpRequest, association: Association, section: str, pk: int
) -> HttpResponse:
    application = own_application(request, association)
    current = _section(application, section)
    if not current.repeatable:
        raise Http404
    entry = _entry(application, current, pk)
    try:
        services.entry_delete(application=application, entry=entry)
    except ValidationError as error:
        return _refused(request, association, current, error)
    if is_htmx(request):
        context = _page_context(application)
        context.update({"section": current, "deleted": True})
        return render(request, "applications/partials/autosaved.html", context)
    messages.success(request, _("The entry was deleted."))
    return _back(association, current)


@require_POST
@member_required
def note_save(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    current = _section(application, section)
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
            return _refused(request, association, current, error)
        if is_htmx(request):
            return render(
                request,
                "applications/partials/note_saved.html",
                {"note": note, "section": current, "association": association},
            )
    elif is_htmx(request):
        return HttpResponse(form.errors["note"][0], status=422)
    return _back(association, current)


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
            request, "applications/partials/category_changed.html", _page_context(application)
        )
    return redirect("applications:overview", slug=association.slug)


@member_required
def checklist(request: HttpRequest, association: Association) -> HttpResponse:
    application = own_application(request, association)
    return render(request, "applications/partials/checklist.html", _page_context(application))


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
        context = _page_context(application)
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
        return _refused(request, association, status, error)
    messages.success(request, _("Signed."))
    return _back(association, status, f"agreement-{agreement.pk}")


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
