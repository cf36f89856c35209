"""What the app remembers about each task between polls, and the expiry of a retrieved copy
estimated from it (plain data and a pure function: every layer above reads them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

_MAX_EXPIRATION_DAYS = 36_500


@dataclass(frozen=True, slots=True)
class TaskMemory:
    """What the app has stored about one task across polls.

    ``retrieved_seen_at`` is when the app first saw the task retrieved: the copy's expiry is
    estimated from it plus the task's validity days. ``gone_at`` is when the task stopped being
    listed by IVC (None while it is listed).
    """

    task_id: str
    name: str
    status: int
    first_seen_at: datetime
    status_changed_at: datetime
    expiration_days: int
    retrieved_seen_at: datetime | None = None
    gone_at: datetime | None = None
    previous_status: int | None = None  # the status before the last change (None: never changed)


def estimated_expiry(stored: TaskMemory) -> datetime | None:
    """When a retrieved copy should expire: first seen retrieved + its validity days."""
    if stored.retrieved_seen_at is None:
        return None
    days = min(max(0, int(stored.expiration_days)), _MAX_EXPIRATION_DAYS)
    try:
        return stored.retrieved_seen_at + timedelta(days=days)
    except OverflowError:
        return None


class MemorySource(Protocol):
    """The stored task memory: what this process last saw, or a fresh read."""

    def peek(self) -> Mapping[str, TaskMemory] | None: ...

    async def load(self) -> Mapping[str, TaskMemory]: ...
