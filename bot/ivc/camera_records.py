"""Turn raw IVC device and channel records into typed models (also the pages of API 3.0's
``ListOrganizationChannels``); a bad record raises ``RecordError``. A device's ``Password`` is
never read (so never held, logged or shown), and no error message quotes a record's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.config import IvcApi
from bot.ivc.cameras import Device, DeviceChannel, DevicePage, DeviceQuery, DeviceStatus
from bot.ivc.errors import IvcMalformedError
from bot.ivc.organization_channels import (
    OrganizationChannel,
    OrganizationChannelPage,
    OrganizationChannelQuery,
)
from bot.ivc.records import RecordError
from bot.ivc.results import parse_records

MAX_REASONS = 20
_KNOWN_DEVICE_STATUS: dict[int, DeviceStatus] = {int(s): s for s in DeviceStatus}
DEVICE_ID_FIELD: dict[IvcApi, str] = {"cloudapi": "DeviceId", "ivc": "Id"}
PTZ_TYPE_FIELD: dict[IvcApi, str] = {"cloudapi": "PTZType", "ivc": "PtzType"}


def _mapping(record: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(record, Mapping):
        raise RecordError(f"{what} is a {type(record).__name__}, not an object")
    return record


def _id(record: Mapping[str, Any], name: str) -> str:
    """A required identifier: a non-empty string, or a whole number given as one."""
    value = record.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise RecordError(f"{name} is missing or not a string")
    return value


def _text(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else ""


def _small_int(record: Mapping[str, Any], name: str) -> int | None:
    value = record.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_device(record: Any, api: IvcApi = "cloudapi") -> Device:
    """One device of ``api``'s device list (``Password`` is not read)."""
    raw = _mapping(record, "device")
    status = _small_int(raw, "Status")
    return Device(
        device_id=_id(raw, DEVICE_ID_FIELD[api]),
        name=_text(raw, "Name"),
        code=_text(raw, "Code"),
        organization_id=_text(raw, "OrganizationId"),
        status=_KNOWN_DEVICE_STATUS.get(status, status) if status is not None else -1,
        device_type=_small_int(raw, "Type"),
        access_protocol=_small_int(raw, "AccessProtocol"),
        description=_text(raw, "Description"),
        channel_count=_small_int(raw, "ChannelNum"),
    )


def parse_device_channel(record: Any, api: IvcApi = "cloudapi") -> DeviceChannel:
    """One channel of ``api``'s device-channel list."""
    raw = _mapping(record, "channel")
    return DeviceChannel(
        channel_id=_id(raw, "ChannelId"),
        device_id=_text(raw, "DeviceId"),
        name=_text(raw, "Name"),
        code=_text(raw, "ChannelCode"),
        online=_small_int(raw, "State") == 1,
        streaming=_small_int(raw, "Status") == 1,
        ptz_type=_small_int(raw, PTZ_TYPE_FIELD[api]),
        manufacturer=_text(raw, "Manufacturer"),
        resolution=_text(raw, "Resolution"),
    )


def device_page(
    records: Any, total: Any, query: DeviceQuery, request_id: str, api: IvcApi = "cloudapi"
) -> DevicePage:
    """A page of devices from ``api``'s list (null: none) and IVC's total; bad records
    skipped. API 3.0 sends the list as ``Data`` and the total beside it."""
    if records is None:
        records = []
    if not isinstance(records, list):
        raise IvcMalformedError(
            "the device list is not a list", field="List", request_id=request_id
        )
    devices, reasons = parse_records(
        records, lambda record: parse_device(record, api), "device", request_id
    )
    count = total if isinstance(total, int) and not isinstance(total, bool) else len(records)
    return DevicePage(
        devices=tuple(devices),
        total=max(count, 0),
        page=query.page,
        page_size=query.page_size,
        skipped=len(reasons),
        request_id=request_id,
        skipped_reasons=tuple(reasons[:MAX_REASONS]),
    )


def ivc_device_page(data: Any, query: DeviceQuery, request_id: str) -> DevicePage:
    """``Data`` of the ``/ivc/`` device list: ``{TotalCount, List}`` (null: no devices)."""
    if data is None:
        return device_page([], 0, query, request_id, "ivc")
    if not isinstance(data, Mapping):
        raise IvcMalformedError("field Data is not an object", field="Data", request_id=request_id)
    return device_page(data.get("List"), data.get("TotalCount"), query, request_id, "ivc")


def device_channels(
    data: Any, device_id: str, request_id: str, api: IvcApi = "ivc"
) -> tuple[DeviceChannel, ...]:
    """``Data`` of ``api``'s device-channel call (null: none); bad records skipped and
    logged."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise IvcMalformedError("field Data is not a list", field="Data", request_id=request_id)
    channels, _ = parse_records(
        data, lambda record: parse_device_channel(record, api), "channel", request_id
    )
    return tuple(c if c.device_id else replace(c, device_id=device_id) for c in channels)


def parse_organization_channel(record: Any) -> OrganizationChannel:
    """One record of ``Data.List``."""
    raw = _mapping(record, "channel")
    in_plan = raw.get("InPlan")
    return OrganizationChannel(
        device_id=_id(raw, "DeviceId"),
        device_name=_text(raw, "DeviceName"),
        channel_id=_id(raw, "ChannelId"),
        channel_name=_text(raw, "ChannelName"),
        in_plan=in_plan if isinstance(in_plan, bool) else None,
    )


def organization_channel_page(
    data: Any, query: OrganizationChannelQuery, request_id: str
) -> OrganizationChannelPage:
    """``Data`` of ``ListOrganizationChannels``: ``{PageNumber, PageSize, TotalCount, List}``.

    Tencent's model never sends a null ``Data``, so one is malformed (a catalog keeps its last
    good load rather than emptying); a null ``List`` is no channels. Bad records are skipped.
    """
    if not isinstance(data, Mapping):
        raise IvcMalformedError("field Data is not an object", field="Data", request_id=request_id)
    records = data.get("List")
    if records is None:
        records = []
    if not isinstance(records, list):
        raise IvcMalformedError(
            "the channel list is not a list", field="List", request_id=request_id
        )
    channels, reasons = parse_records(
        records, parse_organization_channel, "organization channel", request_id
    )
    total = data.get("TotalCount")
    count = total if isinstance(total, int) and not isinstance(total, bool) else len(records)
    return OrganizationChannelPage(
        channels=tuple(channels),
        total=max(count, 0),
        page=query.page,
        page_size=query.page_size,
        skipped=len(reasons),
        request_id=request_id,
        skipped_reasons=tuple(reasons[:MAX_REASONS]),
    )
