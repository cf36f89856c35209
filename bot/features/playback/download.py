"""Downloading a clip of a task's footage (pure): the Download… button, the modal (a camera, up
to 60 minutes, a format), the link message and the one-line answers. Nothing in a payload is
trusted (``bot.features.playback.downloading`` checks it against IVC); the link goes to the
person who asked alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.ivc.downloads import FILE_TYPES, FileType
from bot.ivc.models import Channel, Task
from bot.ivc.refusals import Refusal
from bot.tasks.clips import ClipProblem
from bot.tasks.playable import MAX_TASK_ID
from bot.views.blocks import section_block, text_object
from bot.views.formatting import date_token, time_window
from bot.views.i18n import counted, label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import code, inert, safe, truncate

ACTION_DOWNLOAD = "task_download"
"""The Download… button of ``show`` and of a watcher's "ready" message (value: TaskId)."""
ACTION_DOWNLOAD_OPEN = "task_download_open"
DOWNLOAD_VIEW = "task_download_form"
"""The ``callback_id`` of the modal."""
MAX_METADATA = 3000  # Slack's limit on private_metadata
MAX_OPTIONS = 100  # options of one static select
OPTION_TEXT_MAX = 75
CAMERA_TEXT_MAX = 60
_FIELD_MAX = 500

CAMERA_BLOCK, START_BLOCK, END_BLOCK, FORMAT_BLOCK = (
    "download_camera",
    "download_start",
    "download_end",
    "download_format",
)
CAMERA_ACTION, START_ACTION, END_ACTION, FORMAT_ACTION = "camera", "start", "end", "format"


@dataclass(frozen=True, slots=True)
class DownloadPlace:
    """The task the modal is about and the ``response_url`` of the message the click (or the
    command) came from, where the link goes to the clicker alone."""

    task_id: str = ""
    response_url: str = ""

    def encode(self) -> str:
        text = json.dumps({"t": self.task_id, "u": self.response_url}, separators=(",", ":"))
        return text if len(text) <= MAX_METADATA else json.dumps({"t": self.task_id})

    @classmethod
    def decode(cls, text: str) -> DownloadPlace:
        """The place in ``text``; anything unreadable is an empty place (no TaskId)."""
        try:
            data = json.loads(text[:MAX_METADATA] or "{}")
        except (ValueError, RecursionError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(task_id=_text(data.get("t"))[:MAX_TASK_ID], response_url=_text(data.get("u")))


def _text(value: object) -> str:
    return value[:_FIELD_MAX] if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class DownloadChoice:
    """What a submitted modal asks for: a ChannelId, a window (Unix seconds) and a format."""

    channel_id: str
    start: int
    end: int
    file_type: FileType


def camera_name(channel: Channel) -> str:
    """The camera as plain text: "device / channel" (or its ChannelId)."""
    parts = [p.strip() for p in (channel.device_name, channel.channel_name) if p.strip()]
    return " / ".join(parts) or channel.channel_id


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def link_life(seconds: int, lang: str = "en") -> str:
    """How long a link works, in words: "10 minutes", "1 hour", "90 seconds"."""
    if seconds % 3600 == 0:
        return counted(lang, "download.life_hours", seconds // 3600, n=seconds // 3600)
    if seconds % 60 == 0 and seconds >= 60:
        return counted(lang, "download.life_minutes", seconds // 60, n=seconds // 60)
    return counted(lang, "download.life_seconds", seconds, n=seconds)


# The button ---------------------------------------------------------------------------------
def download_button(task_id: str, lang: str = "en") -> dict[str, Any]:
    """The task's Download… button (it opens the modal; the TaskId is checked then)."""
    return {
        "type": "button",
        "action_id": ACTION_DOWNLOAD,
        "text": text_object(label(normalise_lang(lang), "download.button"), "plain_text"),
        "value": task_id[:MAX_TASK_ID],
    }


def download_controls(task_id: str, lang: str = "en") -> list[dict[str, Any]]:
    """``show``'s Download… button, in an actions block of its own."""
    return [
        {
            "type": "actions",
            "block_id": "task_download",
            "elements": [download_button(task_id, lang)],
        }
    ]


# The modal ----------------------------------------------------------------------------------
def _plain(text: str) -> dict[str, Any]:
    return text_object(text, "plain_text")


def _option(text: str, value: str) -> dict[str, Any]:
    shown = truncate(" ".join(inert(text, OPTION_TEXT_MAX).split()), OPTION_TEXT_MAX) or "—"
    return {"text": {"type": "plain_text", "text": shown, "emoji": False}, "value": value}


def _input(block_id: str, title: str, element: dict[str, Any], hint: str = "") -> dict[str, Any]:
    block = {"type": "input", "block_id": block_id, "label": _plain(title), "element": element}
    if hint:
        block["hint"] = _plain(hint)
    return block


def render_download_modal(
    task: Task,
    channels: tuple[Channel, ...],
    place: DownloadPlace,
    *,
    start: int,
    end: int,
    channel_id: str | None = None,
    file_type: FileType = "mp4",
    link_seconds: int = 600,
    lang: str = "en",
) -> dict[str, Any]:
    """The modal: which task, then the camera (``channel_id``, else the first), the start
    and end (``start``/``end``: Unix seconds, shown in the reader's zone) and the format."""
    lang = normalise_lang(lang)
    options = [_option(camera_name(c), c.channel_id) for c in channels[:MAX_OPTIONS]]
    chosen = next((o for o in options if o["value"] == channel_id), options[0])
    about = label(
        lang,
        "download.about",
        name=code(task.name, 64),
        task_id=code(task.task_id, 64),
        window=time_window(task.start, task.end),
        life=link_life(link_seconds, lang),
    )
    formats = [_option(label(lang, f"download.format_{kind}"), kind) for kind in FILE_TYPES]
    picked_format = next(o for o in formats if o["value"] == file_type)
    blocks = [
        section_block(about, "download_about"),
        _input(
            CAMERA_BLOCK,
            label(lang, "download.camera"),
            {
                "type": "static_select",
                "action_id": CAMERA_ACTION,
                "options": options,
                "initial_option": chosen,
            },
        ),
        _input(
            START_BLOCK,
            label(lang, "download.start"),
            {"type": "datetimepicker", "action_id": START_ACTION, "initial_date_time": start},
        ),
        _input(
            END_BLOCK,
            label(lang, "download.end"),
            {"type": "datetimepicker", "action_id": END_ACTION, "initial_date_time": end},
            label(lang, "download.times_hint"),
        ),
        _input(
            FORMAT_BLOCK,
            label(lang, "download.format"),
            {
                "type": "radio_buttons",
                "action_id": FORMAT_ACTION,
                "options": formats,
                "initial_option": picked_format,
            },
        ),
    ]
    return {
        "type": "modal",
        "callback_id": DOWNLOAD_VIEW,
        "title": _plain(label(lang, "download.title")),
        "submit": _plain(label(lang, "download.submit")),
        "close": _plain(label(lang, "download.close")),
        "private_metadata": place.encode(),
        "blocks": blocks,
    }


def render_download_note(text: str, lang: str = "en") -> dict[str, Any]:
    """The modal of one line: "Getting the link…", where the link went, or why not."""
    lang = normalise_lang(lang)
    return {
        "type": "modal",
        "callback_id": DOWNLOAD_VIEW + "_result",
        "title": _plain(label(lang, "download.title")),
        "close": _plain(label(lang, "form.close")),
        "blocks": [section_block(text, "note")],
    }


def _selected(values: Mapping[str, Any], block: str, action: str) -> Mapping[str, Any]:
    entry = (values.get(block) or {}).get(action) if isinstance(values.get(block), dict) else None
    return entry if isinstance(entry, Mapping) else {}


def _option_value(values: Mapping[str, Any], block: str, action: str) -> str:
    option = _selected(values, block, action).get("selected_option")
    value = option.get("value") if isinstance(option, Mapping) else None
    return value[:_FIELD_MAX] if isinstance(value, str) else ""


def _moment_value(values: Mapping[str, Any], block: str, action: str) -> int | None:
    value = _selected(values, block, action).get("selected_date_time")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9_999_999_999:
        return None
    return value


FIELD_PROBLEMS: dict[ClipProblem, tuple[str, str]] = {
    ClipProblem.EMPTY: (END_BLOCK, "download.field_empty"),
    ClipProblem.TOO_LONG: (END_BLOCK, "download.field_too_long"),
    ClipProblem.OUTSIDE: (START_BLOCK, "download.field_outside"),
}
"""Where a clip's problem shows in the modal, and its line."""


def read_download_form(
    values: Mapping[str, Any], lang: str = "en"
) -> tuple[DownloadChoice | None, dict[str, str]]:
    """The choice a submission's ``state.values`` hold, or the line of each field to fix
    (``response_action: errors``). The ChannelId and the window are still to be checked
    against IVC."""
    lang = normalise_lang(lang)
    errors: dict[str, str] = {}
    channel_id = _option_value(values, CAMERA_BLOCK, CAMERA_ACTION)
    file_type = _option_value(values, FORMAT_BLOCK, FORMAT_ACTION)
    start = _moment_value(values, START_BLOCK, START_ACTION)
    end = _moment_value(values, END_BLOCK, END_ACTION)
    missing = label(lang, "download.field_missing")
    for block, given in ((CAMERA_BLOCK, channel_id), (START_BLOCK, start), (END_BLOCK, end)):
        if given is None or given == "":
            errors[block] = missing
    if file_type not in FILE_TYPES:
        errors[FORMAT_BLOCK] = missing
    if errors or start is None or end is None:
        return None, errors
    kind: FileType = "ts" if file_type == "ts" else "mp4"
    return DownloadChoice(channel_id, start, end, kind), {}


def field_error(problem: ClipProblem, lang: str = "en") -> dict[str, str]:
    """The modal's error for a clip's problem, on its field."""
    block, key = FIELD_PROBLEMS[problem]
    return {block: label(normalise_lang(lang), key)}


# The link -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClipShown:
    """What the link message says about the file: its camera, window, format and link."""

    task: Task
    channel: Channel
    start: int
    end: int
    file_type: FileType
    actual: tuple[int, int] | None = None


def render_download_link(
    clip: ClipShown, url: str, fetched_at: datetime, link_seconds: int, lang: str = "en"
) -> Message:
    """The link for the person who asked: which clip, "Download file" (``url``), when the
    link was fetched, how long it works and the span the file holds."""
    lang = normalise_lang(lang)
    camera = safe(camera_name(clip.channel), CAMERA_TEXT_MAX)
    text = label(
        lang,
        "download.ready",
        camera=camera,
        name=code(clip.task.name, 64),
        window=time_window(_moment(clip.start), _moment(clip.end)),
        format=clip.file_type,
    )
    open_button = {
        "type": "button",
        "action_id": ACTION_DOWNLOAD_OPEN,
        "style": "primary",
        "text": _plain(label(lang, "download.open")),
        "url": url,
    }
    again = {
        **download_button(clip.task.task_id, lang),
        "text": _plain(label(lang, "download.again")),
    }
    notes = [
        label(
            lang,
            "download.fetched",
            when=date_token(fetched_at),
            life=link_life(link_seconds, lang),
        )
    ]
    if clip.actual is not None and clip.actual != (clip.start, clip.end):
        held = time_window(_moment(clip.actual[0]), _moment(clip.actual[1]))
        notes.append(label(lang, "download.actual", window=held))
    notes.append(label(lang, "download.only_you"))
    blocks: list[dict[str, Any]] = [
        section_block(text, "download_ready"),
        {"type": "actions", "block_id": "download_open", "elements": [open_button, again]},
        {
            "type": "context",
            "block_id": "download_note",
            "elements": [text_object(" ".join(notes))],
        },
    ]
    return build(label(lang, "download.fallback", camera=camera), blocks)


# One line -----------------------------------------------------------------------------------
def _line(key: str, block_id: str, lang: str, **values: object) -> Message:
    text = label(normalise_lang(lang), key, **values)
    return build(text, [section_block(text, block_id)], MessageKind.REFUSED)


def render_needs_cloudapi(lang: str = "en") -> Message:
    """Download on the ``/ivc/`` API, which has no download: it needs ``IVC_API=cloudapi``."""
    return _line("download.needs_cloudapi", "download_needs_cloudapi", lang)


def render_download_not_retrieved(task_id: str, lang: str = "en") -> Message:
    """Download of a task that is not retrieved (pending, retrieving, an unknown status)."""
    return _line(
        "download.not_retrieved", "download_not_retrieved", lang, task_id=code(task_id, 64)
    )


def render_download_expired(task_id: str, lang: str = "en") -> Message:
    """Download of a task whose copy has expired (estimated)."""
    return _line("download.expired", "download_expired", lang, task_id=code(task_id, 64))


def render_download_no_channel(task_id: str, channel_id: str, lang: str = "en") -> Message:
    """Download of a ChannelId the task does not have (or that has no retrieved recording)."""
    ids = {"task_id": code(task_id, 64), "channel_id": code(channel_id, 80)}
    return _line("download.no_channel", "download_no_channel", lang, **ids)


def render_nothing_to_download(task_id: str, lang: str = "en") -> Message:
    """No camera of the task has a retrieved recording."""
    return _line("download.nothing", "download_nothing", lang, task_id=code(task_id, 64))


def render_clip_problem(task: Task, problem: ClipProblem, lang: str = "en") -> Message:
    """A clip of more than 60 minutes, outside the task's window, or ending before it starts."""
    window = time_window(task.start, task.end)
    values = {"task_id": code(task.task_id, 64), "window": window}
    return _line(f"download.{problem.value}", f"download_{problem.value}", lang, **values)


def refusal_reason(reason: Refusal, lang: str = "en") -> str:
    """What to do about IVC's refusal of a download (a window too long is 60 minutes here)."""
    lang = normalise_lang(lang)
    if reason is Refusal.WINDOW_TOO_LONG:
        return label(lang, "download.field_too_long")
    return label(lang, f"refusal.{reason.value}", zone="")


def render_download_refused(task_id: str, reason: Refusal, lang: str = "en") -> Message:
    """IVC refused to give a link, with what to do about it."""
    why = refusal_reason(reason, lang)
    return _line(
        "download.refused", "download_refused", lang, task_id=code(task_id, 64), reason=why
    )


def render_pick_in_dialog(task_id: str, lang: str = "en") -> Message:
    """The command named no camera of several: the modal opened to pick one."""
    return _line("download.pick_in_dialog", "download_pick", lang, task_id=code(task_id, 64))


def render_dialog_failed(task_id: str, lang: str = "en") -> Message:
    """The modal did not open (Slack refused the trigger): a Download… button to try again."""
    lang = normalise_lang(lang)
    text = label(lang, "download.dialog_failed")
    blocks = [
        section_block(text, "download_dialog_failed"),
        *download_controls(task_id, lang),
    ]
    return build(text, blocks, MessageKind.REFUSED)
