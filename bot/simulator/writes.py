"""The simulator's own statement of IVC's rules for the write and camera endpoints.

Independent of the app's ``bot.ivc.task_rules`` on purpose: the simulator stands in for
Tencent. Each refusal is a ``SimRefusal`` with Tencent's own error code (``codes``); the
``/ivc/`` endpoints answer the same code at the start of ``Message``, with the HTTP status
given here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.simulator import codes

IVC_ZONE = ZoneInfo("Asia/Shanghai")
"""Where IVC draws midnight."""
NAME_RULE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9_-]+")
MAX_NAME_LENGTH = 32
MAX_CHANNELS = 32
MIN_TASK_WINDOW = 600
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
        raise SimRefusal(codes.MISSING_TASK_PARAM, f"the parameter {name} is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise SimRefusal(codes.INVALID_PARAMETER, f"the parameter {name} must be an integer")
    return value


def check_create(params: Mapping[str, Any], *, with_describe: bool, now: float) -> CreateRequest:
    """The request's fields, or the ``SimRefusal`` IVC answers (in IVC's order); ``now`` is
    the simulator's time (a window may not start after it)."""
    name = _check_name(params.get("TaskName"))
    start, end = _int(params, "StartTime"), _int(params, "EndTime")
    check_task_window(start, end, now)
    mode = _int(params, "Mode")
    if mode != 1:
        raise SimRefusal(codes.INVALID_MODE, "Mode must be 1 (fast)")
    expiration = _int(params, "Expiration")
    if not 1 <= expiration <= 365:
        raise SimRefusal(codes.INVALID_EXPIRATION, "Expiration must be 1 to 365 days")
    describe = params.get("Describe") if with_describe else None
    if describe is not None and not isinstance(describe, str):
        raise SimRefusal(codes.INVALID_PARAMETER, "the parameter Describe must be a string")
    return CreateRequest(
        name, start, end, mode, expiration, _channels(params.get("Channels")), describe
    )


def _check_name(name: Any) -> str:
    if name is None:
        raise SimRefusal(codes.MISSING_TASK_PARAM, "the parameter TaskName is missing")
    if not isinstance(name, str):
        raise SimRefusal(codes.INVALID_PARAMETER, "the parameter TaskName must be a string")
    if not name:
        raise SimRefusal(codes.EMPTY_NAME, "TaskName is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise SimRefusal(codes.TOO_LONG_NAME, f"TaskName is longer than {MAX_NAME_LENGTH}")
    if not NAME_RULE.fullmatch(name):
        raise SimRefusal(
            codes.ILLEGAL_NAME, "TaskName may hold only Chinese characters, letters, digits, _ or -"
        )
    return name


def check_window(start: int, end: int) -> None:
    """A recording window (tasks and playback): start before end, at most one day, within
    one day of IVC's time zone."""
    _check_order(start, end)
    _check_length_and_day(start, end, min_length=0)


def check_task_window(start: int, end: int, now: float) -> None:
    """A retrieval task's window: ``check_window``'s rules, plus not starting after ``now``
    and lasting at least 10 minutes."""
    _check_order(start, end)
    if start > now:
        raise SimRefusal(codes.START_IN_FUTURE, "StartTime lies in the future")
    _check_length_and_day(start, end, min_length=MIN_TASK_WINDOW)


def _check_order(start: int, end: int) -> None:
    if start < 0 or end < 0:
        raise SimRefusal(codes.INVALID_TIME, "StartTime and EndTime are Unix seconds")
    if end <= start:
        raise SimRefusal(codes.START_NOT_BEFORE_END, "StartTime must come before EndTime")


def _check_length_and_day(start: int, end: int, *, min_length: int) -> None:
    if end - start > DAY:
        raise SimRefusal(codes.TOO_LONG, "the window exceeds one day")
    if end - start < min_length:
        raise SimRefusal(codes.TOO_SHORT, "the window is shorter than 10 minutes")
    first = datetime.fromtimestamp(start, UTC).astimezone(IVC_ZONE).date()
    last = datetime.fromtimestamp(end - 1, UTC).astimezone(IVC_ZONE).date()
    if first != last:
        raise SimRefusal(codes.NOT_SAME_DAY, "the window crosses midnight")


def _channels(raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        raise SimRefusal(codes.MISSING_TASK_PARAM, "the parameter Channels is missing")
    if not isinstance(raw, list):
        raise SimRefusal(codes.INVALID_PARAMETER, "the parameter Channels must be a list")
    if not 1 <= len(raw) <= MAX_CHANNELS:
        raise SimRefusal(codes.CHANNELS_EXCEED, f"Channels must hold 1 to {MAX_CHANNELS} items")
    pairs = []
    for item in raw:
        device = item.get("DeviceId") if isinstance(item, dict) else None
        channel = item.get("ChannelId") if isinstance(item, dict) else None
        if not isinstance(device, str) or not isinstance(channel, str) or not device:
            raise SimRefusal(codes.INVALID_PARAMETER, "each channel needs DeviceId and ChannelId")
        pairs.append((device, channel))
    return tuple(dict.fromkeys(pairs))


def task_id_of(params: Mapping[str, Any]) -> str:
    task_id = params.get("TaskId")
    if not isinstance(task_id, str) or not task_id:
        raise SimRefusal(codes.MISSING_PARAMETER, "the parameter TaskId is missing")
    return task_id


def device_id_of(params: Mapping[str, Any]) -> str:
    device_id = params.get("DeviceId")
    if not isinstance(device_id, str) or not device_id:
        raise SimRefusal(codes.MISSING_PARAMETER, "the parameter DeviceId is missing")
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
        raise SimRefusal(codes.MISSING_PARAMETER, "the parameter OrganizationId is missing")
    keyword = params.get("Keyword")
    if keyword is not None and not isinstance(keyword, str):
        raise SimRefusal(codes.INVALID_PARAMETER, "the parameter Keyword must be a string")
    sub = params.get("IsContainSubLevel", False)
    if from_query:
        sub = str(sub).lower() == "true"
    elif not isinstance(sub, bool):
        raise SimRefusal(
            codes.INVALID_PARAMETER, "the parameter IsContainSubLevel must be a boolean"
        )
    page = _number(params, "PageNumber", 1, from_query)
    size = _number(params, "PageSize", 20, from_query)
    status = params.get("Status")
    status_value = None if status is None else _number(params, "Status", 0, from_query)
    if page < 1:
        raise SimRefusal(codes.INVALID_PAGE_NUMBER, "PageNumber must be >= 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise SimRefusal(codes.INVALID_PAGE_SIZE, f"PageSize must be 1 to {MAX_PAGE_SIZE}")
    return DeviceListRequest(org, keyword or None, sub, page, size, status_value)


def _number(params: Mapping[str, Any], name: str, default: int, from_query: bool) -> int:
    value = params.get(name)
    if value is None:
        return default
    if from_query and isinstance(value, str) and value.isdigit():
        return int(value)
    if not from_query and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise SimRefusal(codes.INVALID_PARAMETER, f"the parameter {name} must be an integer")
