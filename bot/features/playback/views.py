"""Playing a task's footage (pure): Play buttons, the camera chooser, the link message and the
one-line refusals.

A Play button's value is ``<TaskId>`` (the task: one camera plays at once, several get the
chooser) or ``<TaskId>|<ChannelId>`` (one camera). Buttons of one message need distinct
action ids, so a camera's button is ``task_play.<n>``; beyond 25 cameras (one actions block)
a ``task_play_pick`` select lists them. The link message's "Open recording" is a url button
(``task_play_open``): Slack sends a click on it back too, which is acked and never logged.
The link is only ever rendered into that message, which goes to the person who asked alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.ivc.models import Channel, Task, TaskDetails
from bot.ivc.refusals import Refusal
from bot.tasks.playable import MAX_TASK_ID, playable_channels
from bot.views.blocks import section_block
from bot.views.formatting import date_token, time_window
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import code, safe, truncate

ACTION_PLAY = "task_play"
ACTION_PLAY_PICK = "task_play_pick"
ACTION_PLAY_OPEN = "task_play_open"
PLAY_BUTTONS = re.compile(r"^task_play(\.\d+)?$")
"""The task's Play button and each camera's (``task_play.<n>``)."""
MAX_BUTTONS = 25  # elements of one actions block
MAX_OPTIONS = 100  # options of one static select
SEPARATOR = "|"
CAMERA_TEXT_MAX = 60
BUTTON_TEXT_MAX = 75


def play_value(task_id: str, channel_id: str | None = None) -> str:
    """A Play button's value: the TaskId, and the ChannelId after ``|`` for one camera."""
    task_id = task_id[:MAX_TASK_ID]
    return task_id if channel_id is None else f"{task_id}{SEPARATOR}{channel_id}"


def read_play_value(value: str) -> tuple[str, str | None]:
    """(TaskId, ChannelId or None) of a Play value; both still to be checked against IVC."""
    task_id, separator, channel_id = value.partition(SEPARATOR)
    return task_id.strip()[:MAX_TASK_ID], (channel_id.strip() if separator else None)


def _camera(channel: Channel) -> str:
    """The camera as plain text: "device / channel" (or its ChannelId)."""
    parts = [p.strip() for p in (channel.device_name, channel.channel_name) if p.strip()]
    return " / ".join(parts) or channel.channel_id


def _plain(
    text: str, lang: str, key: str = "play.channel_button", limit: int = 75
) -> dict[str, Any]:
    shown = truncate(
        label(lang, key, name=truncate(" ".join(text.split()), CAMERA_TEXT_MAX)), limit
    )
    return {"type": "plain_text", "text": shown, "emoji": False}


def _option_text(camera: str) -> dict[str, Any]:
    text = truncate(" ".join(camera.split()), BUTTON_TEXT_MAX) or "—"
    return {"type": "plain_text", "text": text, "emoji": False}


def play_button(task_id: str, lang: str = "en", action_id: str = ACTION_PLAY) -> dict[str, Any]:
    """The task's Play button (e.g. in a watcher's "ready" message)."""
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label(normalise_lang(lang), "play.button")},
        "value": play_value(task_id),
    }


def _channel_button(task_id: str, channel: Channel, index: int, lang: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": f"{ACTION_PLAY}.{index}",
        "text": _plain(_camera(channel), lang),
        "value": play_value(task_id, channel.channel_id),
    }


def _channel_select(task_id: str, channels: tuple[Channel, ...], lang: str) -> dict[str, Any]:
    options = [
        {
            "text": _option_text(_camera(c)),
            "value": play_value(task_id, c.channel_id),
        }
        for c in channels[:MAX_OPTIONS]
    ]
    return {
        "type": "static_select",
        "action_id": ACTION_PLAY_PICK,
        "placeholder": {"type": "plain_text", "text": label(lang, "play.pick")},
        "options": options,
    }


def play_controls(
    details: TaskDetails, lang: str = "en", block_id: str = "task_play"
) -> list[dict[str, Any]]:
    """A heading and one Play button per camera with a recording (a select beyond 25);
    nothing when no camera has one. Only for a task that ``play_state`` says is PLAYABLE."""
    lang = normalise_lang(lang)
    channels = playable_channels(details)
    if not channels:
        return []
    task_id = details.task.task_id
    if len(channels) <= MAX_BUTTONS:
        elements = [_channel_button(task_id, c, i, lang) for i, c in enumerate(channels)]
    else:
        elements = [_channel_select(task_id, channels, lang)]
    heading = section_block(label(lang, "play.heading"), f"{block_id}_heading")
    return [heading, {"type": "actions", "block_id": block_id, "elements": elements}]


def render_play_choice(details: TaskDetails, lang: str = "en") -> Message:
    """ "Pick a camera" with the task's Play controls (the task's Play, several cameras)."""
    lang = normalise_lang(lang)
    count = len(playable_channels(details))
    text = label(lang, "play.choose", name=code(details.task.name, 64), count=count)
    return build(text, [section_block(text, "play_choose"), *play_controls(details, lang)])


def render_playback(
    task: Task, channel: Channel, url: str, fetched_at: datetime, lang: str = "en"
) -> Message:
    """The link for the person who asked: what plays, "Open recording" (``url``), when the
    link was fetched and to click Play again when it stops working."""
    lang = normalise_lang(lang)
    camera = safe(_camera(channel), CAMERA_TEXT_MAX)
    window = time_window(task.start, task.end)
    text = label(lang, "play.ready", camera=camera, name=code(task.name, 64), window=window)
    open_button = {
        "type": "button",
        "action_id": ACTION_PLAY_OPEN,
        "style": "primary",
        "text": {"type": "plain_text", "text": label(lang, "play.open")},
        "url": url,
    }
    again = {
        "type": "button",
        "action_id": ACTION_PLAY,
        "text": {"type": "plain_text", "text": label(lang, "play.again")},
        "value": play_value(task.task_id, channel.channel_id),
    }
    note = label(lang, "play.fetched", when=date_token(fetched_at))
    blocks: list[dict[str, Any]] = [
        section_block(text, "play_ready"),
        {"type": "actions", "block_id": "play_open", "elements": [open_button, again]},
        {
            "type": "context",
            "block_id": "play_note",
            "elements": [{"type": "mrkdwn", "text": f"{note} {label(lang, 'play.only_you')}"}],
        },
    ]
    return build(label(lang, "play.fallback", camera=camera), blocks)


def _line(key: str, block_id: str, lang: str, **values: object) -> Message:
    text = label(normalise_lang(lang), key, **values)
    return build(text, [section_block(text, block_id)], MessageKind.REFUSED)


def render_not_retrieved(task_id: str, lang: str = "en") -> Message:
    """Play on a task that is not retrieved (pending, retrieving, or an unknown status)."""
    return _line("play.not_retrieved", "play_not_retrieved", lang, task_id=code(task_id, 64))


def render_copy_expired(task_id: str, lang: str = "en") -> Message:
    """Play on a task whose copy has expired (estimated)."""
    return _line("play.expired", "play_expired", lang, task_id=code(task_id, 64))


def render_no_channel(task_id: str, channel_id: str, lang: str = "en") -> Message:
    """Play of a ChannelId the task does not have (or that has no retrieved recording)."""
    ids = {"task_id": code(task_id, 64), "channel_id": code(channel_id, 80)}
    return _line("play.no_channel", "play_no_channel", lang, **ids)


def render_nothing_to_play(task_id: str, lang: str = "en") -> Message:
    """No camera of the task has a retrieved recording."""
    return _line("play.nothing", "play_nothing", lang, task_id=code(task_id, 64))


def render_play_refused(task_id: str, reason: Refusal, lang: str = "en") -> Message:
    """IVC refused to give an address, with what to do about it."""
    lang = normalise_lang(lang)
    why = label(lang, f"refusal.{reason.value}", zone="")
    return _line("play.refused", "play_refused", lang, task_id=code(task_id, 64), reason=why)
