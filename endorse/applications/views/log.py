"""The compact log's responses: a row added, saved, copied, deleted (with its undo) and
restored, each with the log's total and the checklist swapped in beside it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import logbook
from endorse.applications.log import Log, has_log, log_of, row_of
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
    """A response about one row: its own markup plus the total and the checklist."""
    context = common.page_context(application)
    entries = context["data"].entries[section.slug]
    number = next((n for n, e in enumerate(entries, start=1) if e.pk == entry.pk), len(entries))
    terms = {"category": application.category, "rules": context["checklist"].ruleset}
    log = log_of(section, entries, slug=application.association.slug, with_rows=False, terms=terms)
    row = row_of(section, entry, number, focus=template.endswith("added.html"))
    if form is not None:  # what this save refused, as the form said it (a draft drops a NUL)
        row.errors = {n: [str(m) for m in form.errors[n]] for n in form.errors if n in log.labels}
    context.update(
        section=section,
        log=log,
        row=row,
        editable=application.section_editable(section.slug),
        **extra,
    )
    return render(request, template, context)


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
    context = common.page_context(application)
    entries = context["data"].entries[section.slug]
    context.update(
        section=section,
        prefix=prefix,
        token=token,
        log=log_of(
            section,
            entries,
            slug=application.association.slug,
            with_rows=False,
            terms={"category": application.category, "rules": context["checklist"].ruleset},
        ),
    )
    return render(request, "applications/log/deleted.html", context)


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
