"""The environment's IVC "account" of a multi-workspace deployment without IVC_SECRET_ID
(every workspace connects its own): every call fails at once, without a request."""

from __future__ import annotations

from bot.ivc.cameras import DeviceChannel, DevicePage, DeviceQuery
from bot.ivc.downloads import DownloadLink, DownloadWindow
from bot.ivc.errors import IvcError
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.new_task import CreatedTask, DeletedTask, NewTask
from bot.ivc.organization_channels import OrganizationChannelPage, OrganizationChannelQuery
from bot.ivc.playback import PlaybackAddress, PlaybackWindow
from bot.ivc.recordings import RecordFiles, RecordWindow


class NoEnvironmentAccount(IvcError):
    """IVC_SECRET_ID is not set: nothing reads the environment's account."""

    def __init__(self) -> None:
        super().__init__(
            "this deployment has no IVC account of its own (IVC_SECRET_ID is not set)",
            hint="an admin connects the workspace's IVC account in App Home",
        )


class NoAccountBackend:
    """An ``IvcBackend`` whose every call raises ``NoEnvironmentAccount``."""

    base_url = "about:none"
    serves_downloads = True  # each call says there is no account, not which API
    lists_organization_channels = True  # likewise
    serves_record_files = True  # likewise

    def __repr__(self) -> str:
        return "NoAccountBackend()"

    async def list_tasks(self) -> TaskList:
        raise NoEnvironmentAccount()

    async def task_details(self, task_id: str) -> TaskDetails:
        raise NoEnvironmentAccount()

    async def create_task(self, task: NewTask) -> CreatedTask:
        raise NoEnvironmentAccount()

    async def delete_task(self, task_id: str) -> DeletedTask:
        raise NoEnvironmentAccount()

    async def list_devices(self, query: DeviceQuery) -> DevicePage:
        raise NoEnvironmentAccount()

    async def device_channels(self, device_id: str) -> tuple[DeviceChannel, ...]:
        raise NoEnvironmentAccount()

    async def organization_channels(
        self, query: OrganizationChannelQuery
    ) -> OrganizationChannelPage:
        raise NoEnvironmentAccount()

    async def playback_url(self, window: PlaybackWindow) -> PlaybackAddress:
        raise NoEnvironmentAccount()

    async def download_url(self, window: DownloadWindow, *, expires: int) -> DownloadLink:
        raise NoEnvironmentAccount()

    async def record_files(self, window: RecordWindow) -> RecordFiles:
        raise NoEnvironmentAccount()

    async def aclose(self) -> None:
        return None
