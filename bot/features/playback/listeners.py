"""Play and Download from Slack: ``play`` and ``download``, Play buttons and the camera select,
Download…, the download modal's submission; the clicks on a link button are acked."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Command, CommandKind
from bot.features.playback.download import (
    ACTION_DOWNLOAD,
    ACTION_DOWNLOAD_OPEN,
    DOWNLOAD_VIEW,
    render_needs_cloudapi,
)
from bot.features.playback.downloading import (
    ask_download,
    deliver_download,
    download_by_command,
    download_working_note,
    needs_cloudapi,
    read_download_submission,
)
from bot.features.playback.playing import offer_play, offer_play_value
from bot.features.playback.views import ACTION_PLAY_OPEN, ACTION_PLAY_PICK, PLAY_BUTTONS
from bot.observability.requests import Observation, ObservedRespond
from bot.slack.ack_later import ack_then, for_the_clicker
from bot.slack.asked import Asked
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.slack.response_urls import ResponseUrls
from bot.slack.slash_command import PRIVATE, Listener, what_of
from bot.views.notices import render_fetching

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Playback:
    """Play and Download: where a download link may be sent back (``response_urls``) and how
    long it works (``download_link_seconds``)."""

    response_urls: ResponseUrls
    download_link_seconds: int

    async def play(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``play <TaskId> [ChannelId]``: "fetching" now, then (replacing it, still only for the
        person) the link, the camera chooser or one line."""

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            task_id, channel_id = parsed.task_id or "", parsed.channel_id
            return offer_play(task_id, to, asked, channel_id=channel_id, shape=replace_kwargs)

        fetching = render_fetching(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=fetching)

    async def download(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        client: AsyncWebClient,
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``download <TaskId> [ChannelId] [HH:MM-HH:MM]``: on the ``/ivc/`` API one line in the
        ack; else "fetching" now, then (replacing it, still only for the person) the link, a
        line saying the modal opened to pick a camera, or one line."""
        if needs_cloudapi(asked):
            await observation.ack(ack).send(render_needs_cloudapi(asked.lang), PRIVATE)
            return

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return download_by_command(
                parsed, command, client, to, asked, download_link_seconds=self.download_link_seconds
            )

        fetching = render_fetching(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=fetching)

    async def link_opened(self, ack: AsyncAck) -> None:
        """Slack reports a click on "Open recording" (a url button) too: acked, nothing logged.
        The same for "Download file"."""
        await ack()

    async def download_clicked(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """Download… (``show``'s, a direct message's, a link's Another clip…): the modal opened
        with the click's trigger, or one line to the clicker; the TaskId is checked against IVC
        (``downloading``)."""
        task_id = str(action.get("value") or "")

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return ask_download(
                task_id, body, client, to, asked, download_link_seconds=self.download_link_seconds
            )

        await ack_then(
            ack, respond, observation, asked, work, what="download", shape=private_kwargs
        )

    async def submit_download(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Download's modal (anyone who may see tasks: ``OnlyAllowed`` ran): the fields to fix
        now, or "Getting the link…" now and, in the background, everything checked against IVC
        again and the link sent to the submitter alone (the modal then says where it went)."""
        submission = read_download_submission(view, asked)
        if submission.choice is None:
            await ack(response_action="errors", errors=submission.errors)
            return
        await ack(response_action="update", view=download_working_note(asked.lang))
        view_id = str(view.get("id") or "")
        work = deliver_download(
            client,
            view_id,
            submission,
            asked,
            response_urls=self.response_urls,
            download_link_seconds=self.download_link_seconds,
        )
        asked.background.spawn(work, name="download")

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return ((CommandKind.PLAY, self.play), (CommandKind.DOWNLOAD, self.download))

    def register(self, app: AsyncApp) -> None:
        play_clicked = for_the_clicker(offer_play_value)
        app.action(PLAY_BUTTONS)(play_clicked)
        app.action(ACTION_PLAY_PICK)(play_clicked)
        app.action(ACTION_PLAY_OPEN)(self.link_opened)
        app.action(ACTION_DOWNLOAD)(self.download_clicked)
        app.action(ACTION_DOWNLOAD_OPEN)(self.link_opened)
        app.view(DOWNLOAD_VIEW)(self.submit_download)
