"""gunicorn's settings for Endorse (``gunicorn -c config/gunicorn.conf.py``).

Each can be overridden on the command line or by ``GUNICORN_CMD_ARGS``. Why these:

- ``preload_app``: the master imports Django and the project once, and the workers are
  forked from it, so the code and the data loaded at import (translations, templates'
  modules, the requirement engine) are shared pages instead of one copy per worker.
- Before the first fork the master also imports every view (the URLconf), compiles every
  template and reads both languages' catalogues (``_warm``): Django loads these lazily, at
  a process's first requests, and each worker would otherwise hold its own copy.
- ``gc.freeze()`` before each fork: the objects made at import move to a generation the
  collector never walks, so a worker's collections don't write to (and so copy) the pages
  it shares with the master.
- ``gthread`` workers: a request waiting on the database leaves the worker's CPU to another.
"""

from __future__ import annotations

import gc
import os
from typing import Any

bind = os.environ.get("ENDORSE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ENDORSE_WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("ENDORSE_WEB_THREADS", "4"))
timeout = 60
preload_app = True
wsgi_app = "config.wsgi:application"


_warmed = False


def pre_fork(server: Any, worker: Any) -> None:
    global _warmed
    if not _warmed:
        _warm()
        _warmed = True
    from django.db import connections

    connections.close_all()  # a connection opened at import must not be shared by forks
    gc.freeze()


def _warm() -> None:
    from pathlib import Path

    from django.template import engines
    from django.template.backends.django import DjangoTemplates
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports every view
    engine = engines["django"]
    assert isinstance(engine, DjangoTemplates)
    project = Path(__file__).resolve().parent.parent
    folders = [Path(str(folder)) for folder in engine.engine.dirs]
    folders += [Path(str(folder)) for folder in get_app_template_dirs("templates")]
    ours = [f for f in folders if f.resolve().is_relative_to(project / "endorse")]
    for folder in ours:  # not the packages' own (allauth's need apps we leave out)
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".txt"):
                engine.get_template(str(path.relative_to(folder)))
    for language in ("en", "es"):
        translation.activate(language)  # reads the language's catalogues
    translation.deactivate()
