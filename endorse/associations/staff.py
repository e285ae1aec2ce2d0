"""The association administrator's staff page: who coordinates, who reviews what.

Roles belong to one association: an administrator here is nobody at another one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from endorse.accounts.models import User
from endorse.applications.selectors import offered_categories
from endorse.associations.access import admin_required
from endorse.associations.forms import ReviewerCategoriesForm, StaffAddForm
from endorse.associations.models import Association, StaffRole
from endorse.associations.selectors import association_staff
from endorse.associations.services import staff_role_add, staff_role_remove
from endorse.reviews.assigning import reviewer_categories_set, reviewer_withdraw
from endorse.reviews.selectors import reviewer_categories, reviewer_profiles


def _page(
    request: HttpRequest, association: Association, status: int = 200, **bound: Any
) -> HttpResponse:
    categories = list(offered_categories(association=association))
    chosen = reviewer_categories(association=association)
    members = association_staff(association=association)
    category_forms = {
        member.user.pk: bound.get(f"categories_{member.user.pk}")
        or ReviewerCategoriesForm(
            categories=categories, prefix=f"categories-{member.user.pk}",
            initial={"categories": chosen.get(member.user.pk, [])},
        )
        for member in members
        if member.is_reviewer
    }  # fmt: skip
    context = {
        "association": association,
        "members": members,
        "category_forms": category_forms,
        "profiles": reviewer_profiles(association=association),
        "add_form": bound.get("add_form") or StaffAddForm(),
    }
    return render(request, "associations/staff.html", context, status=status)


@admin_required
def staff(request: HttpRequest, association: Association) -> HttpResponse:
    if request.method != "POST":
        return _page(request, association)
    form = StaffAddForm(request.POST)
    if form.is_valid():
        try:
            staff_role_add(association=association, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _page(request, association, status=422, add_form=form)
    messages.success(request, _("The role was added."))
    return redirect("associations:staff", slug=association.slug)


@require_POST
@admin_required
def staff_remove(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    role = get_object_or_404(StaffRole, association=association, pk=pk)
    try:
        with transaction.atomic():
            staff_role_remove(association=association, pk=pk)
            withdrawn = 0
            if role.role == StaffRole.Role.REVIEWER:
                withdrawn = reviewer_withdraw(association=association, user=role.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("associations:staff", slug=association.slug)
    messages.success(request, _("The role was removed."))
    if withdrawn:
        messages.warning(request, ngettext(
            "%(count)d unfinished review was withdrawn: ask another reviewer on its "
            "application's page.",
            "%(count)d unfinished reviews were withdrawn: ask other reviewers on their "
            "applications' pages.",
            withdrawn,
        ) % {"count": withdrawn})  # fmt: skip
    return redirect("associations:staff", slug=association.slug)


@require_POST
@admin_required
def staff_categories(request: HttpRequest, association: Association, user_pk: int) -> HttpResponse:
    reviewer = get_object_or_404(
        User, pk=user_pk, staff_roles__association=association,
        staff_roles__role=StaffRole.Role.REVIEWER,
    )  # fmt: skip
    form = ReviewerCategoriesForm(
        request.POST, categories=offered_categories(association=association),
        prefix=f"categories-{reviewer.pk}",
    )  # fmt: skip
    if not form.is_valid():
        return _page(request, association, status=422, **{f"categories_{reviewer.pk}": form})
    reviewer_categories_set(
        association=association, user=reviewer, categories=form.cleaned_data["categories"]
    )
    messages.success(request, _("The categories were saved."))
    return redirect("associations:staff", slug=association.slug)
