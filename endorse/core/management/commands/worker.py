"""``endorse worker``: run queued tasks (emails and the like) until stopped.

The same loop and options as django_tasks_db's ``db_worker``, but it outlives a
transient database error (endorse/core/worker.py) and never runs under the
autoreloader, whose thread could die unnoticed while the process stayed up.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from endorse.core.worker import ResilientWorker


class Command(BaseCommand):
    help = "Run queued tasks until stopped; a lost database connection is waited out, not fatal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to run, comma-separated (default: %(default)r).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds between looks at an empty queue (default: 1).",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument(
            "--max-tasks", type=valid_max_tasks, default=None, help="Exit after this many tasks."
        )
        parser.add_argument(
            "--backend",
            dest="backend_name",
            type=valid_backend_name,
            default=DEFAULT_TASK_BACKEND_ALIAS,
        )
        parser.add_argument("--no-startup-delay", action="store_false", dest="startup_delay")
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="Unique across the workers (default: a random id).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker's logging set-up: its messages and each task's go to this command's output.
        logging_setup = DbWorkerCommand()
        logging_setup.stdout = self.stdout
        logging_setup.configure_logging(options["verbosity"])
        worker = ResilientWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
