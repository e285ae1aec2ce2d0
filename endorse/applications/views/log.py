"""The compact log's responses: a row added, saved, copied, deleted (with its undo) and
restored, each with the log's total beside it; the checklist follows in its own request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import logbook
from endorse.applications.log import Log, has_log, log_of, log_summary, row_number, row_of
from endorse.applications.models import Application
from endorse.applications.sections import Section
from endorse.applications.views import common
from endorse.associations.access import member_required
from endorse.associations.models import Association
from endorse.core.htmx import is_htmx


def log_context(
    application: Application, section: Section, entries: list[Any], rules: Any = None
) -> Log:
    terms = {"category": application.category, "rules": rules}
    return log_of(section, entries, slug=application.association.slug, terms=terms)


def _one_row(
    request: HttpRequest,
    application: Application,
    section: Section,
    entry: Any,
    template: str,
    form: Any = None,
    **extra: Any,
) -> HttpResponse:
    """A response about one row: its own markup and the log's total. The checklist is not
    judged again here: the page asks for it once the typing pauses (``checklist_stale``)."""
    log = _summary(application, section)
    added = template.endswith("added.html")
    row = row_of(section, entry, row_number(entry) if added else 0, focus=added)
    if form is not None:  # what this save refused, as the form said it (a draft drops a NUL)
        row.errors = {n: [str(m) for m in form.errors[n]] for n in form.errors if n in log.labels}
    context = {
        "association": application.association,
        "application": application,
        "section": section,
        "log": log,
        "row": row,
        "editable": application.section_editable(section.slug),
        **extra,
    }
    return common.checklist_stale(render(request, template, context))


def _summary(application: Application, section: Section) -> Log:
    slug = application.association.slug
    return log_summary(section, application, slug=slug, terms=common.terms_of(application, section))


def added(
    request: HttpRequest, application: Application, section: Section, entry: Any
) -> HttpResponse:
    return _one_row(request, application, section, entry, "applications/log/added.html")


def saved(
    request: HttpRequest, application: Application, section: Section, form: Any, entry: Any
) -> HttpResponse:
    """The row's status (its refusals, or the time it was saved), the total, the checklist."""
    return _one_row(request, application, section, entry, "applications/log/saved.html", form)


def deleted(
    request: HttpRequest, application: Application, section: Section, entry: Any
) -> HttpResponse:
    prefix = f"{section.slug}-{entry.pk}"
    try:
        token = logbook.entry_delete_undoable(application=application, entry=entry)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=409)
    context = {
        "association": application.association,
        "application": application,
        "section": section,
        "prefix": prefix,
        "token": token,
        "log": _summary(application, section),
    }
    return common.checklist_stale(render(request, "applications/log/deleted.html", context))


def row_action(
    request: HttpRequest, application: Application, section: Section, entry: Any, action: str
) -> HttpResponse:
    """A row's "Copy" or "Delete" button (posted with the row, to the row's address)."""
    association = application.association
    if action == "delete":
        if is_htmx(request):
            return deleted(request, application, section, entry)
        try:
            logbook.entry_delete_undoable(application=application, entry=entry)
        except ValidationError as error:
            return common.refused(request, association, section, error)
        messages.success(request, _("The entry was deleted."))
        return common.back_to(association, section)
    try:
        copy = logbook.entry_copy(application=application, entry=entry)
    except ValidationError as error:
        return common.refused(request, association, section, error)
    if is_htmx(request):
        return added(request, application, section, copy)
    return common.back_to(association, section, f"entry-{section.slug}-{copy.pk}")


@require_POST
@member_required
def entry_restore(request: HttpRequest, association: Association, section: str) -> HttpResponse:
    application = common.own_application(request, association)
    current = common.section_of(application, section)
    if not has_log(current):
        raise Http404
    assert current.model is not None
    try:
        entry = logbook.entry_restore(
            application=application, model=current.model, token=request.POST.get("token", "")
        )
    except ValidationError as error:
        return common.refused(request, association, current, error)
    if is_htmx(request):
        return added(request, application, current, entry)
    messages.success(request, _("The entry is back."))
    return common.back_to(association, current, f"entry-{current.slug}-{entry.pk}")
