"""Serve the site with its background worker and clock together (what `make run` starts).

The worker and the clock run as child processes under a supervisor that starts either
again when it exits (endorse/core/supervisor.py). All three learn the address the site
is served at, so links in emails, notifications, certificates and credentials point
there rather than at the default port.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as Runserver
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import WSGIServer

from endorse.core.supervisor import Supervisor

# Addresses that mean "every interface": a link needs one a browser can open.
_ANY_ADDRESS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104


def site_address(host: str, port: str | int) -> str:
    """The URL a browser on this machine opens for ``runserver host:port``."""
    shown = _ANY_ADDRESS.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 address
    return f"http://{shown}:{port}"


def served_environment(environ: Mapping[str, str], *, host: str, port: str | int) -> dict[str, str]:
    """The environment of the web process and its helpers: ``SITE_URL`` is the address
    served, unless the operator set it (a proxy in front may answer at another one), and
    Django's debug pages are off unless ``ENDORSE_DEBUG=true``: people trying the demo see
    the site's own error pages (404, 500), as in production."""
    env = dict(environ)
    if not env.get("SITE_URL"):
        env["SITE_URL"] = site_address(host, port)
    if not env.get("ENDORSE_DEBUG"):
        env["ENDORSE_DEBUG"] = "false"
    return env


class BurstServer(WSGIServer):
    # runserver lets 10 connections wait to be accepted and resets the rest: a burst of
    # autosaves (200 at once in benchmarks/autosave_load.py) lost most of its requests.
    # 1024, like gunicorn's 2048, lets them wait their turn instead.
    request_queue_size = 1024


class BurstRunserver(Runserver):
    server_cls = BurstServer


def helper_commands() -> dict[str, list[str]]:
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    return {name: [sys.executable, manage, name] for name in ("worker", "clock")}


class Command(BaseCommand):
    help = "Run the development web server, the task worker and the clock until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        env = served_environment(os.environ, host=options["host"], port=options["port"])
        # runserver's autoreloader serves from a child process that inherits os.environ.
        os.environ["SITE_URL"] = settings.SITE_URL = env["SITE_URL"]
        # The autoreloader's child reads the settings again, with DEBUG as set here.
        os.environ["ENDORSE_DEBUG"] = env["ENDORSE_DEBUG"]
        address = f"{options['host']}:{options['port']}"
        # The autoreloader runs this command again in that child (with RUN_MAIN set);
        # only the outer process owns the helpers.
        if os.environ.get("RUN_MAIN"):
            # Without DEBUG, runserver serves the static files only when told to.
            call_command(BurstRunserver(), address, insecure_serving=True)
            return
        supervisor = Supervisor(helper_commands(), env=env)
        self.stdout.write(f"Links in emails point at {env['SITE_URL']}.")
        supervisor.start()

        def interrupted(signum: int, frame: FrameType | None) -> None:
            # Ctrl-C reaches the helpers too: their exit is not a crash to restart.
            supervisor.stop_restarting()
            raise KeyboardInterrupt

        signal.signal(signal.SIGINT, interrupted)
        try:
            call_command(BurstRunserver(), address, insecure_serving=True)
        finally:
            supervisor.stop()
