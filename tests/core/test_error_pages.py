"""Errors answer with the site's own pages, in the visitor's language: 404 and 403 in the
site's layout, 400, 500 and a failed CSRF check without the database or the request's
context (what failed may be either). `make run` shows them too, and a favicon."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from endorse.core.management.commands.serve import served_environment
from tests.applications.conftest import World

ROOT = Path(__file__).parents[2]


def flat(html: str) -> str:
    return " ".join(html.split())


def test_a_missing_page_says_so_in_the_sites_layout_and_language(world: World) -> None:
    response = world.client(None).get("/no-such-page/here/")
    page = flat(response.content.decode())
    assert response.status_code == 404
    assert "<title>Page not found · Endorse</title>" in page
    assert '<p class="status-code">Error 404</p> <h1>Page not found</h1>' in page
    assert '<a class="skip-link" href="#main">' in page and "site.css" in page
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/no-such-page/here/")
    assert "<h1>Página no encontrada</h1>" in spanish.content.decode()


def test_a_page_refused_says_why_and_changes_nothing(world: World) -> None:
    response = world.client(world.other).get("/ct/manage/")
    page = flat(response.content.decode())
    assert response.status_code == 403
    assert "<h1>You can't open this page</h1>" in page
    assert "Your account has no role that opens this page." in page


def test_a_server_error_page_needs_neither_the_database_nor_the_request(
    db: None, django_assert_num_queries: Any
) -> None:
    request = RequestFactory().get("/")
    with translation.override("es"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    page = flat(response.content.decode())
    assert response.status_code == 500
    assert '<html lang="es">' in page and "<h1>Algo salió mal</h1>" in page
    assert "No se perdió nada de lo que guardó antes." in page
    assert "<form" not in page  # no form that would need the request's CSRF token


def test_a_crash_in_a_view_answers_the_styled_500(world: World, monkeypatch: Any) -> None:
    from endorse.associations import views

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "association_list", crash)
    client = world.client(None)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_a_bad_request_and_an_expired_form_have_their_pages(world: World) -> None:
    request = RequestFactory().get("/")
    with translation.override("en"):
        bad = defaults.bad_request(request, exception=ValueError("unreadable"))
    assert bad.status_code == 400
    assert "<h1>The request could not be read</h1>" in bad.content.decode()
    expired = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "es"})
    assert expired.status_code == 403
    assert "<h1>This form has expired</h1>" in expired.content.decode()


def test_every_page_has_a_favicon(world: World) -> None:
    page = world.client(None).get("/").content.decode()
    assert '<link rel="icon" href="/static/endorse/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("endorse/favicon.svg") and finders.find("endorse/favicon.ico")
    response = world.client(None).get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/endorse/favicon.ico")


def development_debug(env: dict[str, str]) -> str:
    """DEBUG as the development settings read it from ``env``."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    clean = {k: v for k, v in os.environ.items() if k not in ("ENDORSE_DEBUG", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env},
        capture_output=True, text=True, timeout=60, check=True, cwd=ROOT,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.mark.slow
def test_make_run_shows_the_sites_error_pages_not_djangos_debug_pages() -> None:
    served = served_environment({}, host="127.0.0.1", port="8000")
    assert served["ENDORSE_DEBUG"] == "false"
    assert development_debug(served) == "False"
    assert development_debug({}) == "True"  # `endorse runserver` keeps Django's debug pages
    assert development_debug({"ENDORSE_DEBUG": "true"}) == "True"
