"""Downloading a clip of a task's footage from Slack: Download… (a modal) and ``download``.

Everything named is checked against IVC, never the payload; the link is fetched fresh (never
cached or stored) and answers the person who asked alone, never by ``chat.postMessage``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.commands import Command
from bot.features.playback.download import (
    ClipShown,
    DownloadChoice,
    DownloadPlace,
    field_error,
    read_download_form,
    render_clip_problem,
    render_dialog_failed,
    render_download_expired,
    render_download_link,
    render_download_modal,
    render_download_no_channel,
    render_download_not_retrieved,
    render_download_note,
    render_download_refused,
    render_needs_cloudapi,
    render_nothing_to_download,
    render_pick_in_dialog,
)
from bot.features.playback.playing import listed_task
from bot.ivc.downloads import DownloadsNeedCloudApiError, DownloadWindow
from bot.ivc.errors import IvcRefusedError
from bot.ivc.models import Channel, Task
from bot.observability.requests import ObservedRespond
from bot.slack.asked import Asked
from bot.slack.errors import build_and_log_error, message_or_error
from bot.slack.modals import open_view, update_view
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.slack.response_urls import ResponseUrls
from bot.slack.user_zone import user_zone
from bot.tasks.clips import ClipProblem, clip_at, clip_problem, first_clip, span_problem
from bot.tasks.playable import MAX_TASK_ID, PlayState, play_state, playable_channels
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind
from bot.views.notices import render_task_not_found

log = logging.getLogger(__name__)

MAX_CHANNEL_ID = 128


def needs_cloudapi(asked: Asked) -> bool:
    """True where the workspace's IVC API has no download (the ``/ivc/`` API): every path then
    answers one line saying it needs ``IVC_API=cloudapi``, before any IVC call."""
    return not asked.ivc.downloads.serves_downloads


@dataclass(frozen=True, slots=True)
class Downloadable:
    """A listed, retrieved task whose copy has not expired, and its cameras with a recording."""

    task: Task
    channels: tuple[Channel, ...]


async def downloadable(task_id: str, asked: Asked) -> Downloadable | Message:
    """The task and its cameras as IVC has them now, or the one line saying why not."""
    task = await listed_task(task_id, asked)
    if task is None:
        return render_task_not_found(task_id, asked.lang)
    ivc = asked.ivc
    now = utc_now(ivc.source.clock)
    state = play_state(task, (await ivc.memory.load()).get(task_id), now)
    if state is PlayState.NOT_RETRIEVED:
        return render_download_not_retrieved(task_id, asked.lang)
    if state is PlayState.EXPIRED:
        return render_download_expired(task_id, asked.lang)
    channels = playable_channels((await ivc.source.details(task_id)).details)
    if not channels:
        return render_nothing_to_download(task_id, asked.lang)
    return Downloadable(task, channels)


async def _fetch(
    found: Downloadable,
    channel: Channel,
    window: DownloadWindow,
    asked: Asked,
    *,
    download_link_seconds: int,
) -> Message:
    """A fresh link from IVC now, rendered for the person who asked; IVC's refusal as a line.
    Its log line names the task, the channel, the user, IVC's RequestId and the link's host only."""
    task, ivc = found.task, asked.ivc
    try:
        link = await ivc.downloads.download_url(window, expires=download_link_seconds)
    except DownloadsNeedCloudApiError:
        return render_needs_cloudapi(asked.lang)
    except IvcRefusedError as error:
        log.warning(
            "download of task %s channel %s refused: %s (RequestId %s)",
            task.task_id,
            channel.channel_id,
            error.reason.value,
            error.request_id or "none",
        )
        return render_download_refused(task.task_id, error.reason, asked.lang)
    log.info(
        "download link for task %s channel %s sent to user %s of %s (RequestId %s, host %s)",
        task.task_id,
        channel.channel_id,
        asked.user,
        asked.workspace,
        link.request_id or "none",
        link.host or "unknown",
    )
    actual = None
    if link.actual_start is not None and link.actual_end is not None:
        actual = (link.actual_start, link.actual_end)
    shown = ClipShown(task, channel, window.start, window.end, window.file_type, actual)
    fetched_at = utc_now(ivc.source.clock)
    return render_download_link(shown, link.url, fetched_at, download_link_seconds, asked.lang)


def _camera(found: Downloadable, channel_id: str) -> Channel | None:
    return next((c for c in found.channels if c.channel_id == channel_id), None)


# Download… clicked: the modal -----------------------------------------------------------------
async def _open_dialog(
    found: Downloadable,
    trigger_id: str,
    response_url: str,
    client: AsyncWebClient,
    asked: Asked,
    *,
    download_link_seconds: int,
    window: tuple[int, int] | None = None,
) -> Message | None:
    """``views.open`` the modal for ``found`` (its first 60 minutes unless ``window``); None
    when it opened, else the line with a Download… button to try again."""
    start, end = window or first_clip(found.task)
    place = DownloadPlace(found.task.task_id, response_url)
    modal = render_download_modal(
        found.task,
        found.channels,
        place,
        start=start,
        end=end,
        link_seconds=download_link_seconds,
        lang=asked.lang,
    )
    if await open_view(client, trigger_id, modal):
        return None
    return render_dialog_failed(found.task.task_id, asked.lang)


async def _dialog_or_line(
    task_id: str,
    body: dict[str, Any],
    client: AsyncWebClient,
    asked: Asked,
    *,
    download_link_seconds: int,
) -> Message | None:
    if needs_cloudapi(asked):
        return render_needs_cloudapi(asked.lang)
    found = await downloadable(task_id, asked)
    if isinstance(found, Message):
        return found
    trigger, response_url = str(body.get("trigger_id") or ""), str(body.get("response_url") or "")
    return await _open_dialog(
        found, trigger, response_url, client, asked, download_link_seconds=download_link_seconds
    )


async def ask_download(
    task_id: str,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: ObservedRespond,
    asked: Asked,
    *,
    download_link_seconds: int,
) -> None:
    """Download… clicked (a card's menu, ``show``, a direct message, a link's Another clip…):
    the modal opened with the click's trigger, or one line to the clicker alone."""
    task_id = task_id.strip()[:MAX_TASK_ID]
    try:
        line = await _dialog_or_line(
            task_id, body, client, asked, download_link_seconds=download_link_seconds
        )
    except Exception as error:
        line = build_and_log_error(error, lang=asked.lang, what="download")
    if line is not None:
        await respond.send(line, private_kwargs)


# The modal submitted ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Submission:
    """A submitted modal: the place it names, the choice, or the line of each field to fix."""

    place: DownloadPlace
    choice: DownloadChoice | None
    errors: dict[str, str]


def read_download_submission(view: dict[str, Any], asked: Asked) -> Submission:
    """The modal's fields, checked as far as no IVC call is needed (the cached task list says
    the task's window, when it has the task); everything is checked again before the call."""
    place = DownloadPlace.decode(str(view.get("private_metadata") or ""))
    values = (view.get("state") or {}).get("values") or {}
    choice, errors = read_download_form(values if isinstance(values, dict) else {}, asked.lang)
    if choice is None:
        return Submission(place, None, errors)
    problem = span_problem(choice.start, choice.end)
    snapshot = asked.ivc.source.peek()
    listed = None if snapshot is None else _find(place.task_id, snapshot.tasks)
    if problem is None and listed is not None:
        problem = clip_problem(listed, choice.start, choice.end)
    if problem is not None:
        return Submission(place, None, field_error(problem, asked.lang))
    return Submission(place, choice, {})


def _find(task_id: str, tasks: tuple[Task, ...]) -> Task | None:
    return next((t for t in tasks if t.task_id == task_id), None) if task_id else None


async def _chosen_message(
    place: DownloadPlace, choice: DownloadChoice, asked: Asked, *, download_link_seconds: int
) -> Message:
    """What a submission answers, after checking everything it names against IVC."""
    if needs_cloudapi(asked):
        return render_needs_cloudapi(asked.lang)
    found = await downloadable(place.task_id, asked)
    if isinstance(found, Message):
        return found
    channel = _camera(found, choice.channel_id[:MAX_CHANNEL_ID])
    if channel is None:
        return render_download_no_channel(place.task_id, choice.channel_id, asked.lang)
    problem = clip_problem(found.task, choice.start, choice.end)
    if problem is not None:
        return render_clip_problem(found.task, problem, asked.lang)
    window = DownloadWindow(channel.channel_id, choice.start, choice.end, choice.file_type)
    return await _fetch(found, channel, window, asked, download_link_seconds=download_link_seconds)


def download_working_note(lang: str) -> dict[str, Any]:
    """The modal while the link is fetched."""
    return render_download_note(label(normalise_lang(lang), "download.working"), lang)


async def deliver_download(
    client: AsyncWebClient,
    view_id: str,
    submission: Submission,
    asked: Asked,
    *,
    response_urls: ResponseUrls,
    download_link_seconds: int,
) -> None:
    """Fetch the link the submission asks for and send it to the submitter alone, through the
    click's ``response_url`` (only if it is Slack's); the modal then says where it went. A
    line (a refusal, a forged choice) shows in the modal itself."""
    place, choice = submission.place, submission.choice
    assert choice is not None
    work = _chosen_message(place, choice, asked, download_link_seconds=download_link_seconds)
    message = await message_or_error(work, lang=asked.lang, what="download")
    lang = normalise_lang(asked.lang)
    if message.kind is not MessageKind.ANSWER:
        await update_view(client, view_id, render_download_note(message.text, lang))
        return
    sent = bool(place.response_url) and await response_urls.send(
        place.response_url, private_kwargs(message), "download link"
    )
    note = label(lang, "download.sent" if sent else "download.undelivered")
    await update_view(client, view_id, render_download_note(note, lang))


# The command --------------------------------------------------------------------------------------
async def _command_message(
    parsed: Command,
    command: dict[str, Any],
    client: AsyncWebClient,
    asked: Asked,
    *,
    download_link_seconds: int,
) -> Message:
    """What ``download`` answers: the link, the modal (and a line saying so) or one line."""
    if needs_cloudapi(asked):
        return render_needs_cloudapi(asked.lang)
    task_id = (parsed.task_id or "").strip()[:MAX_TASK_ID]
    found = await downloadable(task_id, asked)
    if isinstance(found, Message):
        return found
    window = first_clip(found.task)
    if parsed.clip is not None:
        user = str(command.get("user_id") or "")
        zone = ZoneInfo(await user_zone(client, user, asked.tenant.zone))
        clip = clip_at(found.task, parsed.clip, zone)
        if isinstance(clip, ClipProblem):
            return render_clip_problem(found.task, clip, asked.lang)
        window = clip
    if parsed.channel_id is not None:
        channel = _camera(found, parsed.channel_id[:MAX_CHANNEL_ID])
        if channel is None:
            return render_download_no_channel(task_id, parsed.channel_id, asked.lang)
    elif len(found.channels) == 1:
        channel = found.channels[0]
    else:
        trigger = str(command.get("trigger_id") or "")
        response_url = str(command.get("response_url") or "")
        failed = await _open_dialog(
            found,
            trigger,
            response_url,
            client,
            asked,
            download_link_seconds=download_link_seconds,
            window=window,
        )
        return failed or render_pick_in_dialog(task_id, asked.lang)
    start, end = window
    clip_window = DownloadWindow(channel.channel_id, start, end)
    return await _fetch(
        found, channel, clip_window, asked, download_link_seconds=download_link_seconds
    )


async def download_by_command(
    parsed: Command,
    command: dict[str, Any],
    client: AsyncWebClient,
    respond: ObservedRespond,
    asked: Asked,
    *,
    download_link_seconds: int,
) -> None:
    """``download …`` after its "fetching" ack: the answer replaces that note, still only for
    the person (any failure is the one-line error)."""
    work = _command_message(
        parsed, command, client, asked, download_link_seconds=download_link_seconds
    )
    message = await message_or_error(work, lang=asked.lang, what="command download")
    await respond.send(message, replace_kwargs)
