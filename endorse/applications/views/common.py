"""What the applicant's application pages share: finding the application, its section and
entry (scoped to the person signed in), the context every page shows, and the answers
to a refused change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language

from endorse.applications.models import Application
from endorse.applications.sections import BY_SLUG, Section, sections_for
from endorse.applications.selectors import (
    application_checklist,
    application_data,
    application_for,
    work_terms_of,
)
from endorse.associations.access import person
from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.core.htmx import is_htmx


def own_application(request: HttpRequest, association: Association) -> Application:
    application = application_for(association=association, user=person(request))
    if application is None:
        raise Http404
    return application


def section_of(application: Application, slug: str) -> Section:
    section = BY_SLUG.get(slug)
    if section is None or section not in sections_for(application.category.family):
        raise Http404
    return section


def lang() -> str:
    return get_language() or "en"


def entry_prefix(section: Section, pk: int) -> str:
    return f"{section.slug}-{pk}"


def entry_form(section: Section, entry: Any, *, category: Any = None, rules: Any = None) -> Any:
    """The entry's form: bound to its draft (showing its errors) or to what was saved; the
    work form also gets the ``category`` and its ``rules``, to speak the rules' words."""
    prefix = entry_prefix(section, entry.pk)
    terms = {"category": category, "rules": rules}
    if entry.draft is not None:
        form = section.form_for(data=entry.draft, instance=entry, prefix=prefix, **terms)
        form.is_valid()
        return form
    return section.form_for(instance=entry, prefix=prefix, **terms)


def terms_of(application: Application, section: Section) -> dict[str, Any]:
    """The category and its rules in force, for the work form's words (``entry_form``,
    the log's columns, Add many rows); the other sections' forms don't need them, and the
    catalogue isn't read for them."""
    return work_terms_of(application) if section.speaks_category else {}


def page_context(application: Application) -> dict[str, Any]:
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
            data=data, category=application.category, on=today, lang=lang()
        ),
        "today": today,
    }


def checklist_stale(response: HttpResponse) -> HttpResponse:
    """Tell the page that the checklist no longer matches what was saved: the checklist asks
    for itself again once the saves pause (``hx-trigger="checklist-stale ... delay"``), so a
    burst of typing is judged once instead of at every keystroke's save."""
    response["HX-Trigger"] = "checklist-stale"
    return response


def back_to(
    association: Association, section: Section, anchor: str = "", *, plain: bool = False
) -> HttpResponse:
    """The section's page again (``plain``: the simple form a log offers without JavaScript)."""
    url = reverse(
        "applications:section", kwargs={"slug": association.slug, "section": section.slug}
    )
    if plain:
        url += "?plain=1"
    return redirect(f"{url}#{anchor}" if anchor else url)


def entry_of(application: Application, section: Section, pk: int) -> Any:
    assert section.model is not None
    return get_object_or_404(section.model._default_manager.filter(application=application), pk=pk)


def refused(
    request: HttpRequest, association: Association, section: Section, error: ValidationError
) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse(" ".join(error.messages), status=409)
    messages.error(request, " ".join(error.messages))
    return back_to(association, section)
