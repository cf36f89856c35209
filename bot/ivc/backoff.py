"""Remembered failures: after an IVC failure, wait before asking again (exponential, capped)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Backoff:
    """When the next call may go out after failures: ``initial`` seconds after the first,
    doubling with each failure in a row, never more than ``cap``; a success resets it.

    ``initial == 0`` turns it off. Times are the caller's clock (seconds).
    """

    initial: float
    cap: float
    failures: int = 0
    retry_at: float | None = None

    def failed(self, now: float) -> None:
        """A call that started at ``now`` failed: the next waits one more step."""
        self.failures += 1
        if self.initial > 0:
            self.retry_at = now + self.delay(self.failures)

    def succeeded(self) -> None:
        self.failures = 0
        self.retry_at = None

    def delay(self, failures: int) -> float:
        """The wait after ``failures`` failures in a row."""
        return min(self.cap, self.initial * 2.0 ** min(failures - 1, 32))

    def waiting(self, now: float) -> bool:
        """True while calls should not go out."""
        return self.retry_at is not None and now < self.retry_at

    def seconds_left(self, now: float) -> float:
        return 0.0 if self.retry_at is None else max(0.0, self.retry_at - now)
