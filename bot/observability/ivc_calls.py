"""IVC calls as the metrics count them: how one call ended, and a backend that reports each
call to an observer (wired when the task source is built)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.ivc.backend import IvcBackend
from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.downloads import DownloadLink, DownloadWindow
from bot.ivc.errors import (
    IvcApiError,
    IvcHttpError,
    IvcMalformedError,
    IvcTimeoutError,
    IvcTransportError,
)
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.ivc.playback import PlaybackAddress, PlaybackWindow
from bot.ivc.recordings import RecordFiles, RecordWindow

log = logging.getLogger(__name__)
T = TypeVar("T")
IvcCallObserver = Callable[[str, float, BaseException | None], None]
"""(operation, seconds, error or None) of one call."""

_OUTCOMES: tuple[tuple[type[Exception], str], ...] = (
    (IvcTimeoutError, "timeout"),
    (IvcTransportError, "transport"),
    (IvcHttpError, "http"),
    (IvcApiError, "api"),
    (IvcMalformedError, "malformed"),
)


def ivc_outcome(error: BaseException | None) -> str:
    """ok, timeout, transport, http, api, malformed or other."""
    if error is None:
        return "ok"
    for kind, outcome in _OUTCOMES:
        if isinstance(error, kind):
            return outcome
    return "other"


class ObservedBackend:
    """An ``IvcBackend`` that tells ``observe`` how long each call took and how it ended."""

    def __init__(self, backend: IvcBackend, observe: IvcCallObserver) -> None:
        self._backend = backend
        self._observe = observe
        self.base_url = backend.base_url
        self.serves_downloads = backend.serves_downloads
        self.lists_organization_channels = backend.lists_organization_channels
        self.serves_record_files = backend.serves_record_files

    def __repr__(self) -> str:
        return repr(self._backend)

    async def list_tasks(self) -> TaskList:
        return await self._observed("list", self._backend.list_tasks)

    async def task_details(self, task_id: str) -> TaskDetails:
        return await self._observed("details", lambda: self._backend.task_details(task_id))

    async def create_task(self, task: NewTask) -> CreatedTask:
        return await self._observed("create", lambda: self._backend.create_task(task))

    async def delete_task(self, task_id: str) -> DeletedTask:
        return await self._observed("delete", lambda: self._backend.delete_task(task_id))

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        return await self._observed("devices", lambda: self._backend.list_devices(query))

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        return await self._observed("channels", lambda: self._backend.device_channels(device_id))

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        return await self._observed(
            "organization_channels", lambda: self._backend.organization_channels(query)
        )

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        """Fetched fresh each time; logged by RequestId and host only (the link has a token)."""
        address = await self._observed("playback", lambda: self._backend.playback_url(window))
        log.info(
            "playback address fetched for channel %s (RequestId %s, host %s)",
            window.channel_id[:64],
            address.request_id or "none",
            address.host or "unknown",
        )
        return address

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        """Fetched fresh each time; logged by RequestId and host only (the link has a secret)."""
        link = await self._observed(
            "download", lambda: self._backend.download_url(window, expires=expires)
        )
        log.info(
            "download link fetched for channel %s (RequestId %s, host %s)",
            window.channel_id[:64],
            link.request_id or "none",
            link.host or "unknown",
        )
        return link

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        return await self._observed("recordings", lambda: self._backend.record_files(window))

    async def aclose(self) -> None:
        await self._backend.aclose()

    async def _observed(self, operation: str, call: Callable[[], Awaitable[T]]) -> T:
        started = time.perf_counter()
        try:
            result = await call()
        except Exception as error:
            self._observe(operation, time.perf_counter() - started, error)
            raise
        self._observe(operation, time.perf_counter() - started, None)
        return result
