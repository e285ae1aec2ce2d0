"""Keeping ``endorse serve``'s helper processes (the worker and the clock) running.

Before, a helper that exited stayed gone while the web server went on, and queued
emails waited until someone noticed. Now each exit is logged with the helper's name and
exit status, and the helper is started again after a back-off that grows while it
keeps exiting soon after each start, so a crash loop doesn't spin.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from endorse.core.backoff import Backoff

logger = logging.getLogger("endorse.supervisor")


@dataclass
class Helper:
    name: str
    argv: list[str]
    backoff: Backoff
    process: subprocess.Popen[bytes] | None = None
    restart_at: float | None = None  # when set, the helper has exited and waits to start again
    starts: int = 0
    pids: list[int] = field(default_factory=list)


def exit_status(code: int) -> str:
    """``status 3``, or ``signal SIGKILL`` for a process killed by a signal."""
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"status {code}"


class Supervisor:
    """Starts each command, watches it from a thread, and starts it again when it exits."""

    def __init__(
        self,
        commands: Mapping[str, list[str]],
        *,
        env: Mapping[str, str] | None = None,
        first_delay: float = 1.0,
        longest_delay: float = 60.0,
        poll_every: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.helpers = [
            Helper(name, list(argv), Backoff(first=first_delay, longest=longest_delay, clock=clock))
            for name, argv in commands.items()
        ]
        self.env = dict(env) if env is not None else None
        self.poll_every = poll_every
        self.clock = clock
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def start(self) -> None:
        for helper in self.helpers:
            self._spawn(helper)
            logger.info("%s started (pid %d).", helper.name, helper.pids[-1])
        self._watcher.start()

    def stop_restarting(self) -> None:
        """From now on an exit is final (Ctrl-C reaches the helpers at the same moment)."""
        self._stopping.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop restarting, then ask each helper to stop and wait; kill what doesn't."""
        self.stop_restarting()
        if self._watcher.is_alive():
            self._watcher.join()
        running = [h.process for h in self.helpers if h.process and h.process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def check(self) -> None:
        """Notice helpers that exited, and start those whose back-off is over."""
        now = self.clock()
        for helper in self.helpers:
            if helper.restart_at is not None:
                if now >= helper.restart_at and not self._stopping.is_set():
                    self._spawn(helper)
                    logger.warning("%s restarted (pid %d).", helper.name, helper.pids[-1])
                continue
            code = helper.process.poll() if helper.process else None
            if code is None:
                continue
            delay = helper.backoff.next()
            helper.restart_at = now + delay
            logger.error(
                "%s (pid %d) exited with %s; restarting it in %.1f s.",
                helper.name, helper.process.pid if helper.process else 0,
                exit_status(code), delay,
            )  # fmt: skip

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll_every):
            self.check()

    def _spawn(self, helper: Helper) -> None:
        helper.process = subprocess.Popen(helper.argv, env=self.env)  # noqa: S603 (our own argv)
        helper.restart_at = None
        helper.starts += 1
        helper.pids.append(helper.process.pid)
