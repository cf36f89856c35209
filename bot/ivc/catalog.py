"""The camera catalog: every channel of the organization's devices, searched in memory.

Loaded from IVC and kept ``ttl`` seconds (a search per keystroke would hit IVC's rate limits):
searches never wait on IVC, and a failed refresh keeps the last good catalog.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.ivc.backend import CameraDirectory
from bot.ivc.cameras import Device, DeviceChannel, DeviceQuery
from bot.ivc.errors import IvcError, IvcRefusedError
from bot.ivc.new_task import ChannelRef
from bot.ivc.organization_channels import (
    CHANNEL_PAGE_SIZE,
    OrganizationChannel,
    OrganizationChannelQuery,
)
from bot.ivc.refusals import Refusal

log = logging.getLogger(__name__)

LABEL_SEPARATOR = " · "
DEFAULT_LIMIT = 100
RETRY_AFTER_FAILURE_SECONDS = 60.0
CALLS_PER_SECOND = 15.0
"""Pace of a catalog load's calls: under API 3.0's 20 per second for ListDevices,
DescribeDeviceChannel and ListOrganizationChannels, leaving room for the app's other calls."""


@dataclass(frozen=True, slots=True)
class Camera:
    """One channel of one device, as a person picks it: ``"Device · Channel"``.

    ``online`` and ``streaming`` are the channel's state, None when not known (API 3.0's paged
    channel list does not say); ``device_online`` comes from the device list.
    """

    device_id: str
    device_name: str
    channel_id: str
    channel_name: str
    device_online: bool = True
    online: bool | None = None
    streaming: bool | None = None

    @property
    def ref(self) -> ChannelRef:
        return ChannelRef(self.device_id, self.channel_id)

    @property
    def label(self) -> str:
        """``"Device · Channel"`` (upstream text: escape it where it is shown)."""
        return f"{self.device_name}{LABEL_SEPARATOR}{self.channel_name}"


@dataclass(frozen=True, slots=True)
class CatalogIndex:
    """Cameras ordered by device then channel name, with casefolded names for search."""

    cameras: tuple[Camera, ...]
    _haystacks: tuple[str, ...] = field(repr=False)  # "device\0channel", casefolded
    _by_ref: dict[ChannelRef, Camera] = field(repr=False)

    @classmethod
    def build(cls, cameras: Iterable[Camera]) -> CatalogIndex:
        ordered = tuple(
            sorted(
                cameras,
                key=lambda c: (c.device_name.casefold(), c.device_id, c.channel_name.casefold()),
            )
        )
        haystacks = tuple(f"{c.device_name}\0{c.channel_name}".casefold() for c in ordered)
        return cls(ordered, haystacks, {c.ref: c for c in ordered})

    def __len__(self) -> int:
        return len(self.cameras)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Camera]:
        """At most ``limit`` cameras whose device or channel name contains every word of
        ``query`` (casefolded substrings); an empty query gives the first ``limit``."""
        words = query.replace("\0", " ").casefold().split()
        if limit <= 0:
            return []
        if not words:
            return list(self.cameras[:limit])
        found: list[Camera] = []
        cameras = self.cameras
        first, rest = words[0], words[1:]
        for i, haystack in enumerate(self._haystacks):
            if first in haystack and all(w in haystack for w in rest):
                found.append(cameras[i])
                if len(found) >= limit:
                    break
        return found

    def get(self, ref: ChannelRef) -> Camera | None:
        """The camera of ``ref``, if the catalog has it."""
        return self._by_ref.get(ref)


EMPTY_INDEX = CatalogIndex.build(())


def cameras_of(device: Device, channels: Iterable[DeviceChannel]) -> list[Camera]:
    """A device's channels (of its own channel call) as cameras."""
    return [
        Camera(
            device_id=device.device_id,
            device_name=device.name,
            channel_id=c.channel_id,
            channel_name=c.name,
            device_online=device.online,
            online=c.online,
            streaming=c.streaming,
        )
        for c in channels
    ]


def listed_camera(device: Device, channel: OrganizationChannel) -> Camera:
    """A channel of an organization's paged list as a camera (its state is not known)."""
    return Camera(
        device_id=device.device_id,
        device_name=device.name,
        channel_id=channel.channel_id,
        channel_name=channel.channel_name,
        device_online=device.online,
    )


class CameraCatalog:
    """The organization's cameras, loaded from ``directory`` and kept ``ttl`` seconds.

    ``search`` answers from memory at once and, when the catalog is stale, starts one
    background refresh (in the running event loop). ``load`` refreshes and waits.
    ``calls_per_second`` paces a load's calls to IVC (None: as fast as ``concurrency`` allows).
    ``paged`` (default: when the directory offers it, i.e. API 3.0) loads channels by
    organization in pages of ``channel_page_size`` instead of one call per device.
    """

    def __init__(
        self,
        directory: CameraDirectory,
        organization_id: str,
        *,
        ttl: float,
        clock: Clock = time.time,
        page_size: int = 1000,
        concurrency: int = 4,
        calls_per_second: float | None = None,
        paged: bool | None = None,
        channel_page_size: int = CHANNEL_PAGE_SIZE,
    ) -> None:
        self._directory = directory
        self.organization_id = organization_id
        self.ttl = ttl
        self._clock = clock
        self._page_size = page_size
        self._concurrency = concurrency
        self._pace = _Pacer(calls_per_second)
        self._paged = paged
        self._channel_page_size = channel_page_size
        self.index: CatalogIndex = EMPTY_INDEX
        self.loaded_at: float | None = None
        self.last_error: IvcError | None = None
        self._failed_at: float | None = None
        self._refresh: asyncio.Task[CatalogIndex] | None = None
        self.loads = 0

    def __repr__(self) -> str:
        return f"CameraCatalog(organization_id={self.organization_id!r}, cameras={len(self.index)})"

    @property
    def paged(self) -> bool:
        """True when a load lists channels by organization in pages (API 3.0)."""
        if self._paged is None:
            return self._directory.lists_organization_channels
        return self._paged

    @property
    def stale(self) -> bool:
        """True when the catalog was never loaded or is older than ``ttl``."""
        return self.loaded_at is None or self._clock() - self.loaded_at >= self.ttl

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Camera]:
        """Matching cameras from memory now; a stale catalog refreshes in the background."""
        self.refresh_if_stale()
        return self.index.search(query, limit)

    def get(self, ref: ChannelRef) -> Camera | None:
        return self.index.get(ref)

    def refresh_if_stale(self) -> None:
        """Start one background refresh when stale (and not just failed), if a loop runs."""
        if not self.stale or self._refreshing:
            return
        if self._failed_at is not None and self._clock() - self._failed_at < min(
            self.ttl, RETRY_AFTER_FAILURE_SECONDS
        ):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._refresh = loop.create_task(self._load_quietly())

    async def settled(self) -> None:
        """Wait for a refresh in flight, if any (its outcome is in ``index``/``last_error``)."""
        if self._refresh is not None and not self._refresh.done():
            await asyncio.wait([self._refresh])

    @property
    def _refreshing(self) -> bool:
        return self._refresh is not None and not self._refresh.done()

    async def load(self) -> CatalogIndex:
        """Load the whole catalog now (joining a refresh already running); raises ``IvcError``."""
        if self._refreshing and self._refresh is not None:
            await asyncio.wait([self._refresh])
            if self.last_error is None:
                return self.index
        return await self._load()

    async def _load_quietly(self) -> CatalogIndex:
        try:
            return await self._load()
        except IvcError:
            return self.index

    async def _load(self) -> CatalogIndex:
        started = self._clock()
        try:
            index = CatalogIndex.build(await self._fetch_all())
        except IvcError as error:
            self.last_error, self._failed_at = error, self._clock()
            log.warning("the camera catalog could not be refreshed: %s", error)
            raise
        self.index, self.loaded_at, self.last_error, self._failed_at = index, started, None, None
        self.loads += 1
        return index

    async def _fetch_all(self) -> list[Camera]:
        devices = await self._devices()
        if self.paged:
            return await self._cameras_by_organization(devices)
        return await self._cameras_per_device(devices)

    async def _cameras_per_device(self, devices: list[Device]) -> list[Camera]:
        """Each device's channels, one call per device."""
        limit = asyncio.Semaphore(self._concurrency)

        async def channels_of(device: Device) -> list[Camera]:
            async with limit:
                await self._pace.wait()
                try:
                    found = await self._directory.device_channels(device.device_id)
                except IvcRefusedError:  # the device went away since the list
                    return []
            return cameras_of(device, found)

        groups = await asyncio.gather(*(channels_of(d) for d in devices))
        return [camera for group in groups for camera in group]

    async def _cameras_by_organization(self, devices: list[Device]) -> list[Camera]:
        """The channels of each listed device's organization, in pages; channels of devices
        the device list lacks (added since) wait for the next load. A listed device no page
        named is asked on its own, and a page short of its total makes the load ask every
        device, so no camera drops out."""
        by_id = {d.device_id: d for d in devices}
        organizations = sorted({d.organization_id for d in devices if d.organization_id})
        limit = asyncio.Semaphore(self._concurrency)
        listed = await asyncio.gather(*(self._channels_of(org, limit) for org in organizations))
        if any(channels is None for channels in listed):
            log.warning("a channel page came back short of its total: asking every device")
            return await self._cameras_per_device(devices)
        cameras: dict[ChannelRef, Camera] = {}
        for channels in listed:
            for channel in channels or ():
                device = by_id.get(channel.device_id)
                if device is not None:
                    camera = listed_camera(device, channel)
                    cameras.setdefault(camera.ref, camera)
        named = {ref.device_id for ref in cameras}
        unnamed = [d for d in devices if d.device_id not in named and d.channel_count != 0]
        return [*cameras.values(), *await self._cameras_per_device(unnamed)]

    async def _channels_of(
        self, organization_id: str, limit: asyncio.Semaphore
    ) -> list[OrganizationChannel] | None:
        """Every channel of one organization, page after page; None when the pages held
        fewer records than the first page's total (a capped page size, or channels removed
        meanwhile). An organization gone since the device list has none."""
        found: list[OrganizationChannel] = []
        rows, total, page = 0, 0, 1
        while True:
            query = OrganizationChannelQuery(
                organization_id, page=page, page_size=self._channel_page_size
            )
            async with limit:
                await self._pace.wait()
                try:
                    result = await self._directory.organization_channels(query)
                except IvcRefusedError as error:
                    if error.reason is not Refusal.UNKNOWN_ORGANIZATION:
                        raise
                    return []
            total = result.total if page == 1 else total
            found += result.channels
            rows += result.rows
            if not result.has_more or not result.rows:
                return found if rows >= total else None
            page += 1

    async def _devices(self) -> list[Device]:
        devices: dict[str, Device] = {}
        page = 1
        while True:
            query = DeviceQuery(self.organization_id, page=page, page_size=self._page_size)
            await self._pace.wait()
            result = await self._directory.list_devices(query)
            for device in result.devices:
                devices.setdefault(device.device_id, device)
            if not result.has_more or not result.devices:
                return list(devices.values())
            page += 1

    async def aclose(self) -> None:
        """Stop a background refresh."""
        if self._refresh is not None and not self._refresh.done():
            self._refresh.cancel()
            await asyncio.gather(self._refresh, return_exceptions=True)


def build_catalog(
    settings: Settings, directory: CameraDirectory, *, clock: Clock = time.time
) -> CameraCatalog | None:
    """The catalog of IVC_ORGANIZATION_ID kept CATALOG_TTL_SECONDS, or None when unset."""
    return account_catalog(settings, directory, settings.ivc_organization_id, clock=clock)


def account_catalog(
    settings: Settings,
    directory: CameraDirectory,
    organization_id: str | None,
    *,
    clock: Clock = time.time,
) -> CameraCatalog | None:
    """The catalog of an account's ``organization_id`` kept CATALOG_TTL_SECONDS, or None."""
    if organization_id is None:
        return None
    return CameraCatalog(
        directory,
        organization_id,
        ttl=settings.catalog_ttl_seconds,
        clock=clock,
        calls_per_second=CALLS_PER_SECOND,
    )


class _Pacer:
    """Spaces calls ``1 / per_second`` apart on the event loop's clock (None: no pacing)."""

    def __init__(self, per_second: float | None) -> None:
        self._interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        if not self._interval:
            return
        now = asyncio.get_running_loop().time()
        delay = self._next - now
        self._next = max(now, self._next) + self._interval
        if delay > 0:
            await asyncio.sleep(delay)
