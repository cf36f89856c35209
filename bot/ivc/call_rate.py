"""IVC's rate limit per account: at most so many calls a second, waiting
for a slot rather than being refused (API 3.0 documents 20 reads a second per account; the
``/ivc/`` endpoints document none).

``CallRate`` keeps the times of the last ``per_second`` calls (a sliding log): a call goes
at once unless that many already went within the last second, else it waits until the
oldest of them is a second old. Each caller's slot is reserved before it waits, so
concurrent callers queue in order and no second ever holds more than the limit.
``PacedBackend`` puts every call of one account's client through its ``CallRate``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

from bot.clock import Clock
from bot.ivc.backend import IvcBackend
from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.downloads import DownloadLink, DownloadWindow
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.ivc.playback import PlaybackAddress, PlaybackWindow
from bot.ivc.recordings import RecordFiles, RecordWindow

Sleep = Callable[[float], Awaitable[None]]


class CallRate:
    """At most ``per_second`` calls in any second (a fractional rate: one call per
    ``1 / per_second`` seconds)."""

    def __init__(
        self, per_second: float, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be > 0")
        self.per_second = per_second
        limit = max(1, int(per_second))
        self._window = limit / per_second
        self._slots: deque[float] = deque(maxlen=limit)
        self._clock = clock
        self._sleep = sleep
        self.waited = 0  # calls that had to wait for a slot

    def __repr__(self) -> str:
        return f"CallRate(per_second={self.per_second})"

    def reserve(self) -> float:
        """Take the next slot; how many seconds to wait for it (0: now)."""
        now = self._clock()
        slot = now
        if len(self._slots) == self._slots.maxlen:
            slot = max(now, self._slots[0] + self._window)
        self._slots.append(slot)  # the oldest drops out
        return slot - now

    async def acquire(self) -> None:
        """Wait for the next slot."""
        wait = self.reserve()
        if wait > 0:
            self.waited += 1
            await self._sleep(wait)


class PacedBackend:
    """An ``IvcBackend`` whose every call waits for a slot of ``rate``."""

    def __init__(self, backend: IvcBackend, rate: CallRate) -> None:
        self._backend = backend
        self.rate = rate
        self.base_url = backend.base_url
        self.serves_downloads = backend.serves_downloads
        self.lists_organization_channels = backend.lists_organization_channels
        self.serves_record_files = backend.serves_record_files

    def __repr__(self) -> str:
        return f"PacedBackend({self._backend!r}, {self.rate!r})"

    async def list_tasks(self) -> TaskList:
        await self.rate.acquire()
        return await self._backend.list_tasks()

    async def task_details(self, task_id: str) -> TaskDetails:
        await self.rate.acquire()
        return await self._backend.task_details(task_id)

    async def create_task(self, task: NewTask) -> CreatedTask:
        await self.rate.acquire()
        return await self._backend.create_task(task)

    async def delete_task(self, task_id: str) -> DeletedTask:
        await self.rate.acquire()
        return await self._backend.delete_task(task_id)

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        await self.rate.acquire()
        return await self._backend.list_devices(query)

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        await self.rate.acquire()
        return await self._backend.device_channels(device_id)

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        await self.rate.acquire()
        return await self._backend.organization_channels(query)

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        await self.rate.acquire()
        return await self._backend.playback_url(window)

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        await self.rate.acquire()
        return await self._backend.download_url(window, expires=expires)

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        await self.rate.acquire()
        return await self._backend.record_files(window)

    async def aclose(self) -> None:
        await self._backend.aclose()
