"""Turn raw IVC JSON records into typed tasks; a bad record raises ``RecordError``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.ivc.models import Channel, ChannelStatus, Task, TaskDetails, parse_status


class RecordError(ValueError):
    """One record is unusable; the message names the field."""


# A task outlives the parsed JSON document it came from. Any value it kept from that document
# would sit in the allocator's arenas among the document's short-lived dicts and keep those
# arenas from being returned to the system: a 100,000-task list then costs about 80 MiB of RSS
# where its live objects take about 45. So a task keeps copies of the document's strings and
# numbers (values, not identities, are what callers see; ``+ 0`` and ``* 1.0`` give new objects
# without changing the value, -0.0 and NaN included).
def _own(text: str) -> str:
    """An equal string in memory of its own (``str(text)`` or a full slice would be ``text``)."""
    return (text + "\0")[:-1]


def _field(record: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    if name not in record:
        raise RecordError(f"{name} is missing")
    value = record[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise RecordError(f"{name} has type {type(value).__name__}")
    return value


def _optional(record: Mapping[str, Any], name: str, kind: type) -> Any:
    value = record.get(name)
    if value is None or isinstance(value, bool) or not isinstance(value, kind):
        return None
    return value


def _int(record: Mapping[str, Any], name: str) -> int:
    value: int | float = _field(record, name, (int, float))
    if isinstance(value, float):
        if not value.is_integer():
            raise RecordError(f"{name} is not a whole number")
        return int(value)
    return value + 0  # a new int (see _own); ints from -5 to 256 are shared anyway


def _time(record: Mapping[str, Any], name: str) -> datetime:
    seconds = _int(record, name)
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"{name} is out of range") from None


def parse_task(record: Any) -> Task:
    """Parse one task record of the list or details endpoint."""
    if not isinstance(record, Mapping):
        raise RecordError(f"record is a {type(record).__name__}, not an object")
    task_id = _field(record, "TaskId", str)
    if not task_id:
        raise RecordError("TaskId is empty")
    capacity = _field(record, "Capacity", (int, float))
    name = _optional(record, "TaskName", str)
    describe = _optional(record, "Describe", str)
    channel_count = _optional(record, "ChannelCount", int)
    return Task(
        task_id=_own(task_id),
        name=_own(name) if name else "",
        start=_time(record, "StartTime"),
        end=_time(record, "EndTime"),
        mode=_int(record, "Mode"),
        expiration_days=_int(record, "Expiration"),
        status=parse_status(_int(record, "Status")),
        capacity_mb=float(capacity) * 1.0,  # a new float even when the JSON held one
        describe=None if describe is None else _own(describe),
        channel_count=None if channel_count is None else channel_count + 0,
    )


def parse_channel(record: Any) -> Channel:
    """Parse one channel of the details endpoint."""
    if not isinstance(record, Mapping):
        raise RecordError(f"channel is a {type(record).__name__}, not an object")
    status = _int(record, "Status")
    try:
        channel_status: ChannelStatus | int = ChannelStatus(status)
    except ValueError:
        channel_status = status
    return Channel(
        device_id=str(record.get("DeviceId") or ""),
        device_name=str(record.get("DeviceName") or ""),
        channel_id=str(record.get("ChannelId") or ""),
        channel_name=str(record.get("ChannelName") or ""),
        status=channel_status,
    )


def parse_details(record: Any) -> tuple[TaskDetails, int]:
    """Parse a details record; returns the details and how many bad channels were skipped."""
    task = parse_task(record)
    raw_channels = record.get("Channels") or []
    if not isinstance(raw_channels, list):
        raise RecordError("Channels is not a list")
    channels: list[Channel] = []
    skipped = 0
    for raw in raw_channels:
        try:
            channels.append(parse_channel(raw))
        except RecordError:
            skipped += 1
    return TaskDetails(task=task, channels=tuple(channels)), skipped
