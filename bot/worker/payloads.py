"""Tasks as JSON inside a delivery, and back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.ivc.models import Task, parse_status
from bot.tasks.memory import TaskMemory


def task_payload(task: Task) -> dict[str, Any]:
    return {
        "task_id": task.task_id,
        "name": task.name,
        "start": task.start.timestamp(),
        "end": task.end.timestamp(),
        "mode": task.mode,
        "expiration_days": task.expiration_days,
        "status": int(task.status),
        "capacity_mb": task.capacity_mb,
        "describe": task.describe,
        "channel_count": task.channel_count,
    }


def task_from_payload(data: dict[str, Any]) -> Task:
    return Task(
        task_id=data["task_id"],
        name=data["name"],
        start=datetime.fromtimestamp(data["start"], UTC),
        end=datetime.fromtimestamp(data["end"], UTC),
        mode=data["mode"],
        expiration_days=data["expiration_days"],
        status=parse_status(data["status"]),
        capacity_mb=data["capacity_mb"],
        describe=data.get("describe"),
        channel_count=data.get("channel_count"),
    )


def _stamp(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def _moment(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def memory_payload(memory: TaskMemory) -> dict[str, Any]:
    return {
        "task_id": memory.task_id,
        "name": memory.name,
        "status": memory.status,
        "expiration_days": memory.expiration_days,
        "first_seen_at": memory.first_seen_at.timestamp(),
        "status_changed_at": memory.status_changed_at.timestamp(),
        "retrieved_seen_at": _stamp(memory.retrieved_seen_at),
        "gone_at": _stamp(memory.gone_at),
        "previous_status": memory.previous_status,
    }


def memory_from_payload(data: dict[str, Any]) -> TaskMemory:
    return TaskMemory(
        task_id=data["task_id"],
        name=data["name"],
        status=data["status"],
        expiration_days=data["expiration_days"],
        first_seen_at=datetime.fromtimestamp(data["first_seen_at"], UTC),
        status_changed_at=datetime.fromtimestamp(data["status_changed_at"], UTC),
        retrieved_seen_at=_moment(data.get("retrieved_seen_at")),
        gone_at=_moment(data.get("gone_at")),
        previous_status=data.get("previous_status"),
    )
