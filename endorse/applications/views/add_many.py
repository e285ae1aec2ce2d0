"""The applicant's "Add many rows": paste rows from a spreadsheet (or upload a CSV), see each
row with the form's own errors beside it, then add the rows without errors in one go."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from endorse.applications.bulk import bulk_section, entries_add_many, rows_token
from endorse.applications.columns import columns_of, template_rows
from endorse.applications.models import Application
from endorse.applications.pasted import (
    MAX_BYTES,
    MAX_ROWS,
    AddRowsForm,
    Pasted,
    PasteForm,
    TextRefused,
    checked,
    pasted_rows,
    summary,
)
from endorse.applications.sections import Section, sections_for
from endorse.applications.views.common import back_to, own_application, terms_of
from endorse.associations.access import member_required
from endorse.associations.models import Association


def _section(application: Application, slug: str) -> Section:
    section = bulk_section(application, slug)
    if section is None:
        raise Http404
    return section


@member_required
def add_many(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = own_application(request, association)
    current = _section(application, section)
    if request.method != "POST":
        return _page(request, application, current, PasteForm())
    if "nonce" in request.POST:
        return _add(request, application, current)
    if not application.section_editable(current.slug):
        messages.error(request, _("This application was submitted and can no longer change."))
        return back_to(association, current)
    return _preview(request, application, current)


def _preview(request: HttpRequest, application: Application, current: Section) -> HttpResponse:
    form = PasteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, application, current, form, status=422)
    text = form.cleaned_data["text"]
    terms = terms_of(application, current)
    try:
        pasted = checked(current, pasted_rows(current, text, terms), terms)
    except TextRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, application, current, form, status=422)
    add_form = AddRowsForm(
        initial={
            "content": AddRowsForm.carried(text),
            "nonce": secrets.token_urlsafe(16),
            "lang": translation.get_supported_language_variant(get_language() or "en"),
        }
    )
    return _page(
        request, application, current, PasteForm(), pasted=pasted, add_form=add_form, terms=terms
    )


def _add(request: HttpRequest, application: Application, current: Section) -> HttpResponse:
    form = AddRowsForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("These are not the rows of a preview."))
    text, nonce = form.cleaned_data["content"], form.cleaned_data["nonce"]
    # Read and checked in the language of the preview, so that "05/03/2024" means the same.
    with translation.override(form.cleaned_data["lang"]):
        try:
            terms = terms_of(application, current)
            pasted = checked(current, pasted_rows(current, text, terms), terms)
        except TextRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("applications:add_many", application.association.slug, current.slug)
        if not pasted.good:
            messages.error(request, _("None of the rows can be added: correct them first."))
            return redirect("applications:add_many", application.association.slug, current.slug)
        try:
            count = entries_add_many(
                application=application,
                section=current.slug,
                rows=[row.cleaned for row in pasted.good],
                token=rows_token(
                    application=application, section=current.slug, text=text, nonce=nonce
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return back_to(application.association, current)
    messages.success(
        request,
        ngettext("Added %(count)d entry.", "Added %(count)d entries.", count) % {"count": count},
    )
    return back_to(application.association, current)


def _page(
    request: HttpRequest,
    application: Application,
    current: Section,
    paste_form: PasteForm,
    *,
    status: int = 200,
    pasted: Pasted | None = None,
    add_form: AddRowsForm | None = None,
    terms: dict[str, Any] | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "association": application.association,
        "application": application,
        "sections": sections_for(application.category.family),
        "section": current,
        "columns": columns_of(current, terms_of(application, current) if terms is None else terms),
        "paste_form": paste_form,
        "max_rows": MAX_ROWS,
        "max_kb": MAX_BYTES // 1024,
        "pasted": pasted,
        "add_form": add_form,
    }
    if pasted is not None:
        context["summary"] = summary(pasted)
        good, bad = len(pasted.good), len(pasted.bad)
        context["add_label"] = (
            ngettext("Add the row without errors", "Add the %(count)d rows without errors", good)
            if bad
            else ngettext("Add the row", "Add the %(count)d rows", good)
        ) % {"count": good}
    return render(request, "applications/add_many.html", context, status=status)


@member_required
def add_many_template(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    """The section's columns as a CSV to fill in, in the page's language: a Spanish
    spreadsheet splits on ";", an English one on ","; the mark first tells it UTF-8."""
    application = own_application(request, association)
    current = _section(application, section)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=pgettext("the separator of a CSV file", ","))
    writer.writerows(template_rows(current, terms_of(application, current)))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = _("%(section)s-template.csv") % {"section": current.slug}
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
