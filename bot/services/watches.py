"""What the watch commands do to the stored watches (no Slack here).

Every method names the workspace and the user: watches are one person's, in one workspace.
The caller has checked the TaskId against the task list.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock, utc_now
from bot.ivc.models import Task, TaskStatus
from bot.store.watches import WatchStore
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.watches.model import (
    DEFAULT_MAX_WATCHES_PER_USER,
    DEFAULT_REMINDER_HOURS,
    Watch,
    WatchedTask,
)

_RETRIEVED = int(TaskStatus.RETRIEVED)


@dataclass(frozen=True, slots=True)
class Watched:
    """The outcome of ``watch``: the watch, whether it is new, and (retrieved task) the copy's
    estimated expiry when the app knows it."""

    watch: Watch
    new: bool
    retrieved: bool
    expires_at: datetime | None = None


class WatchService:
    """Watch, unwatch and list one person's watches (at most ``max_per_user``)."""

    def __init__(
        self,
        store: WatchStore,
        clock: Clock = time.time,
        *,
        max_per_user: int = DEFAULT_MAX_WATCHES_PER_USER,
        reminder_hours: float = DEFAULT_REMINDER_HOURS,
    ) -> None:
        self.store = store
        self._clock = clock
        self.max_per_user = max_per_user
        self.reminder_hours = reminder_hours

    async def watch(
        self, workspace_id: str, user_id: str, task: Task, memory: TaskMemory | None = None
    ) -> Watched:
        """Watch ``task``; one already retrieved gets only the expiry reminder. Raises
        ``TooManyWatches`` past ``max_per_user``."""
        retrieved = int(task.status) == _RETRIEVED
        watch, new = await self.store.add(
            workspace_id,
            user_id,
            task.task_id,
            now=utc_now(self._clock),
            expiry_only=retrieved,
            limit=self.max_per_user,
        )
        expires_at = estimated_expiry(memory) if retrieved and memory is not None else None
        return Watched(watch, new, retrieved, expires_at)

    async def unwatch(self, workspace_id: str, user_id: str, task_id: str) -> bool:
        """Stop watching; False when the person was not watching ``task_id``."""
        return await self.store.remove(workspace_id, user_id, task_id)

    async def is_watching(self, workspace_id: str, user_id: str, task_id: str) -> bool:
        """Whether the person has a live (active or paused) watch of ``task_id``."""
        watch = await self.store.get(workspace_id, user_id, task_id)
        return watch is not None and watch.ended_at is None

    async def of_person(self, workspace_id: str, user_id: str) -> list[Watch]:
        return await self.store.of_person(workspace_id, user_id)


def _status(task: Task | None, stored: TaskMemory | None, listed: bool) -> int | None:
    """The task's status as listed now; without a list, as last seen (None: not listed)."""
    if task is not None:
        return int(task.status)
    if not listed and stored is not None and stored.gone_at is None:
        return stored.status
    return None


def watched_tasks(
    watches: Sequence[Watch], tasks: Sequence[Task] | None, memory: Mapping[str, TaskMemory]
) -> list[WatchedTask]:
    """Each watch with its task's name and status as listed now (``tasks`` None: no list at
    hand, as last seen), and the copy's estimated expiry for a retrieved one (pure)."""
    listed = {task.task_id: task for task in tasks or ()}
    items: list[WatchedTask] = []
    for watch in watches:
        task = listed.get(watch.task_id)
        stored = memory.get(watch.task_id)
        name = task.name if task is not None else stored.name if stored is not None else None
        status = _status(task, stored, tasks is not None)
        expires = estimated_expiry(stored) if stored is not None and status == _RETRIEVED else None
        items.append(WatchedTask(watch, name, status, expires))
    return items
