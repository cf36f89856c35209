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
from bot.features.playback.playing import listed_task, stored_memory
from bot.ivc.backend import RecordDownloader
from bot.ivc.downloads import DownloadsNeedCloudApiError, DownloadWindow
from bot.ivc.errors import IvcRefusedError
from bot.ivc.models import Channel, Task
from bot.observability.requests import ObservedRespond
from bot.slack.deps import Deps
from bot.slack.errors import SlackEdgeError, build_and_log_error, message_or_error
from bot.slack.modals import open_view, update_view, user_zone
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.tasks.clips import ClipProblem, clip_at, clip_problem, first_clip, span_problem
from bot.tasks.playable import MAX_TASK_ID, PlayState, play_state, playable_channels
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind
from bot.views.notices import render_task_not_found

log = logging.getLogger(__name__)

MAX_CHANNEL_ID = 128


class DownloadUnavailable(SlackEdgeError):
    """A Download reached an app built without a download backend."""

    def __init__(self) -> None:
        super().__init__("downloading recordings is not available (no download backend)")


def needs_cloudapi(deps: Deps) -> bool:
    """True where the workspace's IVC API has no download (the ``/ivc/`` API): every path then
    answers one line saying it needs ``IVC_API=cloudapi``, before any IVC call."""
    return deps.downloads is not None and not deps.downloads.serves_downloads


def _downloader(deps: Deps) -> RecordDownloader:
    if deps.downloads is None:
        raise DownloadUnavailable()
    return deps.downloads


@dataclass(frozen=True, slots=True)
class Downloadable:
    """A listed, retrieved task whose copy has not expired, and its cameras with a recording."""

    task: Task
    channels: tuple[Channel, ...]


async def downloadable(task_id: str, deps: Deps) -> Downloadable | Message:
    """The task and its cameras as IVC has them now, or the one line saying why not."""
    task = await listed_task(task_id, deps)
    if task is None:
        return render_task_not_found(task_id, deps.lang)
    now = utc_now(deps.source.clock)
    state = play_state(task, (await stored_memory(deps)).get(task_id), now)
    if state is PlayState.NOT_RETRIEVED:
        return render_download_not_retrieved(task_id, deps.lang)
    if state is PlayState.EXPIRED:
        return render_download_expired(task_id, deps.lang)
    channels = playable_channels((await deps.source.details(task_id)).details)
    if not channels:
        return render_nothing_to_download(task_id, deps.lang)
    return Downloadable(task, channels)


async def _fetch(
    found: Downloadable, channel: Channel, window: DownloadWindow, deps: Deps, who: tuple[str, str]
) -> Message:
    """A fresh link from IVC now, rendered for the person who asked; IVC's refusal as a line.
    Its log line names the task, the channel, the user, IVC's RequestId and the link's host only."""
    task = found.task
    try:
        link = await _downloader(deps).download_url(window, expires=deps.download_link_seconds)
    except DownloadsNeedCloudApiError:
        return render_needs_cloudapi(deps.lang)
    except IvcRefusedError as error:
        log.warning(
            "download of task %s channel %s refused: %s (RequestId %s)",
            task.task_id,
            channel.channel_id,
            error.reason.value,
            error.request_id or "none",
        )
        return render_download_refused(task.task_id, error.reason, deps.lang)
    log.info(
        "download link for task %s channel %s sent to user %s of %s (RequestId %s, host %s)",
        task.task_id,
        channel.channel_id,
        who[1],
        who[0],
        link.request_id or "none",
        link.host or "unknown",
    )
    actual = None
    if link.actual_start is not None and link.actual_end is not None:
        actual = (link.actual_start, link.actual_end)
    shown = ClipShown(task, channel, window.start, window.end, window.file_type, actual)
    fetched_at = utc_now(deps.source.clock)
    return render_download_link(shown, link.url, fetched_at, deps.download_link_seconds, deps.lang)


def _camera(found: Downloadable, channel_id: str) -> Channel | None:
    return next((c for c in found.channels if c.channel_id == channel_id), None)


# Download… clicked: the modal -----------------------------------------------------------------
async def _open_dialog(
    found: Downloadable,
    trigger_id: str,
    response_url: str,
    client: AsyncWebClient,
    deps: Deps,
    *,
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
        link_seconds=deps.download_link_seconds,
        lang=deps.lang,
    )
    if await open_view(client, trigger_id, modal):
        return None
    return render_dialog_failed(found.task.task_id, deps.lang)


async def _dialog_or_line(
    task_id: str, body: dict[str, Any], client: AsyncWebClient, deps: Deps
) -> Message | None:
    if needs_cloudapi(deps):
        return render_needs_cloudapi(deps.lang)
    _downloader(deps)
    found = await downloadable(task_id, deps)
    if isinstance(found, Message):
        return found
    trigger, response_url = str(body.get("trigger_id") or ""), str(body.get("response_url") or "")
    return await _open_dialog(found, trigger, response_url, client, deps)


async def ask_download(
    task_id: str,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: ObservedRespond,
    deps: Deps,
) -> None:
    """Download… clicked (a card's menu, ``show``, a direct message, a link's Another clip…):
    the modal opened with the click's trigger, or one line to the clicker alone."""
    task_id = task_id.strip()[:MAX_TASK_ID]
    try:
        line = await _dialog_or_line(task_id, body, client, deps)
    except Exception as error:
        line = build_and_log_error(error, lang=deps.lang, what="download")
    if line is not None:
        await respond.send(line, private_kwargs)


# The modal submitted ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Submission:
    """A submitted modal: the place it names, the choice, or the line of each field to fix."""

    place: DownloadPlace
    choice: DownloadChoice | None
    errors: dict[str, str]


def read_download_submission(view: dict[str, Any], deps: Deps) -> Submission:
    """The modal's fields, checked as far as no IVC call is needed (the cached task list says
    the task's window, when it has the task); everything is checked again before the call."""
    place = DownloadPlace.decode(str(view.get("private_metadata") or ""))
    values = (view.get("state") or {}).get("values") or {}
    choice, errors = read_download_form(values if isinstance(values, dict) else {}, deps.lang)
    if choice is None:
        return Submission(place, None, errors)
    problem = span_problem(choice.start, choice.end)
    snapshot = deps.source.peek()
    listed = None if snapshot is None else _find(place.task_id, snapshot.tasks)
    if problem is None and listed is not None:
        problem = clip_problem(listed, choice.start, choice.end)
    if problem is not None:
        return Submission(place, None, field_error(problem, deps.lang))
    return Submission(place, choice, {})


def _find(task_id: str, tasks: tuple[Task, ...]) -> Task | None:
    return next((t for t in tasks if t.task_id == task_id), None) if task_id else None


async def _chosen_message(
    place: DownloadPlace, choice: DownloadChoice, deps: Deps, who: tuple[str, str]
) -> Message:
    """What a submission answers, after checking everything it names against IVC."""
    if needs_cloudapi(deps):
        return render_needs_cloudapi(deps.lang)
    _downloader(deps)
    found = await downloadable(place.task_id, deps)
    if isinstance(found, Message):
        return found
    channel = _camera(found, choice.channel_id[:MAX_CHANNEL_ID])
    if channel is None:
        return render_download_no_channel(place.task_id, choice.channel_id, deps.lang)
    problem = clip_problem(found.task, choice.start, choice.end)
    if problem is not None:
        return render_clip_problem(found.task, problem, deps.lang)
    window = DownloadWindow(channel.channel_id, choice.start, choice.end, choice.file_type)
    return await _fetch(found, channel, window, deps, who)


def download_working_note(lang: str) -> dict[str, Any]:
    """The modal while the link is fetched."""
    return render_download_note(label(normalise_lang(lang), "download.working"), lang)


async def deliver_download(
    client: AsyncWebClient,
    view_id: str,
    submission: Submission,
    deps: Deps,
    who: tuple[str, str],
) -> None:
    """Fetch the link the submission asks for and send it to the submitter alone, through the
    click's ``response_url`` (only if it is Slack's); the modal then says where it went. A
    line (a refusal, a forged choice) shows in the modal itself."""
    place, choice = submission.place, submission.choice
    assert choice is not None
    work = _chosen_message(place, choice, deps, who)
    message = await message_or_error(work, lang=deps.lang, what="download")
    lang = normalise_lang(deps.lang)
    if message.kind is not MessageKind.ANSWER:
        await update_view(client, view_id, render_download_note(message.text, lang))
        return
    sent = bool(place.response_url) and await deps.response_urls.send(
        place.response_url, private_kwargs(message), "download link"
    )
    note = label(lang, "download.sent" if sent else "download.undelivered")
    await update_view(client, view_id, render_download_note(note, lang))


# The command --------------------------------------------------------------------------------------
async def _command_message(
    parsed: Command, command: dict[str, Any], client: AsyncWebClient, deps: Deps
) -> Message:
    """What ``download`` answers: the link, the modal (and a line saying so) or one line."""
    if needs_cloudapi(deps):
        return render_needs_cloudapi(deps.lang)
    _downloader(deps)
    task_id = (parsed.task_id or "").strip()[:MAX_TASK_ID]
    found = await downloadable(task_id, deps)
    if isinstance(found, Message):
        return found
    window = first_clip(found.task)
    if parsed.clip is not None:
        user = str(command.get("user_id") or "")
        zone = ZoneInfo(await user_zone(client, user, deps.default_timezone))
        clip = clip_at(found.task, parsed.clip, zone)
        if isinstance(clip, ClipProblem):
            return render_clip_problem(found.task, clip, deps.lang)
        window = clip
    if parsed.channel_id is not None:
        channel = _camera(found, parsed.channel_id[:MAX_CHANNEL_ID])
        if channel is None:
            return render_download_no_channel(task_id, parsed.channel_id, deps.lang)
    elif len(found.channels) == 1:
        channel = found.channels[0]
    else:
        trigger = str(command.get("trigger_id") or "")
        response_url = str(command.get("response_url") or "")
        failed = await _open_dialog(found, trigger, response_url, client, deps, window=window)
        return failed or render_pick_in_dialog(task_id, deps.lang)
    who = (str(command.get("team_id") or ""), str(command.get("user_id") or ""))
    start, end = window
    return await _fetch(found, channel, DownloadWindow(channel.channel_id, start, end), deps, who)


async def download_by_command(
    parsed: Command,
    command: dict[str, Any],
    client: AsyncWebClient,
    respond: ObservedRespond,
    deps: Deps,
) -> None:
    """``download …`` after its "fetching" ack: the answer replaces that note, still only for
    the person (any failure is the one-line error)."""
    work = _command_message(parsed, command, client, deps)
    message = await message_or_error(work, lang=deps.lang, what="command download")
    await respond.send(message, replace_kwargs)
