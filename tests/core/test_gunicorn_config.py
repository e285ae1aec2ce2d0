"""gunicorn's settings: the master loads what the workers would each load at their first
requests (every view, every template of ours, both catalogues) and freezes it before forking."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from django.db import connection
from django.template import engines

ROOT = Path(__file__).parents[2]


def config() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "config/gunicorn.conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_app_is_preloaded_and_served_by_threads() -> None:
    settings = config()
    assert (settings.preload_app, settings.worker_class, settings.wsgi_app) == (
        True, "gthread", "config.wsgi:application")  # fmt: skip


def test_before_the_first_fork_every_template_of_ours_is_compiled_and_frozen(
    transactional_db: None, settings: Any
) -> None:
    ours = sorted(
        p for p in (ROOT / "endorse").rglob("templates/**/*") if p.suffix in (".html", ".txt")
    )
    connection.ensure_connection()
    gc.unfreeze()
    try:
        config().pre_fork(server=None, worker=None)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert frozen > 100_000  # Django, the project and its compiled templates
    assert connection.connection is None  # a fork never shares the master's connection
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    compiled = set(loader.get_template_cache)
    assert len(ours) > 100
    assert {str(p).split("/templates/", 1)[1] for p in ours} <= compiled
