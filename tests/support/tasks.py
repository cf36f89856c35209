"""Small factories of tasks and snapshots for tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.ivc.errors import IvcError
from bot.ivc.models import Channel, ChannelStatus, Task, TaskDetails, TaskStatus
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.memory import TaskMemory

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
START = datetime(2024, 4, 30, 8, 0, 0, tzinfo=UTC)

_DEFAULTS: dict[str, Any] = {
    "task_id": "0123456789abcdef0123456789abcdef",
    "name": "lobby-cam_0430",
    "start": START,
    "end": START + timedelta(hours=2),
    "mode": 1,
    "expiration_days": 10,
    "status": TaskStatus.PENDING,
    "capacity_mb": 1536.0,
}


def make_task(**overrides: Any) -> Task:
    """A valid Task; any field can be overridden."""
    return Task(**{**_DEFAULTS, **overrides})


def make_tasks(count: int, **overrides: Any) -> list[Task]:
    """``count`` tasks with distinct ids and names, cycling through the three statuses."""
    statuses = (TaskStatus.RETRIEVED, TaskStatus.RETRIEVING, TaskStatus.PENDING)
    return [
        make_task(
            task_id=f"{i:032x}",
            name=f"task-{i}",
            start=START - timedelta(minutes=i),
            end=START - timedelta(minutes=i) + timedelta(hours=1),
            status=statuses[i % 3],
            **overrides,
        )
        for i in range(count)
    ]


def make_snapshot(
    tasks: Iterable[Task] = (),
    *,
    fetched_at: datetime = NOW - timedelta(seconds=12),
    stale: bool = False,
    error: IvcError | None = None,
    skipped: int = 0,
) -> TaskSnapshot:
    """A snapshot of ``tasks`` fetched 12 s before ``NOW`` unless told otherwise."""
    return TaskSnapshot(tuple(tasks), fetched_at, stale=stale, error=error, skipped=skipped)


def make_channel(index: int = 0, **overrides: Any) -> Channel:
    """A channel of a task's details."""
    values: dict[str, Any] = {
        "device_id": f"dev{index}",
        "device_name": f"Gate {index}",
        "channel_id": f"ch{index}",
        "channel_name": f"Camera {index}",
        "status": ChannelStatus.RETRIEVED,
    }
    return Channel(**{**values, **overrides})


def make_details(task: Task | None = None, channels: Iterable[Channel] = ()) -> TaskDetails:
    return TaskDetails(task or make_task(), tuple(channels))


def with_status(task: Task, status: TaskStatus | int) -> Task:
    return replace(task, status=status)


def make_memory(task_id: str, **overrides: Any) -> TaskMemory:
    """What the app would remember of a pending task first seen a day before ``NOW``."""
    values: dict[str, Any] = {
        "task_id": task_id,
        "name": task_id,
        "status": 2,
        "first_seen_at": NOW - timedelta(days=1),
        "status_changed_at": NOW - timedelta(days=1),
        "expiration_days": 10,
    }
    return TaskMemory(**{**values, **overrides})


def sim_record(task_id: str, status: int, name: str) -> dict[str, Any]:
    """A raw task record for the simulator to list as is (it never progresses)."""
    return {
        "TaskId": task_id,
        "TaskName": name,
        "StartTime": 1_772_300_000,
        "EndTime": 1_772_303_600,
        "Mode": 1,
        "Expiration": 7,
        "Status": status,
        "Capacity": 2048,
    }
