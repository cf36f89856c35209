"""What the app needs from an IVC backend (the ``/ivc/`` API or API 3.0): reading tasks,
writing them, finding cameras, playing a recording and downloading one."""

from __future__ import annotations

from typing import Protocol

from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.downloads import DownloadLink, DownloadWindow
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.ivc.playback import PlaybackAddress, PlaybackWindow
from bot.ivc.recordings import RecordFiles, RecordWindow


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
    """The devices of an organization and the channels of a device; on API 3.0 also the
    channels of an organization in pages (``lists_organization_channels`` says so without a
    call; the ``/ivc/`` client's ``organization_channels`` raises
    ``OrganizationChannelsNeedCloudApiError``)."""

    lists_organization_channels: bool

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        """One page of devices."""
        ...

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        """Every channel of one device."""
        ...

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        """One page of the channels of one organization (not of its sub-organizations)."""
        ...


class RecordPlayer(Protocol):
    """A fresh playback address of one channel over a window (never cached: the address
    carries a short-lived token)."""

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        """IVC's HLS address for ``window``; a refusal is an ``IvcRefusedError``."""
        ...


class RecordDownloader(Protocol):
    """A fresh download link of one channel over up to 60 minutes (never cached: the link
    carries its secret). Only API 3.0 serves downloads: ``serves_downloads`` says so without a
    call, and the ``/ivc/`` client's ``download_url`` raises ``DownloadsNeedCloudApiError``."""

    serves_downloads: bool

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        """IVC's link for ``window``, valid ``expires`` seconds; a refusal is an
        ``IvcRefusedError``."""
        ...


class RecordFileReader(Protocol):
    """Whether a window of one channel holds archived recording, and its recorded spans
    (``DescribeRecordFile``). Only API 3.0 has it: ``serves_record_files`` says so without a
    call, and the ``/ivc/`` client's ``record_files`` raises ``RecordFilesNeedCloudApiError``."""

    serves_record_files: bool

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        """IVC's recordings of ``window``; a refusal is an ``IvcRefusedError``."""
        ...


class IvcBackend(
    TaskBackend,
    TaskWriter,
    CameraDirectory,
    RecordPlayer,
    RecordDownloader,
    RecordFileReader,
    Protocol,
):
    """Everything a client of either IVC API offers."""
