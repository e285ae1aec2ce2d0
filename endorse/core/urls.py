"""Absolute links for emails, which the worker sends far from any request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)
