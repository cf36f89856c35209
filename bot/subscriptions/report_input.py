"""What a status report shows, computed from the tasks and the stored task memory (pure)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.ivc.models import Task, TaskStatus
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.tasks.stats import StatusStats, status_stats

LIST_LIMIT = 10  # items kept per list; the rest are only counted
EXPIRING_WINDOW = timedelta(hours=24)
_PENDING = int(TaskStatus.PENDING)
_RETRIEVED = int(TaskStatus.RETRIEVED)


@dataclass(frozen=True, slots=True)
class ChangedTask:
    """A task whose status changed at ``changed_at``; ``from_status`` None when unknown."""

    task: Task
    changed_at: datetime
    from_status: int | None = None


@dataclass(frozen=True, slots=True)
class OldestPending:
    """The pending task waiting longest, since the app first saw it."""

    task: Task
    first_seen_at: datetime
    waiting: timedelta


@dataclass(frozen=True, slots=True)
class ExpiringCopy:
    """A retrieved copy whose estimated expiry (first seen retrieved + validity days) is near."""

    task: Task
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class StatusReportInput:
    """Everything a status report shows: ``stats`` per status group; lists of at most
    ``LIST_LIMIT`` items, the ``*_total`` counts saying how many there were. ``since`` is the
    previous scheduled summary's time (None for a first or on-demand report: no "changed"
    section)."""

    stats: StatusStats
    now: datetime
    since: datetime | None = None
    changed: tuple[ChangedTask, ...] = ()
    changed_total: int = 0
    oldest_pending: OldestPending | None = None
    expiring: tuple[ExpiringCopy, ...] = ()
    expiring_total: int = 0

    @property
    def total_tasks(self) -> int:
        return self.stats.total.count


def build_report_input(
    tasks: Iterable[Task],
    memory: Mapping[str, TaskMemory],
    since: datetime | None,
    now: datetime,
    *,
    limit: int = LIST_LIMIT,
) -> StatusReportInput:
    """Counts per status, tasks changed after ``since`` (newest change first), the oldest
    pending task and copies expiring within 24 h (soonest first). One pass over the tasks;
    a TaskId listed twice counts once in the lists (the first wins)."""
    listed = tasks if isinstance(tasks, list | tuple) else list(tasks)
    limit = max(0, limit)
    changed: list[tuple[datetime, int, ChangedTask]] = []
    expiring: list[tuple[datetime, int, ExpiringCopy]] = []
    oldest: tuple[datetime, Task] | None = None
    horizon = now + EXPIRING_WINDOW
    seen: set[str] = set()
    for index, task in enumerate(listed):
        if task.task_id in seen:
            continue
        seen.add(task.task_id)
        stored = memory.get(task.task_id)
        status = int(task.status)
        if status == _PENDING:
            first_seen = stored.first_seen_at if stored is not None else now
            if oldest is None or first_seen < oldest[0]:
                oldest = (first_seen, task)
        if stored is None:
            continue
        if since is not None and stored.status_changed_at > since:
            item = ChangedTask(task, stored.status_changed_at, stored.previous_status)
            changed.append((stored.status_changed_at, index, item))
        if status == _RETRIEVED:
            expires_at = estimated_expiry(stored)
            if expires_at is not None and now < expires_at <= horizon:
                expiring.append((expires_at, index, ExpiringCopy(task, expires_at)))
    newest_changes = heapq.nlargest(limit, changed, key=lambda entry: (entry[0], -entry[1]))
    soonest = heapq.nsmallest(limit, expiring, key=lambda entry: (entry[0], entry[1]))
    pending = (
        OldestPending(oldest[1], oldest[0], max(timedelta(0), now - oldest[0]))
        if oldest is not None
        else None
    )
    return StatusReportInput(
        stats=status_stats(listed),
        now=now,
        since=since,
        changed=tuple(entry[2] for entry in newest_changes),
        changed_total=len(changed),
        oldest_pending=pending,
        expiring=tuple(entry[2] for entry in soonest),
        expiring_total=len(expiring),
    )
