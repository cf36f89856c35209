"""What the create form says about each camera's recordings (pure): the sentences on the
cameras field, the list of cameras with a Play button for footage that is not archived, the
confirm button's label, the notes of the "Starting…" and result views, and the recording
link shown to the person who pressed Play.

Times are shown in the form's time zone (the user's). A camera's Play button value is
``["DeviceId","ChannelId",start,end]``: still to be checked against the catalog and IVC's
window rules when clicked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.features.playback.views import ACTION_PLAY_OPEN
from bot.ivc.new_task import ChannelRef
from bot.ivc.recording_check import CameraRecording, RecordingCase, RecordingsCheck
from bot.ivc.recordings import RecordSpan
from bot.views.blocks import section_block
from bot.views.formatting import date_token, time_window
from bot.views.i18n import counted, label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import clean, inert, safe, truncate

ACTION_RECORDING_PLAY = "recording_play"
RECORDING_PLAY_BUTTONS = re.compile(r"^recording_play(\.\d+)?$")
"""Each camera's Play button in the form (``recording_play.<n>``: ids are unique per view)."""
LIST_BLOCK = "recordings"
MAX_HINT = 2000  # Slack's limit for an input's hint
MAX_SPANS_SHOWN = 6
MAX_NAMES_SHOWN = 8
MAX_NAME = 60
MAX_SECTION = 3000
MAX_VALUE = 2000  # Slack's limit for a button's value
_EMOJI = {
    RecordingCase.ARCHIVED: ":white_check_mark:",
    RecordingCase.NOT_ARCHIVED: ":arrow_forward:",
    RecordingCase.NONE: ":heavy_minus_sign:",
}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def _clock(seconds: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(seconds, UTC).astimezone(zone).strftime("%H:%M")


def spans_text(spans: Sequence[RecordSpan], zone: str) -> str:
    """``09:00–09:40, 09:50–10:00`` in ``zone`` (the first six spans, then ``…``)."""
    where = _zone(zone)
    shown = [f"{_clock(s.begin, where)}–{_clock(s.end, where)}" for s in spans[:MAX_SPANS_SHOWN]]
    return ", ".join(shown) + (", …" if len(spans) > MAX_SPANS_SHOWN else "")


def name_of(ref: ChannelRef, names: Mapping[ChannelRef, str]) -> str:
    """The camera's name as inert plain text (cleaned, cut, no mention or link can form), or
    its ChannelId."""
    return inert(names.get(ref) or "", MAX_NAME) or inert(ref.channel_id, MAX_NAME)


def case_text(camera: CameraRecording, lang: str, zone: str) -> str:
    """One camera's case as a sentence without its name (plain text)."""
    lang = normalise_lang(lang)
    if camera.case is RecordingCase.ARCHIVED and not camera.whole_window:
        return label(lang, "recording.case.archived_part", spans=spans_text(camera.spans, zone))
    if camera.case is RecordingCase.NOT_ARCHIVED:
        return label(lang, "recording.case.not_archived", spans=spans_text(camera.spans, zone))
    return label(lang, f"recording.case.{camera.case.value}")


def _names(refs: Sequence[ChannelRef], names: Mapping[ChannelRef, str], lang: str) -> str:
    shown = ", ".join(name_of(ref, names) for ref in refs[:MAX_NAMES_SHOWN])
    if len(refs) <= MAX_NAMES_SHOWN:
        return shown
    return label(lang, "recording.more", names=shown, count=len(refs) - MAX_NAMES_SHOWN)


def _grouped(
    check: RecordingsCheck, names: Mapping[ChannelRef, str], lang: str, zone: str
) -> list[str]:
    """One sentence per case (cameras with the same sentence named together)."""
    groups: dict[str, list[ChannelRef]] = {}
    for camera in check.cameras:
        groups.setdefault(case_text(camera, lang, zone), []).append(camera.ref)
    return [f"{_names(refs, names, lang)}: {text}." for text, refs in groups.items()]


def cameras_hint(
    check: RecordingsCheck, names: Mapping[ChannelRef, str], lang: str, zone: str
) -> str:
    """The cameras field's text after a check that left some out: what Create does now (or
    that there is nothing to retrieve), then each case's sentence."""
    lang = normalise_lang(lang)
    kept = len(check.archived)
    if kept:
        head = label(lang, "recording.confirm", kept=kept, total=len(check.cameras))
    else:
        head = label(lang, "recording.nothing")
    return truncate(" ".join([head, *_grouped(check, names, lang, zone)]), MAX_HINT - 20)


def confirm_label(count: int, lang: str) -> str:
    """The confirm button: "Create with N cameras" (at most 24 characters)."""
    return truncate(counted(normalise_lang(lang), "recording.submit", count, count=count), 24)


def play_value(ref: ChannelRef, start: int, end: int) -> str:
    """A camera's Play value: ``["DeviceId","ChannelId",start,end]``."""
    return json.dumps([ref.device_id, ref.channel_id, start, end], separators=(",", ":"))


def read_play_value(value: str) -> tuple[ChannelRef, int, int] | None:
    """The camera and window a Play value names (still to be checked), or None."""
    try:
        data = json.loads(value[:MAX_VALUE])
    except ValueError:
        return None
    if not isinstance(data, list) or len(data) != 4:
        return None
    device, channel, start, end = data
    if not (isinstance(device, str) and device and isinstance(channel, str) and channel):
        return None
    if any(isinstance(t, bool) or not isinstance(t, int) or t < 0 for t in (start, end)):
        return None
    return ChannelRef(device, channel), start, end


def recording_blocks(
    check: RecordingsCheck,
    names: Mapping[ChannelRef, str],
    window: tuple[int, int],
    *,
    lang: str,
    zone: str,
) -> list[dict[str, Any]]:
    """A heading and one line per camera with its case; footage that is not archived gets a
    Play button for that camera over the window."""
    lang = normalise_lang(lang)
    heading = label(lang, "recording.heading", zone=safe(zone, 64))
    blocks: list[dict[str, Any]] = [section_block(heading, LIST_BLOCK)]
    for index, camera in enumerate(check.cameras):
        text = f"{_EMOJI[camera.case]} *{safe(name_of(camera.ref, names), MAX_NAME)}*: "
        text += safe(case_text(camera, lang, zone), MAX_SECTION - 200)
        block = section_block(text, f"{LIST_BLOCK}.{index}")
        value = play_value(camera.ref, *window)
        if camera.case is RecordingCase.NOT_ARCHIVED and len(value) <= MAX_VALUE:
            block["accessory"] = {
                "type": "button",
                "action_id": f"{ACTION_RECORDING_PLAY}.{index}",
                "text": _plain(label(lang, "recording.play")),
                "value": value,
            }
        blocks.append(block)
    return blocks


def partial_notes(
    check: RecordingsCheck, names: Mapping[ChannelRef, str], lang: str, zone: str
) -> str:
    """The "Starting…" and result views' note when every camera has archived recording but
    some only over part of the window (mrkdwn; empty when all cover the window)."""
    partial = [c for c in check.cameras if not c.whole_window]
    lines = [
        f"{safe(name_of(c.ref, names), MAX_NAME)}: {safe(case_text(c, lang, zone), 500)}"
        for c in partial
    ]
    return truncate("\n".join(lines), MAX_SECTION)


def checking_text(lang: str) -> str:
    return label(normalise_lang(lang), "recording.checking")


def skipped_text(lang: str) -> str:
    """Why the IVC API's form creates without checking recordings."""
    return label(normalise_lang(lang), "recording.skipped")


def refused_text(name: str, reason: str, lang: str) -> str:
    """IVC refused the check of one camera (plain text): nothing was created."""
    camera = truncate(clean(name).strip(), MAX_NAME)
    return label(normalise_lang(lang), "recording.refused", camera=camera, reason=reason)


def failed_text(name: str, reason: str, lang: str) -> str:
    """The check of one camera failed (plain text): nothing was created, submit again."""
    camera = truncate(clean(name).strip(), MAX_NAME)
    return label(normalise_lang(lang), "recording.failed", camera=camera, reason=inert(reason, 500))


# The Play of footage that is not archived -------------------------------------------------------
def recording_note_modal(
    text: str, lang: str, blocks: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A small modal (pushed over the form) showing ``text`` or ``blocks``."""
    lang = normalise_lang(lang)
    shown = blocks or [section_block(text, "note")]
    return {
        "type": "modal",
        "callback_id": ACTION_RECORDING_PLAY,
        "title": _plain(label(lang, "recording.title")),
        "close": _plain(label(lang, "form.close")),
        "blocks": shown,
    }


def render_recording_playback(
    name: str, start: int, end: int, url: str, fetched_at: datetime, lang: str = "en"
) -> Message:
    """The link for the person who pressed Play: the camera and window, "Open recording"
    (``url``), when the link was fetched and that only they see it."""
    lang = normalise_lang(lang)
    camera = safe(name, MAX_NAME)
    window = time_window(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
    text = label(lang, "recording.ready", camera=camera, window=window)
    open_button = {
        "type": "button",
        "action_id": ACTION_PLAY_OPEN,
        "style": "primary",
        "text": _plain(label(lang, "play.open")),
        "url": url,
    }
    note = label(lang, "play.fetched", when=date_token(fetched_at))
    blocks: list[dict[str, Any]] = [
        section_block(text, "play_ready"),
        {"type": "actions", "block_id": "play_open", "elements": [open_button]},
        {
            "type": "context",
            "block_id": "play_note",
            "elements": [{"type": "mrkdwn", "text": f"{note} {label(lang, 'play.only_you')}"}],
        },
    ]
    return build(label(lang, "play.fallback", camera=camera), blocks)


def render_recording_line(key: str, lang: str = "en", **values: object) -> Message:
    """One line (a refusal or a problem) in place of the link."""
    text = label(normalise_lang(lang), key, **values)
    return build(text, [section_block(text, "play_line")], MessageKind.REFUSED)
