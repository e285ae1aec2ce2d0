from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from endorse.associations.selectors import (
    association_categories,
    association_get,
    association_list,
    association_today,
)
from endorse.payments.selectors import fee_schedule


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "associations/home.html", {"associations": association_list()})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_get(slug=slug)
    today = association_today(association=association)
    categories = association_categories(
        association=association, on=today, lang=get_language() or "en"
    )
    fees = fee_schedule(association=association, on=today)
    context = {"association": association, "categories": categories, "today": today, "fees": fees}
    return render(request, "associations/detail.html", context)
