"""A person's notifications, newest first, in their language."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from endorse.associations.access import person
from endorse.associations.people import person_time_zone
from endorse.core.mail import render_email
from endorse.notifications.models import Notification
from endorse.notifications.services import notifications_mark_read
from endorse.standards.selectors import categories_read_once

SHOWN = 50


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = person(request)
    language = get_language() or "en"
    with categories_read_once():  # the texts name categories: one query, not one per text
        rows = [
            (
                row,
                render_email(row.template, {**row.context, "name": user.get_full_name()}, language),
            )
            for row in Notification.objects.filter(user=user)[:SHOWN]
        ]
    # Each time in the zone of the person's association, which the page names beside it.
    zone = person_time_zone(user_id=user.pk)
    response = render(request, "notifications/list.html", {"rows": rows, "zone": zone})
    notifications_mark_read(user.pk)  # after rendering: what was new is shown as new once
    return response
