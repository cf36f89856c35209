"""The simulated task list: deterministic generation and progression over time.

Generated tasks move pending (2) -> retrieving (1) -> retrieved (0), one stage per
``pace_seconds`` of the injected clock. Raw records handed in by tests are served as they
are and never progress.
"""

from __future__ import annotations

import copy
import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.simulator.names import device_name, task_name

PENDING, RETRIEVING, RETRIEVED = 2, 1, 0
NO_ARCHIVE = 3
STAGES = (PENDING, RETRIEVING, RETRIEVED)

DAY = 86_400
MAX_CAPACITY_MB = 500 * 1024
# Windows stay inside 00:00-16:00 UTC (08:00-24:00 Beijing): no midnight crossed in either.
_WINDOW_LIMIT = 16 * 3600 - 1
_EXPIRATIONS = (1, 3, 7, 7, 15, 30, 30, 60, 90, 180, 365)


def hex_id(rng: random.Random) -> str:
    """32 lowercase hex characters, like IVC's ids."""
    return f"{rng.getrandbits(128):032x}"


def stage_status(elapsed: float, pace: float) -> int:
    """Status of a task that entered the queue ``elapsed`` seconds ago."""
    stage = min(2, max(0, math.floor(elapsed / pace)))
    return STAGES[stage]


@dataclass(slots=True)
class ChannelSpec:
    """One channel of a generated task; its status follows the task's."""

    device_id: str
    device_name: str
    channel_id: str
    channel_name: str
    no_archive: bool
    done_at: float  # fraction of the retrieving stage after which this channel is done

    def record(self, task_status: int, stage_progress: float) -> dict[str, Any]:
        return {
            "DeviceId": self.device_id,
            "DeviceName": self.device_name,
            "ChannelId": self.channel_id,
            "ChannelName": self.channel_name,
            "Status": self.status(task_status, stage_progress),
        }

    def status(self, task_status: int, stage_progress: float) -> int:
        if self.no_archive:
            return NO_ARCHIVE
        if task_status == RETRIEVING:
            return RETRIEVED if stage_progress >= self.done_at else RETRIEVING
        return task_status if task_status in STAGES else RETRIEVED


def make_channels(rng: random.Random, count: int) -> list[ChannelSpec]:
    """``count`` channels on one or two devices, about one in six without archive."""
    devices = [(hex_id(rng), device_name(rng, i + 1)) for i in range(1 + (count > 2))]
    channels = []
    for i in range(count):
        dev_id, dev_name = devices[i % len(devices)]
        channels.append(
            ChannelSpec(
                device_id=dev_id,
                device_name=dev_name,
                channel_id=f"{i + 1}",
                channel_name=f"{dev_name}-CH{i + 1:02d}",
                no_archive=rng.random() < 1 / 6,
                done_at=rng.uniform(0.1, 0.95),
            )
        )
    return channels


@dataclass(slots=True)
class SimTask:
    """A generated task (progresses) or a raw record (``created_at`` None: served as is)."""

    record: Any
    created_at: float | None = None
    pace: float = 120.0
    channels: list[ChannelSpec] = field(default_factory=list)
    describe_text: str | None = None  # a created task's own Describe (API 3.0)

    @property
    def task_id(self) -> Any:
        return self.record.get("TaskId") if isinstance(self.record, dict) else None

    def name_is(self, name: str) -> bool:
        return isinstance(self.record, dict) and self.record.get("TaskName") == name

    def status(self, now: float) -> Any:
        if self.created_at is None:
            return self.record.get("Status") if isinstance(self.record, dict) else None
        return stage_status(now - self.created_at, self.pace)

    def list_record(self, now: float) -> Any:
        """The record as the list endpoint serves it at ``now``."""
        if self.created_at is None:
            return self.record
        return {**self.record, "Status": self.status(now)}

    def details_record(self, now: float) -> dict[str, Any]:
        """The record plus ``Channels``, as the details endpoint serves it."""
        base: dict[str, Any] = self.list_record(now)
        if self.created_at is None and "Channels" in base:
            return base
        status = self.status(now)
        progress = 0.0
        if self.created_at is not None:
            progress = (now - self.created_at) / self.pace - 1
        channels = self.channels or make_channels(_seeded(str(self.task_id)), 2)
        return {**base, "Channels": [c.record(status, progress) for c in channels]}

    def cloudapi_record(self, now: float) -> Any:
        """The record as API 3.0 lists it: plus ``Describe`` and ``ChannelCount``.

        Generated tasks also get an integer ``Capacity``; raw records only gain the
        fields they lack.
        """
        record = self.list_record(now)
        if not isinstance(record, dict):
            return record
        note = describe(str(self.task_id)) if self.describe_text is None else self.describe_text
        extra = {"Describe": note, "ChannelCount": self.channel_count()}
        if self.created_at is None:
            return {**extra, **record}
        return {**record, **extra, "Capacity": round(record["Capacity"])}

    def channel_count(self) -> int:
        raw = self.record.get("Channels") if isinstance(self.record, dict) else None
        return len(raw) if isinstance(raw, list) else len(self.channels) or 2

    def restart_at(self, status: int, now: float) -> None:
        """Put a generated task at the start of the stage for ``status``."""
        self.created_at = now - STAGES.index(status) * self.pace


_DESCRIBES = ("", "客诉复核", "取证", "monthly audit", "incident review", "盘点", "")


def describe(task_id: str) -> str:
    """A task's ``Describe`` (API 3.0): a short note or empty, fixed per TaskId."""
    return _seeded(f"describe/{task_id}").choice(_DESCRIBES)


def _seeded(text: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))


def capacity(rng: random.Random, as_int: bool) -> int | float:
    """A size in MB, log-uniform from 1 MB to 500 GB; an int or a float with decimals."""
    value = math.exp(rng.uniform(0, math.log(MAX_CAPACITY_MB)))
    if as_int:
        return max(1, min(MAX_CAPACITY_MB, round(value)))
    return max(1.0, min(float(MAX_CAPACITY_MB), round(value, 2)))


def window(rng: random.Random, now: float) -> tuple[int, int]:
    """A recording window 1 to 120 days before ``now``, at most 8 h, inside one day."""
    day_start = (int(now) // DAY - rng.randint(1, 120)) * DAY
    length = rng.randint(300, 8 * 3600)
    start = day_start + rng.randint(0, _WINDOW_LIMIT - length)
    return start, start + length


def generate_record(rng: random.Random, now: float, index: int) -> dict[str, Any]:
    """The static fields of one task (``Status`` is added when served)."""
    start, end = window(rng, now)
    month, day = _month_day(start)
    return {
        "TaskId": hex_id(rng),
        "TaskName": task_name(rng, month, day),
        "StartTime": start,
        "EndTime": end,
        "Mode": 1,
        "Expiration": rng.choice(_EXPIRATIONS) if rng.random() < 0.8 else rng.randint(1, 365),
        "Capacity": capacity(rng, as_int=index % 2 == 0),
    }


def _month_day(unix: int) -> tuple[int, int]:
    date = datetime.fromtimestamp(unix, UTC)
    return date.month, date.day


def _age(rng: random.Random, stage: int, pace: float) -> float:
    """Seconds since creation that land a task inside ``stage`` (0 pending .. 2 retrieved)."""
    extra = rng.uniform(0.05, 0.95) if stage < 2 else rng.uniform(0.05, 30.0)
    return (stage + extra) * pace


def generate_tasks(
    count: int, *, seed: int, pace: float, now: float, channels: bool = True
) -> list[SimTask]:
    """``count`` tasks, newest first, covering every status whenever ``count >= 3``.

    ``channels=False`` keeps no channels (a third of the memory): details then show two
    channels made from the TaskId when asked (the simulator's tenant accounts)."""
    rng = random.Random(seed)
    tasks = []
    for i in range(count):
        stage = i if i < 3 else rng.choices((0, 1, 2), weights=(2, 2, 5))[0]
        record = generate_record(rng, now, i)
        created = now - _age(rng, stage, pace)
        specs = make_channels(rng, rng.randint(1, 6)) if channels else []
        tasks.append(SimTask(record, created, pace, specs))
    tasks.sort(key=lambda t: t.created_at or 0.0, reverse=True)
    return tasks


def raw_tasks(records: Iterable[Any]) -> list[SimTask]:
    """Wrap records from a test; they are deep-copied and never progress."""
    return [SimTask(copy.deepcopy(r)) for r in records]


def created_task(
    record: dict[str, Any], channels: list[tuple[str, str, str, str]], now: float, pace: float
) -> SimTask:
    """A task created through the API: pending now, then retrieving, then retrieved.

    ``channels`` are ``(DeviceId, DeviceName, ChannelId, ChannelName)``.
    """
    rng = _seeded(f"created/{record['TaskId']}")
    specs = [
        ChannelSpec(dev_id, dev_name, ch_id, ch_name, rng.random() < 1 / 6, rng.uniform(0.1, 0.95))
        for dev_id, dev_name, ch_id, ch_name in channels
    ]
    return SimTask(record, now, pace, specs)
