"""Typed model of IVC's cameras: devices of an organization and the channels of a device.

A device's ``Password`` (its access password, sent by the device list) is never part of
this model: the parser never reads it (``camera_records``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

MAX_PAGE_SIZE = 10_000


class DeviceStatus(IntEnum):
    """A device's ``Status``; values not listed here are kept as raw ints."""

    UNREGISTERED = 0
    ONLINE = 1
    OFFLINE = 2
    DISABLED = 3


@dataclass(frozen=True, slots=True)
class Device:
    """One device (an IPC camera, or an NVR with many channels) of an organization."""

    device_id: str
    name: str
    code: str = ""
    organization_id: str = ""
    status: DeviceStatus | int = DeviceStatus.ONLINE
    device_type: int | None = None
    access_protocol: int | None = None
    description: str = ""
    channel_count: int | None = None  # API 3.0's ChannelNum; None on the /ivc/ list

    @property
    def online(self) -> bool:
        return self.status == DeviceStatus.ONLINE


@dataclass(frozen=True, slots=True)
class DeviceQuery:
    """One page of the device list: ``organization_id`` (and, by default, its
    sub-organizations), optionally only devices whose name contains ``keyword``."""

    organization_id: str
    keyword: str | None = None
    include_sub_organizations: bool = True
    page: int = 1
    page_size: int = 100
    status: DeviceStatus | None = None

    def __post_init__(self) -> None:
        if not self.organization_id:
            raise ValueError("organization_id must not be empty")
        if self.page < 1:
            raise ValueError("page must be >= 1")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1 to {MAX_PAGE_SIZE}")


@dataclass(frozen=True, slots=True)
class DevicePage:
    """What one device-list call returned: good devices, IVC's total, skipped records."""

    devices: tuple[Device, ...]
    total: int
    page: int
    page_size: int
    skipped: int = 0
    request_id: str = ""
    skipped_reasons: tuple[str, ...] = field(default=(), repr=False)

    @property
    def has_more(self) -> bool:
        """True when pages after this one hold more devices."""
        return self.page * self.page_size < self.total


@dataclass(frozen=True, slots=True)
class DeviceChannel:
    """One channel of a device (what a retrieval task names): online and streaming flags."""

    channel_id: str
    device_id: str
    name: str
    code: str = ""
    online: bool = False
    streaming: bool = False
    ptz_type: int | None = None
    manufacturer: str = ""
    resolution: str = ""
