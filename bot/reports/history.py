"""What the poller records for reports: each task's first sighting and each status change,
with its time and the capacity then (pure; the store writes it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.ivc.models import Task
from bot.tasks.memory import TaskMemory

NAME_KEPT_MAX = 200


class Sighting(StrEnum):
    BASELINE = "baseline"  # listed at the app's first poll: how it got there is unknown
    SEEN = "seen"  # listed for the first time (or again after it was gone)
    STATUS = "status"  # its status changed since the last poll


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One recorded moment of one task."""

    task_id: str
    at: datetime
    event: Sighting
    status: int
    capacity_mb: float
    expiration_days: int
    name: str


def _event(task: Task, at: datetime, kind: Sighting) -> HistoryEvent:
    capacity = float(task.capacity_mb) if task.capacity_mb >= 0 else 0.0
    return HistoryEvent(
        task.task_id, at, kind, int(task.status), capacity, task.expiration_days,
        task.name[:NAME_KEPT_MAX],
    )  # fmt: skip


def history_events(
    previous: Mapping[str, TaskMemory], tasks: Iterable[Task], now: datetime, *, baseline: bool
) -> list[HistoryEvent]:
    """The events a poll seeing ``tasks`` adds to what ``previous`` remembered."""
    events: list[HistoryEvent] = []
    for task in tasks:
        before = previous.get(task.task_id)
        if before is None or before.gone_at is not None:
            events.append(_event(task, now, Sighting.BASELINE if baseline else Sighting.SEEN))
        elif before.status != int(task.status):
            events.append(_event(task, now, Sighting.STATUS))
    return events


class HistorySource(Protocol):
    """The recorded task history (``bot.store.task_history``)."""

    async def events(self, *, workspace_id: str) -> list[HistoryEvent]: ...
