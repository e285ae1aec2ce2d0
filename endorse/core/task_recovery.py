"""Tasks a dead worker left behind (django-tasks-db keeps no heartbeat of its workers).

A worker killed mid-task leaves its row RUNNING for good. The clock puts a row back in
the queue once it has run longer than any task should (``ENDORSE_TASK_ABANDONED_MINUTES``),
so every task must be safe to run twice, as a crash after its work and before its
"successful" mark makes it run twice anyway (the email task is: see notifications).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def tasks_abandoned_requeue(*, now: datetime) -> int:
    """Put back in the queue the tasks RUNNING too long; how many, in one update."""
    since = now - timedelta(minutes=settings.ENDORSE_TASK_ABANDONED_MINUTES)
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since)
    return int(abandoned.update(status=TaskResultStatus.READY))


def tasks_pending_args(task_path: str) -> list[list[Any]]:
    """The positional arguments of every queued or running task of ``task_path``. A task
    given a list of rows (a batch of emails) counts as one task per row: ``[[1, 2]]`` is
    ``[1]`` and ``[2]``."""
    pending = DBTaskResult.objects.filter(
        task_path=task_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    found: list[list[Any]] = []
    for args_kwargs in pending.values_list("args_kwargs", flat=True):
        args = args_kwargs["args"]
        if args and isinstance(args[0], list):
            found.extend([row, *args[1:]] for row in args[0])
        else:
            found.append(args)
    return found
