"""What the task source hands to the layers above: tasks plus when and how they were got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.ivc.errors import IvcError
from bot.ivc.models import Task


@dataclass(frozen=True, slots=True, weakref_slot=True)
class TaskSnapshot:
    """A task list as of ``fetched_at`` (UTC).

    ``stale`` is true when the latest fetch failed and this is the last good copy; ``error``
    then says why the fresh fetch failed.
    """

    tasks: tuple[Task, ...]
    fetched_at: datetime
    stale: bool = False
    error: IvcError | None = None
    skipped: int = 0

    def age_seconds(self, now: datetime) -> float:
        """How old the data is at ``now`` (never negative)."""
        return max(0.0, (now - self.fetched_at).total_seconds())
