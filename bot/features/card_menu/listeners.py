"""A choice from a task card's menu (or the Retrieve again button), followed.

The option's value (``"<item>:<TaskId>"``) is never trusted: a manager-only item is checked
against TASK_MANAGERS on every path, and each route checks the TaskId against the task list.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Command, CommandKind
from bot.features.playback.downloading import ask_download
from bot.features.playback.playing import offer_play
from bot.features.retrievals.delete_in_modal import confirm_in_modal
from bot.features.retrievals.forms import click_origin
from bot.features.retrievals.retrieve_again import open_again
from bot.features.tasks.answers import answer
from bot.features.watches.flow import toggle_watch
from bot.observability.requests import Observation, ObservedRespond
from bot.services.watches import WatchService
from bot.slack.ack_later import ack_then, chosen_value
from bot.slack.asked import Asked
from bot.slack.errors import message_or_error
from bot.slack.replies import private_kwargs
from bot.slack.rights import Right, holds
from bot.slack.slash_command import Listener
from bot.views.blocks import one_section
from bot.views.i18n import label, normalise_lang
from bot.views.message import MessageKind
from bot.views.notices import render_not_a_manager
from bot.views.task_menu import MENU_ACTIONS, MenuItem, Reader, may_use, parse_choice

log = logging.getLogger(__name__)

MAX_TASK_ID = 64


@dataclass(frozen=True, slots=True)
class Choice:
    """One menu choice: the TaskId it names (still to be checked), who chose, and how to
    answer them."""

    task_id: str
    manager: bool
    body: dict[str, Any]
    asked: Asked
    client: AsyncWebClient
    respond: ObservedRespond
    watches: WatchService
    download_link_seconds: int


Route = Callable[[Choice], Awaitable[None]]


async def show(choice: Choice) -> None:
    """The ``show`` answer, to the clicker only (``answer`` checks the TaskId is listed)."""
    asked = choice.asked
    command = Command(CommandKind.SHOW, task_id=choice.task_id)
    reader = Reader(manager=choice.manager)
    links = asked.tenant.links
    work = answer(command, asked.ivc.source, lang=asked.lang, reader=reader, links=links)
    message = await message_or_error(work, lang=asked.lang, what="menu show")
    await choice.respond.send(message, private_kwargs)


async def play(choice: Choice) -> None:
    """A fresh link (or the camera chooser), to the clicker only (the TaskId and its state
    are checked against IVC)."""
    await offer_play(choice.task_id, choice.respond, choice.asked)


async def download(choice: Choice) -> None:
    """The modal to pick a camera and up to 60 minutes (or one line), for the clicker only (the
    TaskId and its state are checked against IVC)."""
    await ask_download(
        choice.task_id,
        choice.body,
        choice.client,
        choice.respond,
        choice.asked,
        download_link_seconds=choice.download_link_seconds,
    )


async def watch(choice: Choice) -> None:
    """Start or stop the clicker's own watch, answered to them alone (the TaskId is checked
    against the task list)."""
    await toggle_watch(choice.task_id, choice.respond, choice.asked, watches=choice.watches)


async def delete(choice: Choice) -> None:
    """The delete confirmation in a small modal (it checks the TaskId is listed)."""
    await confirm_in_modal(choice.task_id, choice.body, choice.client, choice.respond, choice.asked)


async def again(choice: Choice) -> None:
    """The create form prefilled from the task (it checks the TaskId is listed)."""
    body = choice.body
    trigger = str(body.get("trigger_id") or "")
    origin = click_origin(body, choice.asked)
    await open_again(choice.client, trigger, origin, choice.task_id, choice.asked)


async def link(choice: Choice) -> None:
    """The task's link: Slack opened it in the browser; nothing more to do."""


MENU_ROUTES: dict[MenuItem, Route] = {
    MenuItem.SHOW: show,
    MenuItem.PLAY: play,
    MenuItem.DOWNLOAD: download,
    MenuItem.WATCH: watch,
    MenuItem.DELETE: delete,
    MenuItem.AGAIN: again,
    MenuItem.LINK: link,
}
"""What each item does (one route per ``bot.views.task_menu.MenuItem``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CardMenu:
    """A card's menu and Retrieve again: each choice checked, then routed to its feature."""

    watches: WatchService
    download_link_seconds: int

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        return ()

    def register(self, app: AsyncApp) -> None:
        app.action(MENU_ACTIONS)(self.choose_from_menu)

    async def choose_from_menu(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A card's menu choice, or Retrieve again: checked and routed (``menu``)."""

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return self.follow(chosen_value(action), body, asked, client, to)

        await ack_then(ack, respond, observation, asked, work, what="menu", shape=private_kwargs)

    async def follow(
        self,
        value: str,
        body: dict[str, Any],
        asked: Asked,
        client: AsyncWebClient,
        respond: ObservedRespond,
    ) -> None:
        """Parse the chosen option, check who chose it, and follow its route: a manager-only
        item chosen by anyone else gets one line and never reaches IVC."""
        lang = normalise_lang(asked.lang)
        parsed = parse_choice(value)
        if parsed is None or parsed[0] not in MENU_ROUTES:
            invalid = one_section(label(lang, "menu.invalid"), "menu_invalid")
            await respond.send(invalid.as_kind(MessageKind.REFUSED), private_kwargs)
            return
        item, task_id = parsed
        workspace, user = asked.workspace, asked.user
        manager = await holds(Right.TASK_MANAGER, client, asked)
        if not may_use(item, manager):
            log.warning(
                "refused %s by %s of workspace %s: not in TASK_MANAGERS", item, user, workspace
            )
            await respond.send(render_not_a_manager(lang), private_kwargs)
            return
        choice = Choice(
            task_id[:MAX_TASK_ID],
            manager,
            body,
            asked,
            client,
            respond,
            self.watches,
            self.download_link_seconds,
        )
        await MENU_ROUTES[item](choice)
