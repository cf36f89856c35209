"""The camera picker's options (an external select's answer): ``"Device · Channel"`` as plain
text, cleaned and cut to Slack's 75 characters; the value names the channel (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.ivc.catalog import Camera
from bot.ivc.new_task import ChannelRef
from bot.views.mrkdwn import clean, truncate

MAX_OPTIONS = 100  # Slack's limit for an external select
MAX_TEXT = 75
MAX_VALUE = 150


def camera_value(ref: ChannelRef) -> str:
    """An option's value: ``["DeviceId","ChannelId"]`` (compact JSON)."""
    return json.dumps([ref.device_id, ref.channel_id], separators=(",", ":"))


def parse_camera_value(value: str) -> ChannelRef | None:
    """The channel an option value names, or None for anything else (a forged value)."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not all(isinstance(part, str) and part for part in data)
    ):
        return None
    return ChannelRef(data[0], data[1])


def camera_option(camera: Camera) -> dict[str, Any] | None:
    """One option, or None when the ids do not fit Slack's 150-character value."""
    value = camera_value(camera.ref)
    if len(value) > MAX_VALUE:
        return None
    text = truncate(clean(camera.label).strip() or camera.channel_id, MAX_TEXT)
    return {"text": {"type": "plain_text", "text": text, "emoji": False}, "value": value}


def render_camera_options(cameras: Iterable[Camera]) -> list[dict[str, Any]]:
    """At most 100 options, in the catalog's order."""
    options: list[dict[str, Any]] = []
    for camera in cameras:
        option = camera_option(camera)
        if option is not None:
            options.append(option)
        if len(options) >= MAX_OPTIONS:
            break
    return options
