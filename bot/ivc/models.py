"""Typed model of IVC recording-retrieval tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum


class TaskStatus(IntEnum):
    """Task status as IVC reports it; values not listed here are kept as raw ints."""

    RETRIEVED = 0
    RETRIEVING = 1
    PENDING = 2


_KNOWN_STATUS: dict[int, TaskStatus] = {int(s): s for s in TaskStatus}


def parse_status(value: int) -> TaskStatus | int:
    """A task status as ``TaskStatus`` when IVC sent a known value, otherwise the raw int."""
    return _KNOWN_STATUS.get(int(value), int(value))


class ChannelStatus(IntEnum):
    """Status of one channel inside a task; adds 3 = no archived recording."""

    RETRIEVED = 0
    RETRIEVING = 1
    PENDING = 2
    NO_ARCHIVE = 3


FAST_MODE = 1


@dataclass(frozen=True, slots=True)
class Task:
    """One retrieval task from the list endpoint.

    ``status`` is a ``TaskStatus`` when IVC sent a known value, otherwise the raw int.
    """

    task_id: str
    name: str
    start: datetime
    end: datetime
    mode: int
    expiration_days: int
    status: TaskStatus | int
    capacity_mb: float
    describe: str | None = None
    channel_count: int | None = None

    @property
    def known_status(self) -> TaskStatus | None:
        """The status as an enum, or None when IVC sent a value this app does not know."""
        return self.status if isinstance(self.status, TaskStatus) else None


@dataclass(frozen=True, slots=True)
class Channel:
    """One camera channel of a task, as the details endpoint lists it."""

    device_id: str
    device_name: str
    channel_id: str
    channel_name: str
    status: ChannelStatus | int


@dataclass(frozen=True, slots=True)
class TaskDetails:
    """A task with its channels (details endpoint)."""

    task: Task
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskList:
    """What one list call returned: the good tasks and how many records were skipped."""

    tasks: tuple[Task, ...]
    skipped: int = 0
    request_id: str = ""
    skipped_reasons: tuple[str, ...] = field(default=(), repr=False)
