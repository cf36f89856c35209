"""What the app sends to create a task, and what a create or delete gives back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import epoch_seconds
from bot.ivc.models import FAST_MODE, Task


@dataclass(frozen=True, slots=True, order=True)
class ChannelRef:
    """One camera channel as a task names it: ``(DeviceId, ChannelId)``."""

    device_id: str
    channel_id: str


@dataclass(frozen=True, slots=True)
class NewTask:
    """A retrieval task to create: ``start``/``end`` are aware datetimes (sent as UTC seconds).

    ``describe`` is sent on API 3.0 only (the ``/ivc/`` endpoint has no such field).
    Nothing here is validated: ``task_rules.check_new_task`` says what IVC would refuse.
    """

    name: str
    start: datetime
    end: datetime
    expiration_days: int
    channels: tuple[ChannelRef, ...]
    mode: int = FAST_MODE
    describe: str | None = None

    def body(self, *, with_describe: bool) -> dict[str, Any]:
        """The JSON body of the create call."""
        body: dict[str, Any] = {
            "TaskName": self.name,
            "StartTime": int(epoch_seconds(self.start)),
            "EndTime": int(epoch_seconds(self.end)),
            "Mode": self.mode,
            "Expiration": self.expiration_days,
            "Channels": [
                {"DeviceId": c.device_id, "ChannelId": c.channel_id} for c in self.channels
            ],
        }
        if with_describe and self.describe:
            body["Describe"] = self.describe
        return body

    def same_request(self, task: Task) -> bool:
        """True when ``task`` (as listed) has this name, window, mode and expiration."""
        return (
            task.name == self.name
            and int(epoch_seconds(task.start)) == int(epoch_seconds(self.start))
            and int(epoch_seconds(task.end)) == int(epoch_seconds(self.end))
            and task.mode == self.mode
            and task.expiration_days == self.expiration_days
        )


@dataclass(frozen=True, slots=True)
class CreatedTask:
    """A task IVC created: ``recovered`` when it was found by name after the create's
    answer was lost or the same request had already been made."""

    task: Task
    request_id: str
    recovered: bool = False


@dataclass(frozen=True, slots=True)
class DeletedTask:
    """A task IVC deleted."""

    task_id: str
    request_id: str
