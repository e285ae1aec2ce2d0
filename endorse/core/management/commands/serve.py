"""Serve the site and run the background worker together (what `make run` starts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the development web server and the task worker (db_worker) until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        # runserver's autoreloader runs this command again in a child process
        # (with RUN_MAIN set); only the outer process owns the worker.
        worker = None if os.environ.get("RUN_MAIN") else self._start_worker()
        try:
            call_command("runserver", f"{options['host']}:{options['port']}")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def _start_worker(self) -> subprocess.Popen[bytes]:
        manage = Path(settings.BASE_DIR) / "manage.py"
        worker = subprocess.Popen([sys.executable, str(manage), "db_worker"])  # noqa: S603
        self.stdout.write(f"Worker started (pid {worker.pid}).")
        return worker
