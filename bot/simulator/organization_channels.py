"""API 3.0's ``ListOrganizationChannels`` on the simulator: one organization's own channels in
pages, ordered by ``ChannelId`` and shaped as Tencent's response model and examples show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.simulator import codes
from bot.simulator.cameras import SimCatalog, SimDevice
from bot.simulator.writes import MAX_PAGE_SIZE, SimRefusal

MAX_NAME_BYTES = 32


@dataclass(frozen=True, slots=True)
class OrganizationChannelsRequest:
    """A request that passed the checks: one page of one organization, with a name filter."""

    org_id: str
    page: int
    page_size: int
    device_name: str | None
    channel_name: str | None


def check_organization_channels(params: Mapping[str, Any]) -> OrganizationChannelsRequest:
    """The request's values (their types already checked by the parameter table), or the
    ``SimRefusal`` IVC answers."""
    page, size = params["PageNumber"], params["PageSize"]
    if page < 1:
        raise SimRefusal(codes.INVALID_PAGE_NUMBER, "PageNumber must be >= 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise SimRefusal(codes.INVALID_PAGE_SIZE, f"PageSize must be 1 to {MAX_PAGE_SIZE}")
    names = {name: params.get(name) or None for name in ("DeviceName", "ChannelName")}
    for name, value in names.items():
        if value is not None and len(value.encode()) > MAX_NAME_BYTES:
            raise SimRefusal(
                codes.INVALID_PARAMETER_VALUE, f"{name} is longer than {MAX_NAME_BYTES} bytes"
            )
    return OrganizationChannelsRequest(
        params["OrganizationId"], page, size, names["DeviceName"], names["ChannelName"]
    )


def organization_channels(
    catalog: SimCatalog, request: OrganizationChannelsRequest
) -> dict[str, Any]:
    """``Data`` of one page: the organization's own channels matching the request's filter.
    With both names sent, ``DeviceName`` applies (an assumption: Tencent does not say which)."""
    if request.org_id not in catalog.organizations:
        raise SimRefusal(codes.ORGANIZATION_NOT_EXIST, "the organization does not exist", 404)
    rows = catalog.own_channels(request.org_id)
    if request.device_name is not None:
        device_name = request.device_name.casefold()
        rows = [row for row in rows if device_name in row[1].name.casefold()]
    elif request.channel_name is not None:
        channel_name = request.channel_name.casefold()
        rows = [row for row in rows if channel_name in row[1].channel_name(row[2]).casefold()]
    first = (request.page - 1) * request.page_size
    page = [
        _record(device, number) for _, device, number in rows[first : first + request.page_size]
    ]
    return {
        "List": page if rows else None,
        "PageNumber": request.page,
        "PageSize": len(page),
        "TotalCount": len(rows),
    }


def _record(device: SimDevice, number: int) -> dict[str, Any]:
    """One channel as the action lists it: ids, names and ``InPlan``, nothing else."""
    return {
        "DeviceId": device.device_id,
        "DeviceName": device.name,
        "ChannelId": device.channel_id(number),
        "ChannelName": device.channel_name(number),
        "InPlan": device.in_plan(number),
    }
