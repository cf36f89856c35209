"""Every channel of one organization in pages: API 3.0's ``ListOrganizationChannels``.

One paged call instead of one ``DescribeDeviceChannel`` per device; no sub-organizations, no
channel state. The ``/ivc/`` client raises ``OrganizationChannelsNeedCloudApiError`` unasked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.ivc.cameras import MAX_PAGE_SIZE
from bot.ivc.errors import IvcError

MAX_NAME_BYTES = 32
CHANNEL_PAGE_SIZE = 200
"""The catalog's page: Tencent documents no limit for this action, and 200 is the largest page
every other page-size limit of the service allows."""


class OrganizationChannelsNeedCloudApiError(IvcError):
    """The ``/ivc/`` client was asked for an organization's channel pages (API 3.0 only)."""

    def __init__(self) -> None:
        super().__init__(
            "the paged channel list (ListOrganizationChannels) is API 3.0's",
            hint="on the /ivc/ API the catalog asks each device for its channels",
        )


@dataclass(frozen=True, slots=True)
class OrganizationChannelQuery:
    """One page of an organization's own channels, optionally only those whose device name
    (or, instead, channel name) contains a text."""

    organization_id: str
    page: int = 1
    page_size: int = CHANNEL_PAGE_SIZE
    device_name: str | None = None
    channel_name: str | None = None

    def __post_init__(self) -> None:
        if not self.organization_id:
            raise ValueError("organization_id must not be empty")
        if self.page < 1:
            raise ValueError("page must be >= 1")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1 to {MAX_PAGE_SIZE}")
        if self.device_name and self.channel_name:
            raise ValueError("IVC applies one of device_name and channel_name, not both")
        for name in (self.device_name, self.channel_name):
            if name is not None and not 1 <= len(name.encode()) <= MAX_NAME_BYTES:
                raise ValueError(f"a name to find is 1 to {MAX_NAME_BYTES} bytes")

    def body(self) -> dict[str, Any]:
        """The request body (``PageNumber`` and ``PageSize`` are required)."""
        params: dict[str, Any] = {
            "OrganizationId": self.organization_id,
            "PageNumber": self.page,
            "PageSize": self.page_size,
        }
        if self.device_name:
            params["DeviceName"] = self.device_name
        if self.channel_name:
            params["ChannelName"] = self.channel_name
        return params


@dataclass(frozen=True, slots=True)
class OrganizationChannel:
    """One listed channel: ids, names, and whether a cloud-recording plan holds it."""

    device_id: str
    device_name: str
    channel_id: str
    channel_name: str
    in_plan: bool | None = None


@dataclass(frozen=True, slots=True)
class OrganizationChannelPage:
    """What one call returned: good channels, IVC's total, skipped records."""

    channels: tuple[OrganizationChannel, ...]
    total: int
    page: int
    page_size: int
    skipped: int = 0
    request_id: str = ""
    skipped_reasons: tuple[str, ...] = field(default=(), repr=False)

    @property
    def rows(self) -> int:
        """Records on this page, good or skipped."""
        return len(self.channels) + self.skipped

    @property
    def has_more(self) -> bool:
        """True when pages after this one hold more channels (by the page size asked for:
        the answer's own ``PageSize`` counts this page's channels)."""
        return self.page * self.page_size < self.total
