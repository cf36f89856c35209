"""What the app needs from an IVC backend (the ``/ivc/`` API or API 3.0): reading tasks,
writing them, finding cameras and playing a recording."""

from __future__ import annotations

from typing import Protocol

from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.playback import PlaybackAddress, PlaybackWindow


class TaskBackend(Protocol):
    """A client of one IVC API; every failure is raised as an ``IvcError`` subclass."""

    base_url: str

    async def list_tasks(self) -> TaskList:
        """Every retrieval task."""
        ...

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels."""
        ...

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        ...


class TaskWriter(Protocol):
    """Creating and deleting tasks; every refusal is an ``IvcRefusedError`` with a reason.

    Writes are never retried: ``creating.create_once`` makes a lost create answer safe.
    """

    async def create_task(self, task: NewTask) -> CreatedTask:
        """Create one task; IVC answers with the new task."""
        ...

    async def delete_task(self, task_id: str) -> DeletedTask:
        """Delete one task (a task still retrieving is refused)."""
        ...


class CameraDirectory(Protocol):
    """The devices of an organization and the channels of a device."""

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        """One page of devices."""
        ...

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        """Every channel of one device."""
        ...


class RecordPlayer(Protocol):
    """A fresh playback address of one channel over a window (never cached: the address
    carries a short-lived token)."""

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        """IVC's HLS address for ``window``; a refusal is an ``IvcRefusedError``."""
        ...


class IvcBackend(TaskBackend, TaskWriter, CameraDirectory, RecordPlayer, Protocol):
    """Everything a client of either IVC API offers."""
