"""Async client of Tencent Cloud API 3.0 (service ``iss``): the same tasks, TC3 signed."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from bot.clock import Clock
from bot.ivc.camera_records import device_channels, device_page, organization_channel_page
from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.cloud_api.auth import Tc3Auth
from bot.ivc.cloud_api.response import read_cloudapi_response
from bot.ivc.credentials import Credentials
from bot.ivc.downloads import DownloadLink, DownloadWindow, download_link
from bot.ivc.envelope import Envelope
from bot.ivc.http_client import SignedClient
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.ivc.playback import PlaybackAddress, PlaybackWindow, playback_address
from bot.ivc.recordings import RecordFiles, RecordWindow, record_files
from bot.ivc.results import task_details, task_list
from bot.ivc.write_results import created_task, deleted_task

SERVICE = "iss"
VERSION = "2023-05-17"
LIST_ACTION = "ListRecordRetrieveTasks"
DETAILS_ACTION = "DescribeRecordRetrieveTask"
CREATE_ACTION = "AddRecordRetrieveTask"
DELETE_ACTION = "DeleteRecordRetrieveTask"
DEVICES_ACTION = "ListDevices"
CHANNELS_ACTION = "DescribeDeviceChannel"
ORG_CHANNELS_ACTION = "ListOrganizationChannels"
PLAYBACK_ACTION = "DescribeRecordPlaybackUrl"
DOWNLOAD_ACTION = "DescribeVideoDownloadUrl"
RECORD_FILE_ACTION = "DescribeRecordFile"
CONTENT_TYPE = "application/json; charset=utf-8"


class CloudApiClient(SignedClient):
    """Client of Tencent Cloud API 3.0 (service ``iss``) over httpx; every failure is raised
    as an ``IvcError``.

    ``transport`` is the seam for tests and benchmarks (any ``httpx.AsyncBaseTransport``).
    """

    serves_downloads = True  # DescribeVideoDownloadUrl
    serves_record_files = True  # DescribeRecordFile
    lists_organization_channels = True  # ListOrganizationChannels

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        region: str | None = None,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(
            base_url, Tc3Auth(credentials, SERVICE, clock), timeout=timeout, transport=transport
        )
        self.region = region

    def __repr__(self) -> str:
        return f"CloudApiClient(base_url={self.base_url!r}, region={self.region!r})"

    def _headers(self, action: str) -> dict[str, str]:
        headers = {"Content-Type": CONTENT_TYPE, "X-TC-Action": action, "X-TC-Version": VERSION}
        if self.region:
            headers["X-TC-Region"] = self.region
        return headers

    async def _call(self, action: str, params: dict[str, Any], operation: str = "") -> Envelope:
        body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode()
        response = await self._send("POST", "/", content=body, headers=self._headers(action))
        return read_cloudapi_response(
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
            action,
            operation,
        )

    async def list_tasks(self) -> TaskList:
        """Every retrieval task (``ListRecordRetrieveTasks``); bad records are skipped."""
        envelope = await self._call(LIST_ACTION, {})
        return task_list(envelope.data, envelope.request_id)

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels (``DescribeRecordRetrieveTask``)."""
        envelope = await self._call(DETAILS_ACTION, {"TaskId": task_id})
        return task_details(envelope.data, envelope.request_id, task_id)

    async def create_task(self, task: NewTask) -> CreatedTask:
        """``AddRecordRetrieveTask`` (never retried: see ``creating.create_once``)."""
        envelope = await self._call(CREATE_ACTION, task.body(with_describe=True), "create")
        return created_task(envelope.data, envelope.request_id)

    async def delete_task(self, task_id: str) -> DeletedTask:
        """``DeleteRecordRetrieveTask``; a task still retrieving is refused."""
        envelope = await self._call(DELETE_ACTION, {"TaskId": task_id}, "delete")
        return deleted_task(task_id, envelope.request_id)

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        """``ListDevices``: one page of the organization's devices (``Password`` never read)."""
        params: dict[str, Any] = {
            "OrganizationId": query.organization_id,
            "IsContainSubLevel": query.include_sub_organizations,
            "PageNumber": query.page,
            "PageSize": query.page_size,
        }
        if query.keyword:
            params["Keyword"] = query.keyword
        if query.status is not None:
            params["Status"] = int(query.status)
        envelope = await self._call(DEVICES_ACTION, params, "devices")
        return device_page(envelope.data, envelope.total_count, query, envelope.request_id)

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        """``DescribeDeviceChannel``; an unknown device is ``Refusal.UNKNOWN_DEVICE``."""
        envelope = await self._call(CHANNELS_ACTION, {"DeviceId": device_id}, "channels")
        return device_channels(envelope.data, device_id, envelope.request_id, "cloudapi")

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        """``ListOrganizationChannels``: one page of one organization's own channels; an
        unknown organization is ``Refusal.UNKNOWN_ORGANIZATION``."""
        envelope = await self._call(ORG_CHANNELS_ACTION, query.body(), "organization_channels")
        return organization_channel_page(envelope.data, query, envelope.request_id)

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        """``DescribeRecordPlaybackUrl``: a fresh HLS address (never logged: it holds a token),
        with ``CorrectTimestamp`` so playback does not stop where the stream's timestamps jump
        back."""
        params = {
            "ChannelId": window.channel_id,
            "StartTime": window.start,
            "EndTime": window.end,
            "CorrectTimestamp": True,
        }
        envelope = await self._call(PLAYBACK_ACTION, params, "playback")
        return playback_address(envelope.data, envelope.request_id)

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        """``DescribeVideoDownloadUrl``: a fresh link to ``window`` as an mp4 or ts file, valid
        ``expires`` seconds (never logged: it holds its secret). The times go as strings of
        Unix seconds, as the SDK's request model declares them; the answer says the span the
        file really holds (``IsRespActualTime``)."""
        params = {
            "ChannelId": window.channel_id,
            "BeginTime": str(window.start),
            "EndTime": str(window.end),
            "FileType": window.file_type,
            "Expires": expires,
            "IsRespActualTime": True,
        }
        envelope = await self._call(DOWNLOAD_ACTION, params, "download")
        return download_link(envelope.data, envelope.request_id)

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        """``DescribeRecordFile``: whether the window holds archived recording, and the
        recorded spans (without ``WithUrl``: no playback token is asked for)."""
        params = {
            "DeviceId": window.device_id,
            "ChannelId": window.channel_id,
            "StartTime": window.start,
            "EndTime": window.end,
        }
        envelope = await self._call(RECORD_FILE_ACTION, params, "recordings")
        return record_files(envelope.data, envelope.request_id)
