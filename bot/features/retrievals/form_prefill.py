"""Retrieve again (pure): the create form's values from a task's details: its cameras as the
picker's "Device · Channel" options, its window in the user's zone, its days to keep, and a
fresh valid name that no listed task has."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.features.retrievals.camera_options import camera_option
from bot.features.retrievals.new_task_form import MAX_CAMERAS, FormValues
from bot.ivc.catalog import Camera
from bot.ivc.models import Channel, TaskDetails
from bot.ivc.task_rules import suggest_name

NAME_HINT = "retrieval"
MAX_TRIES = 99
_SUFFIX = re.compile(r"(-\d{1,2})?_\d{4}$")  # "-2_0312": what fresh_name appended
_STEM_MAX = 20


def fresh_name(old: str, day: date, taken: Collection[str]) -> str:
    """A valid name from ``old`` (its ``_MMDD`` stamp dropped) for ``day``, not in ``taken``:
    ``gate_0312`` becomes ``gate-2_0312`` when ``gate_0312`` is listed."""
    stem = _SUFFIX.sub("", old).strip() or NAME_HINT
    name = suggest_name(stem, day)
    for n in range(2, MAX_TRIES + 1):
        if name not in taken:
            break
        name = suggest_name(f"{stem[:_STEM_MAX]}-{n}", day)
    return name


def channel_options(channels: tuple[Channel, ...]) -> tuple[dict[str, Any], ...]:
    """The task's channels as the picker's options (values the submission parser reads)."""
    options: list[dict[str, Any]] = []
    for channel in channels[:MAX_CAMERAS]:
        camera = Camera(
            channel.device_id, channel.device_name, channel.channel_id, channel.channel_name
        )
        option = camera_option(camera)
        if option is not None:
            options.append(option)
    return tuple(options)


def _minute(moment: time) -> time:
    return time(moment.hour, moment.minute)


def _kept_days(days: int) -> int:
    """A task's days to keep, within the form's 1–365."""
    return min(max(days, 1), 365)


def gone_values(
    start: FormValues, name: str, expiration_days: int, *, taken: Collection[str] = ()
) -> FormValues:
    """``start`` (a new form's values) with a fresh name from a task IVC no longer lists and
    its days to keep: its cameras and window are not known any more."""
    return replace(
        start,
        name=fresh_name(name, start.day, taken),
        expiration_days=_kept_days(expiration_days),
    )


def again_values(
    details: TaskDetails, zone: str, *, taken: Collection[str] = (), describe: str = ""
) -> FormValues:
    """The form prefilled with ``details``' cameras, window (in ``zone``) and expiration."""
    task = details.task
    tz = ZoneInfo(zone)
    start, end = task.start.astimezone(tz), task.end.astimezone(tz)
    return FormValues(
        name=fresh_name(task.name, start.date(), taken),
        day=start.date(),
        start=_minute(start.time()),
        end=_minute(end.time()),
        zone=zone,
        expiration_days=_kept_days(task.expiration_days),
        cameras=channel_options(details.channels),
        describe=describe or (task.describe or ""),
    )
