"""The task worker that keeps going: django_tasks_db's loop, resumed after a database error.

django_tasks_db's own loop lets a database error escape whenever it is not "locked"
while fetching a task (and even a "locked" one while it marks a task finished). Run
under Django's autoreloader, as ``db_worker`` is whenever DEBUG is on, the loop lives in
a thread: the thread died, the process stayed up, and queued emails waited until someone
noticed. This worker logs such an error, drops the connection and carries on after a
back-off. Anything else ends the process with its traceback, so that a supervisor
(``endorse serve``, systemd, …) starts it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from endorse.core.backoff import Backoff

logger = logging.getLogger("endorse.worker")

# Errors of the connection or of a lock, which pass when the database is reached again.
TRANSIENT = (OperationalError, InterfaceError)


class ResilientWorker(Worker):
    """django_tasks_db's worker, resumed after a transient database error."""

    def __init__(
        self,
        *,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self.recoveries = 0

    def run(self) -> None:
        while self.running:
            try:
                super().run()
            except TRANSIENT as error:
                self._recover(error)
            else:
                return  # --batch found nothing left, or --max-tasks were run
            self.startup_delay = False  # the random start-up pause is for the first start only

    def _recover(self, error: Exception) -> None:
        delay = self.backoff.next()
        self.recoveries += 1
        logger.warning(
            "Worker %s: database error (%s: %s); reconnecting in %.1f s.",
            self.worker_id,
            type(error).__name__,
            error,
            delay,
        )
        # A connection that failed may be broken for good: the loop opens a fresh one.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except TRANSIENT:
                logger.warning("Worker %s: closing the broken connection failed.", self.worker_id)
        if self.running:
            self.sleep(delay)
