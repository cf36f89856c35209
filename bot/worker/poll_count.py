"""How a worker counts the polls it finishes (the metrics' ``polls_total``)."""

from __future__ import annotations

from collections.abc import Callable

PollCount = Callable[[str, bool], None]
"""Called with the account ("shared" or "own") and whether the poll failed."""


def uncounted(account: str, failed: bool) -> None:
    """Counts nothing (tests and tools without metrics)."""
