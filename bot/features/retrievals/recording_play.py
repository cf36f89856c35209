"""Play footage that is not archived, from the create form's list of cameras (a manager's,
like the camera search: ``Require(Right.TASK_MANAGER)`` runs first).

The button names a camera and the form's window; neither is trusted: the camera must be in
the camera catalog and the window must keep IVC's rules (at most one day, not crossing
midnight in IVC's zone, not in the future). A modal pushed over the form says "Fetching…" at
once (the click's trigger lives 3 seconds), then shows a fresh address from IVC
(``DescribeRecordPlaybackUrl``, never cached or logged) to the person who clicked alone, or
one line. The log line names the channel, IVC's RequestId and the host only.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.features.retrievals.recording_check import (
    MAX_NAME,
    read_play_value,
    recording_note_modal,
    render_recording_line,
    render_recording_playback,
)
from bot.features.retrievals.task_created import refusal_text
from bot.ivc.errors import IvcRefusedError
from bot.ivc.playback import PlaybackWindow
from bot.ivc.task_rules import check_window
from bot.slack.asked import Asked
from bot.slack.errors import message_or_error
from bot.slack.modals import update_view
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message
from bot.views.mrkdwn import safe

log = logging.getLogger(__name__)


async def play_recording(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    asked: Asked,
) -> None:
    """A camera's Play in the form: acked, then the link (or why not) in a pushed modal."""
    await ack()
    trigger = str(body.get("trigger_id") or "")
    work = _play_in_modal(client, trigger, str(action.get("value") or ""), asked)
    asked.background.spawn(work, name="recording_play")


async def _play_in_modal(client: AsyncWebClient, trigger: str, value: str, asked: Asked) -> None:
    lang = normalise_lang(asked.lang)
    fetching = recording_note_modal(label(lang, "recording.fetching"), lang)
    try:
        reply = await client.views_push(trigger_id=trigger, view=fetching)
    except SLACK_CALL_FAILURES as error:
        log.warning("views.push failed (%s); no recording link shown", type(error).__name__)
        return
    view_id = str((reply.get("view") or {}).get("id") or "")
    if not view_id:
        return
    work = recording_play_message(value, asked)
    message = await message_or_error(work, lang=lang, what="play a recording")
    await update_view(client, view_id, recording_note_modal(message.text, lang, message.blocks))


async def recording_play_message(value: str, asked: Asked) -> Message:
    """The link for the asker, after checking the camera against the catalog and the window
    against IVC's rules; one line otherwise (or IVC's refusal)."""
    lang = normalise_lang(asked.lang)
    invalid = render_recording_line("recording.play_invalid", lang)
    read = read_play_value(value)
    ivc = asked.ivc
    if read is None or ivc.catalog is None:
        return invalid
    ref, start, end = read
    camera = ivc.catalog.get(ref)
    now = utc_now(ivc.source.clock)
    begin, finish = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
    if camera is None or check_window(begin, finish, ivc.actions.zone, now) is not None:
        log.warning("refused a recording play of channel %s: not a camera window", ref.channel_id)
        return invalid
    try:
        address = await ivc.playback.playback_url(PlaybackWindow(ref.channel_id, start, end))
    except IvcRefusedError as error:
        log.warning(
            "recording play of channel %s refused: %s (RequestId %s)",
            ref.channel_id,
            error.reason.value,
            error.request_id or "none",
        )
        reason = refusal_text(error.reason, lang, ivc_zone=ivc.actions.zone.key)
        return render_recording_line(
            "recording.play_refused", lang, camera=safe(camera.label, MAX_NAME), reason=reason
        )
    log.info(
        "playback link for channel %s sent to user %s of %s (RequestId %s, host %s)",
        ref.channel_id,
        asked.user,
        asked.workspace,
        address.request_id or "none",
        address.host or "unknown",
    )
    return render_recording_playback(camera.label, start, end, address.url, now, lang)
