"""The task worker outlives a transient database error and runs the next task."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.db.utils import InterfaceError, OperationalError
from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from endorse.core.backoff import Backoff
from endorse.core.worker import ResilientWorker

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def echo(word: str) -> str:
    return word


@pytest.fixture(autouse=True)
def _database_tasks(settings: Any) -> None:
    # The suite runs tasks at once; these tests need them queued in the database.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return None


def _worker(slept: list[float]) -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
        sleep=slept.append,
    )  # fmt: skip


def _fail_on_fetch(monkeypatch: pytest.MonkeyPatch, fetch: int, error: Exception) -> None:
    """The ``fetch``-th look for a task (from 1) raises ``error``, as a lost database would."""
    real = DBTaskResultQuerySet.get_locked
    fetches = []

    def get_locked(self: DBTaskResultQuerySet) -> DBTaskResult | None:
        fetches.append(1)
        if len(fetches) == fetch:
            raise error
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)


def test_worker_survives_a_database_error_in_its_loop_and_runs_the_next_task(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = echo.enqueue("first"), echo.enqueue("second")
    # "disk I/O error" is not "locked": django_tasks_db's own loop lets it escape and die.
    _fail_on_fetch(monkeypatch, 2, OperationalError("disk I/O error"))
    slept: list[float] = []
    worker = _worker(slept)

    with caplog.at_level(logging.WARNING, logger="endorse.worker"):
        worker.run()

    results = {str(r.pk): (r.status, r.return_value) for r in DBTaskResult.objects.all()}
    assert results == {
        first.id: ("SUCCESSFUL", "first"),
        second.id: ("SUCCESSFUL", "second"),
    }
    assert (worker.recoveries, slept) == (1, [0.5])
    assert caplog.messages == [
        "Worker test-worker: database error (OperationalError: disk I/O error); "
        "reconnecting in 0.5 s."
    ]


def test_worker_backs_off_longer_while_errors_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    queued = echo.enqueue("late")
    real = DBTaskResultQuerySet.get_locked
    failures = iter([InterfaceError("connection already closed")] * 3)

    def get_locked(self: DBTaskResultQuerySet) -> DBTaskResult | None:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    slept: list[float] = []
    worker = _worker(slept)

    worker.run()

    assert DBTaskResult.objects.get(pk=queued.id).status == "SUCCESSFUL"
    assert (worker.recoveries, slept) == (3, [0.5, 1.0, 2.0])


def test_a_programming_error_still_ends_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only errors that pass when the database answers again are waited out; anything else
    # ends the process, and its supervisor starts it again.
    echo.enqueue("never")
    _fail_on_fetch(monkeypatch, 1, RuntimeError("a bug"))
    slept: list[float] = []

    with pytest.raises(RuntimeError, match="a bug"):
        _worker(slept).run()
    assert slept == []
    assert DBTaskResult.objects.get().status == "READY"


def test_backoff_doubles_up_to_its_longest_and_starts_over_after_a_quiet_spell() -> None:
    now = [0.0]
    backoff = Backoff(first=1, longest=5, quiet=60, clock=lambda: now[0])
    delays = [backoff.next() for _ in range(5)]
    now[0] += 61
    assert (delays, backoff.next()) == ([1, 2, 4, 5, 5], 1)


def test_worker_command_runs_what_is_queued() -> None:
    queued = echo.enqueue("from the command")

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    result = DBTaskResult.objects.get(pk=queued.id)
    assert (result.status, result.return_value) == ("SUCCESSFUL", "from the command")
