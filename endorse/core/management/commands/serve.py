"""Serve the site with its background worker and clock together (what `make run` starts)."""

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
    help = "Run the development web server, the task worker (db_worker) and the clock until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        # runserver's autoreloader runs this command again in a child process
        # (with RUN_MAIN set); only the outer process owns the worker.
        helpers = (
            [] if os.environ.get("RUN_MAIN") else [self._start("db_worker"), self._start("clock")]
        )
        try:
            call_command("runserver", f"{options['host']}:{options['port']}")
        finally:
            for helper in helpers:
                helper.terminate()
                helper.wait(timeout=10)

    def _start(self, command: str) -> subprocess.Popen[bytes]:
        manage = Path(settings.BASE_DIR) / "manage.py"
        process = subprocess.Popen([sys.executable, str(manage), command])  # noqa: S603
        self.stdout.write(f"{command} started (pid {process.pid}).")
        return process
