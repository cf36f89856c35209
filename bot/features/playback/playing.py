"""Playing a task's footage from Slack: ``play <TaskId> [ChannelId]``, Play buttons, the camera
select. What a payload names is checked again against IVC; the link is fetched fresh, never
cached, stored or logged, and goes to the asker alone. Who may play: ``access.OnlyAllowed``."""

from __future__ import annotations

import logging

from bot.clock import utc_now
from bot.features.playback.views import (
    read_play_value,
    render_copy_expired,
    render_no_channel,
    render_not_retrieved,
    render_nothing_to_play,
    render_play_choice,
    render_play_refused,
    render_playback,
)
from bot.ivc.errors import IvcRefusedError
from bot.ivc.models import Channel, Task
from bot.ivc.playback import PlaybackWindow
from bot.observability.requests import ObservedRespond, Shape
from bot.slack.asked import Asked
from bot.slack.errors import message_or_error
from bot.slack.replies import private_kwargs
from bot.tasks.playable import MAX_TASK_ID, PlayState, play_state, playable_channels
from bot.views.message import Message
from bot.views.notices import render_task_not_found

log = logging.getLogger(__name__)

MAX_CHANNEL_ID = 128


async def offer_play(
    task_id: str,
    respond: ObservedRespond,
    asked: Asked,
    *,
    channel_id: str | None = None,
    shape: Shape = private_kwargs,
) -> None:
    """Play ``task_id`` (one camera: ``channel_id``) for the asker: the link, the camera
    chooser or one line, sent as ``shape`` says (by default ephemeral, to the person alone).
    Any failure becomes the one-line error (``message_or_error``)."""
    work = play_message(task_id, channel_id, asked)
    message = await message_or_error(work, lang=asked.lang, what="play")
    await respond.send(message, shape)


async def offer_play_value(value: str, respond: ObservedRespond, asked: Asked) -> None:
    """``offer_play`` for a Play button's or select option's value (``<TaskId>[|<ChannelId>]``)."""
    task_id, channel_id = read_play_value(value)
    await offer_play(task_id, respond, asked, channel_id=channel_id)


async def play_message(task_id: str, channel_id: str | None, asked: Asked) -> Message:
    """What a Play answers, after checking everything it names against IVC."""
    task_id = task_id.strip()[:MAX_TASK_ID]
    channel_id = None if channel_id is None else channel_id[:MAX_CHANNEL_ID]
    task = await listed_task(task_id, asked)
    if task is None:
        return render_task_not_found(task_id, asked.lang)
    ivc = asked.ivc
    now = utc_now(ivc.source.clock)
    state = play_state(task, (await ivc.memory.load()).get(task_id), now)
    if state is PlayState.NOT_RETRIEVED:
        return render_not_retrieved(task_id, asked.lang)
    if state is PlayState.EXPIRED:
        return render_copy_expired(task_id, asked.lang)
    details = (await ivc.source.details(task_id)).details
    channels = playable_channels(details)
    if channel_id is not None:
        chosen = next((c for c in channels if c.channel_id == channel_id), None)
        if chosen is None:
            return render_no_channel(task_id, channel_id, asked.lang)
        return await _play(task, chosen, asked)
    if not channels:
        return render_nothing_to_play(task_id, asked.lang)
    if len(channels) == 1:
        return await _play(task, channels[0], asked)
    return render_play_choice(details, asked.lang)


async def listed_task(task_id: str, asked: Asked) -> Task | None:
    """The task as IVC lists it; the list fetched again once when the cached one does not
    have it retrieved (it may have finished since). Play and Download check by it."""
    source = asked.ivc.source
    task = _find(task_id, (await source.list()).tasks)
    if task is not None and play_state(task, None, utc_now(source.clock)) is (PlayState.PLAYABLE):
        return task
    return _find(task_id, (await source.list(refresh=True)).tasks)


def _find(task_id: str, tasks: tuple[Task, ...]) -> Task | None:
    return next((t for t in tasks if t.task_id == task_id), None)


async def _play(task: Task, channel: Channel, asked: Asked) -> Message:
    """A fresh address from IVC now, rendered for the person who asked; IVC's refusal as a line."""
    ivc = asked.ivc
    window = PlaybackWindow(
        channel.channel_id, int(task.start.timestamp()), int(task.end.timestamp())
    )
    try:
        address = await ivc.playback.playback_url(window)
    except IvcRefusedError as error:
        log.warning(
            "play of task %s channel %s refused: %s (RequestId %s)",
            task.task_id,
            channel.channel_id,
            error.reason.value,
            error.request_id or "none",
        )
        return render_play_refused(task.task_id, error.reason, asked.lang)
    log.info(
        "playback link for task %s channel %s sent to user %s of %s (RequestId %s, host %s)",
        task.task_id,
        channel.channel_id,
        asked.user,
        asked.workspace,
        address.request_id or "none",
        address.host or "unknown",
    )
    fetched_at = utc_now(ivc.source.clock)
    return render_playback(task, channel, address.url, fetched_at, asked.lang)
