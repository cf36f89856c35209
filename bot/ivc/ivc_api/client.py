"""Async client of the IVC ``/ivc/`` recording-retrieval endpoints (HMAC-SHA1 signed)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from bot.clock import Clock
from bot.ivc.camera_records import device_channels, ivc_device_page
from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.credentials import Credentials
from bot.ivc.downloads import DownloadLink, DownloadsNeedCloudApiError, DownloadWindow
from bot.ivc.envelope import Envelope
from bot.ivc.http_client import SignedClient
from bot.ivc.ivc_api.auth import IvcAuth
from bot.ivc.ivc_api.response import read_ivc_response
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import (
    OrganizationChannelPage,
    OrganizationChannelQuery,
    OrganizationChannelsNeedCloudApiError,
)
from bot.ivc.playback import PlaybackAddress, PlaybackWindow, playback_address
from bot.ivc.recordings import RecordFiles, RecordFilesNeedCloudApiError, RecordWindow
from bot.ivc.results import task_details, task_list
from bot.ivc.write_results import created_task, deleted_task

LIST_PATH = "/ivc/record/retrievetasklsit/query"
DETAILS_PATH = "/ivc/record/retrievetaskdetails/query"
CREATE_PATH = "/ivc/record/retrievetask/add"
DELETE_PATH = "/ivc/record/retrievetask/delete"
DEVICES_PATH = "/ivc/urm/resource/getUserResources"
CHANNELS_PATH = "/ivc/cms/device/channel"
PLAYBACK_PATH = "/ivc/record/playback/url"
JSON_TYPE = "application/json"


class IvcClient(SignedClient):
    """Client of the ``/ivc/`` endpoints over httpx; every failure is raised as an ``IvcError``.

    ``transport`` is the seam for tests and benchmarks (any ``httpx.AsyncBaseTransport``).
    """

    serves_downloads = False  # no download endpoint: DescribeVideoDownloadUrl is API 3.0 only
    lists_organization_channels = False  # the catalog asks each device for its channels
    serves_record_files = False  # DescribeRecordFile is API 3.0 only

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(
            base_url, IvcAuth(credentials, clock), timeout=timeout, transport=transport
        )

    def __repr__(self) -> str:
        return f"IvcClient(base_url={self.base_url!r})"

    async def _get(
        self, path: str, params: dict[str, str] | None = None, operation: str = ""
    ) -> Envelope:
        response = await self._send("GET", path, params=params)
        return _read(response, operation)

    async def _post(self, path: str, body: dict[str, Any], operation: str) -> Envelope:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        response = await self._send(
            "POST", path, content=content, headers={"Content-Type": JSON_TYPE}
        )
        return _read(response, operation)

    async def list_tasks(self) -> TaskList:
        """Every retrieval task. Bad records are skipped, counted and logged."""
        envelope = await self._get(LIST_PATH)
        return task_list(envelope.data, envelope.request_id)

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels."""
        envelope = await self._get(DETAILS_PATH, {"TaskId": task_id})
        return task_details(envelope.data, envelope.request_id, task_id)

    async def create_task(self, task: NewTask) -> CreatedTask:
        """Create a retrieval task (never retried: see ``creating.create_once``)."""
        envelope = await self._post(CREATE_PATH, task.body(with_describe=False), "create")
        return created_task(envelope.data, envelope.request_id)

    async def delete_task(self, task_id: str) -> DeletedTask:
        """Delete a task; a task still retrieving is refused (``Refusal.TASK_RETRIEVING``)."""
        envelope = await self._post(DELETE_PATH, {"TaskId": task_id}, "delete")
        return deleted_task(task_id, envelope.request_id)

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        """One page of the organization's devices (``Password`` is never read)."""
        params = {
            "OrganizationId": query.organization_id,
            "PageNumber": str(query.page),
            "PageSize": str(query.page_size),
            "IsContainSubLevel": "true" if query.include_sub_organizations else "false",
        }
        if query.keyword:
            params["Keyword"] = query.keyword
        if query.status is not None:
            params["Status"] = str(int(query.status))
        envelope = await self._get(DEVICES_PATH, params, "devices")
        return ivc_device_page(envelope.data, query, envelope.request_id)

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        """The channels of one device; an unknown device is ``Refusal.UNKNOWN_DEVICE``."""
        envelope = await self._get(CHANNELS_PATH, {"DeviceId": device_id}, "channels")
        return device_channels(envelope.data, device_id, envelope.request_id)

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        """Always ``OrganizationChannelsNeedCloudApiError``, without a request: this client
        lists channels per device."""
        raise OrganizationChannelsNeedCloudApiError()

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        """A fresh HLS address of one channel over a window (never logged: it holds a token)."""
        params = {
            "ChannelId": window.channel_id,
            "StartTime": str(window.start),
            "EndTime": str(window.end),
        }
        envelope = await self._get(PLAYBACK_PATH, params, "playback")
        return playback_address(envelope.data, envelope.request_id)

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        """Always ``DownloadsNeedCloudApiError``, without a request: the ``/ivc/`` API has no
        download endpoint."""
        raise DownloadsNeedCloudApiError()

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        """Always ``RecordFilesNeedCloudApiError``, without a request: the ``/ivc/`` API cannot
        say whether a window holds archived recording."""
        raise RecordFilesNeedCloudApiError()


def _read(response: httpx.Response, operation: str) -> Envelope:
    return read_ivc_response(
        response.status_code,
        response.headers.get("content-type", ""),
        response.content,
        response.headers.get("RequestId", ""),
        operation,
    )


__all__ = [
    "CHANNELS_PATH",
    "CREATE_PATH",
    "DELETE_PATH",
    "DETAILS_PATH",
    "DEVICES_PATH",
    "LIST_PATH",
    "PLAYBACK_PATH",
    "IvcClient",
]
