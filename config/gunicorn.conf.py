"""gunicorn's settings for Endorse (``gunicorn -c config/gunicorn.conf.py``).

Each can be overridden on the command line or by ``GUNICORN_CMD_ARGS``. Why these:

- ``preload_app``: the master imports Django and the project once, and the workers are
  forked from it, so the code and the data loaded at import (translations, templates'
  modules, the requirement engine) are shared pages instead of one copy per worker.
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


def pre_fork(server: Any, worker: Any) -> None:
    from django.db import connections

    connections.close_all()  # a connection opened at import must not be shared by forks
    gc.freeze()
