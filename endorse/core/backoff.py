"""Waiting longer each time something fails again soon, so a failure loop doesn't spin."""

from __future__ import annotations

import time
from collections.abc import Callable


class Backoff:
    """Delays that double from ``first`` up to ``longest``; a quiet spell starts them over.

    A spell is quiet when ``quiet`` seconds passed since the last failure: a helper that
    ran for an hour before it exited is restarted at once, one that exits at every start
    waits longer each time.
    """

    def __init__(
        self,
        *,
        first: float = 0.5,
        longest: float = 30.0,
        quiet: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.first: float = first
        self.longest: float = longest
        self.quiet: float = quiet
        self.clock = clock
        self._failures = 0
        self._last: float | None = None

    def next(self) -> float:
        """The delay to wait after a failure now."""
        now = self.clock()
        if self._last is None or now - self._last > self.quiet:
            self._failures = 0
        self._last = now
        delay: float = min(self.longest, self.first * 2.0**self._failures)
        self._failures += 1
        return delay
