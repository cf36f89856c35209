"""The simulator's own statement of IVC's rules for the write and camera endpoints.

Independent of the app's ``bot.ivc.task_rules`` on purpose: the simulator stands in for
Tencent. Each refusal is a ``SimRefusal`` with the API 3.0 error code; the ``/ivc/`` endpoints
answer the same code at the start of ``Message``, with the HTTP status given here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

IVC_ZONE = ZoneInfo("Asia/Shanghai")
"""Where IVC draws midnight."""
NAME_RULE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9_-]{1,32}")
MAX_CHANNELS = 32
MAX_PAGE_SIZE = 10_000
DAY = 86_400
WRITES_PER_SECOND = 5


class SimRefusal(Exception):
    """A refused call: API 3.0 ``code``, a message, the ``/ivc/`` HTTP status."""

    def __init__(self, code: str, message: str, http_status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status

    @property
    def problem(self) -> tuple[str, str]:
        return self.code, self.message

    @property
    def ivc_message(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class CreateRequest:
    """A create request that passed the field rules (devices are checked by the caller)."""

    name: str
    start: int
    end: int
    mode: int
    expiration: int
    channels: tuple[tuple[str, str], ...]
    describe: str | None


def _int(params: Mapping[str, Any], name: str) -> int:
    value = params.get(name)
    if value is None:
        raise SimRefusal("MissingParameter", f"the parameter {name} is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise SimRefusal("InvalidParameter", f"the parameter {name} must be an integer")
    return value


def check_create(params: Mapping[str, Any], *, with_describe: bool) -> CreateRequest:
    """The request's fields, or the ``SimRefusal`` IVC answers (in IVC's order)."""
    name = params.get("TaskName")
    if name is None:
        raise SimRefusal("MissingParameter", "the parameter TaskName is missing")
    if not isinstance(name, str) or not NAME_RULE.fullmatch(name):
        raise SimRefusal(
            "InvalidParameterValue.TaskName",
            "TaskName must be 1-32 Chinese characters, letters, digits, _ or -",
        )
    start, end = _int(params, "StartTime"), _int(params, "EndTime")
    _check_window(start, end)
    mode = _int(params, "Mode")
    if mode != 1:
        raise SimRefusal("InvalidParameterValue.Mode", "Mode must be 1 (fast)")
    expiration = _int(params, "Expiration")
    if not 1 <= expiration <= 365:
        raise SimRefusal("InvalidParameterValue.Expiration", "Expiration must be 1 to 365 days")
    describe = params.get("Describe") if with_describe else None
    if describe is not None and not isinstance(describe, str):
        raise SimRefusal("InvalidParameter", "the parameter Describe must be a string")
    return CreateRequest(
        name, start, end, mode, expiration, _channels(params.get("Channels")), describe
    )


def _check_window(start: int, end: int) -> None:
    if start < 0 or end <= start:
        raise SimRefusal("InvalidParameterValue.TimeRange", "EndTime must be after StartTime")
    if end - start > DAY:
        raise SimRefusal("InvalidParameterValue.TimeRangeTooLong", "the window exceeds one day")
    first = datetime.fromtimestamp(start, UTC).astimezone(IVC_ZONE).date()
    last = datetime.fromtimestamp(end - 1, UTC).astimezone(IVC_ZONE).date()
    if first != last:
        raise SimRefusal("InvalidParameterValue.TimeRangeCrossDay", "the window crosses midnight")


def _channels(raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        raise SimRefusal("MissingParameter", "the parameter Channels is missing")
    if not isinstance(raw, list):
        raise SimRefusal("InvalidParameter", "the parameter Channels must be a list")
    if not 1 <= len(raw) <= MAX_CHANNELS:
        raise SimRefusal("InvalidParameterValue.ChannelCount", "Channels must hold 1 to 32 items")
    pairs = []
    for item in raw:
        device = item.get("DeviceId") if isinstance(item, dict) else None
        channel = item.get("ChannelId") if isinstance(item, dict) else None
        if not isinstance(device, str) or not isinstance(channel, str) or not device:
            raise SimRefusal("InvalidParameter", "each channel needs DeviceId and ChannelId")
        pairs.append((device, channel))
    return tuple(dict.fromkeys(pairs))


def task_id_of(params: Mapping[str, Any]) -> str:
    task_id = params.get("TaskId")
    if not isinstance(task_id, str) or not task_id:
        raise SimRefusal("MissingParameter", "the parameter TaskId is missing")
    return task_id


def device_id_of(params: Mapping[str, Any]) -> str:
    device_id = params.get("DeviceId")
    if not isinstance(device_id, str) or not device_id:
        raise SimRefusal("MissingParameter", "the parameter DeviceId is missing")
    return device_id


@dataclass(frozen=True, slots=True)
class DeviceListRequest:
    org_id: str
    keyword: str | None
    sub_levels: bool
    page: int
    page_size: int
    status: int | None


def check_device_list(params: Mapping[str, Any], *, from_query: bool) -> DeviceListRequest:
    """The device-list parameters (query strings on ``/ivc/``, JSON on API 3.0)."""
    org = params.get("OrganizationId")
    if isinstance(org, int) and not isinstance(org, bool):
        org = str(org)
    if not isinstance(org, str) or not org:
        raise SimRefusal("MissingParameter", "the parameter OrganizationId is missing")
    keyword = params.get("Keyword")
    if keyword is not None and not isinstance(keyword, str):
        raise SimRefusal("InvalidParameter", "the parameter Keyword must be a string")
    sub = params.get("IsContainSubLevel", False)
    if from_query:
        sub = str(sub).lower() == "true"
    elif not isinstance(sub, bool):
        raise SimRefusal("InvalidParameter", "the parameter IsContainSubLevel must be a boolean")
    page = _number(params, "PageNumber", 1, from_query)
    size = _number(params, "PageSize", 20, from_query)
    status = params.get("Status")
    status_value = None if status is None else _number(params, "Status", 0, from_query)
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise SimRefusal(
            "InvalidParameterValue", f"PageNumber must be >= 1 and PageSize 1 to {MAX_PAGE_SIZE}"
        )
    return DeviceListRequest(org, keyword or None, sub, page, size, status_value)


def _number(params: Mapping[str, Any], name: str, default: int, from_query: bool) -> int:
    value = params.get(name)
    if value is None:
        return default
    if from_query and isinstance(value, str) and value.isdigit():
        return int(value)
    if not from_query and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise SimRefusal("InvalidParameter", f"the parameter {name} must be an integer")
