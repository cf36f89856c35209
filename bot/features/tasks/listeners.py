"""Task lists and single tasks as Slack asks for them: the list commands (pending, retrieving,
retrieved, all, search, summary, show, help), Previous / Next / Refresh redrawing a list in
place, a summary's Open the full list, and a task picked under a table."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Command, CommandKind
from bot.features.report.status_report import SUMMARY_OPEN_LIST
from bot.features.tasks.answers import answer, answer_from_cache, answer_view
from bot.features.tasks.task_table import ACTION_TASK_PICK, TASK_ID_MAX
from bot.features.work_objects.public_show import PublicShow
from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.ack_later import ack_then, send_rendered
from bot.slack.asked import Asked
from bot.slack.block_kit import respond_sender, send_with_fallback
from bot.slack.errors import (
    message_or_error,
)
from bot.slack.readers import clicked_in_public, reader_of
from bot.slack.replies import ack_shape, private_kwargs, public_kwargs, replace_kwargs
from bot.slack.slash_command import Listener, what_of
from bot.views.message import Message
from bot.views.notices import (
    render_fetching,
)
from bot.views.rendering import Rendering, kinds_in
from bot.views.state import ACTION_NEXT, ACTION_PREVIOUS, ACTION_REFRESH, decode_view_state
from bot.views.task_menu import Reader

log = logging.getLogger(__name__)


PAGE_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


@dataclass(frozen=True, slots=True)
class Tasks:
    """The task lists' and single tasks' listeners (all they use comes with the request);
    ``shared``: public ``show`` answers posted as Work Objects (PUBLIC_URL set)."""

    shared: PublicShow | None = None

    # Task answers --------------------------------------------------------------------------
    async def answer_tasks(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        client: AsyncWebClient,
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """list / search / summary / show / help, and an invalid command's problem: from the
        cache (or no data) in the ack, else fetched and sent to ``response_url``. An answer with
        newer blocks (a data table) goes in the ack only where the workspace accepted each kind
        once. The cards' menus and New retrieval depend on the reader (a manager; the channel,
        for ``public``)."""
        observed_ack, workspace, ivc = observation.ack(ack), asked.workspace, asked.ivc
        renderings = asked.tenant.renderings
        rendering = renderings.known_later(workspace)  # a coroutine only to read the database
        if rendering is None:
            rendering = await renderings.later(workspace)
        reader = await reader_of(asked, client, everyone=parsed.public)
        lang = asked.lang_for(parsed.public)  # a public answer speaks the channel's language
        if self.shared is not None and parsed.public and parsed.kind is CommandKind.SHOW:
            sharer = str(command.get("user_name") or "")
            await self._share(ack, respond, client, parsed, observation, asked, reader, sharer)
            return
        message = answer_from_cache(
            parsed,
            ivc.source,
            lang=lang,
            memory=ivc.memory,
            reader=reader,
            rendering=rendering,
            links=asked.tenant.links,
        )
        if message is not None:
            in_ack = renderings.known_in_ack(workspace)
            if in_ack is None:
                in_ack = await renderings.in_ack(workspace)
            if kinds_in(message.blocks) in in_ack:
                await observed_ack.send(message, ack_shape(public=parsed.public))
                return

        work = _answering(parsed, asked, reader, lang)

        def later(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return send_rendered(parsed, to, asked, work)

        fetching = render_fetching(asked.lang)
        await ack_then(ack, respond, observation, asked, later, what=what_of(parsed), note=fetching)

    async def _share(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        client: AsyncWebClient,
        parsed: Command,
        observation: Observation,
        asked: Asked,
        reader: Reader,
        sharer: str,
    ) -> None:
        """``show <TaskId> public``: ack (nothing shown), then post the answer in the channel
        as a Work Object; where it cannot be, the answer goes through ``response_url``."""
        shared, lang = self.shared, asked.channel_lang
        assert shared is not None

        work = _answering(parsed, asked, reader, lang)

        async def later(to: ObservedRespond) -> None:
            rendering = await asked.tenant.renderings.later(asked.workspace)

            def render() -> Awaitable[Message]:
                what = what_of(parsed)
                return message_or_error(work(rendering), lang=lang, what=what, rendering=rendering)

            if not await shared.post(parsed.task_id or "", sharer, client, asked, render):
                await send_rendered(parsed, to, asked, work, note=False)

        what = what_of(parsed)
        await ack_then(ack, respond, observation, asked, later, what=what, shape=public_kwargs)

    async def redraw_list(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """Previous / Next / Refresh: redraw the list in place (for the same readers)."""
        refresh = action.get("action_id") == ACTION_REFRESH

        async def redraw(to: ObservedRespond) -> None:
            reader = await reader_of(asked, client, everyone=clicked_in_public(body))
            await _show_list(to, action, asked, refresh, replace_kwargs, reader)

        await ack_then(ack, respond, observation, asked, redraw, what="redraw")

    async def open_list(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A summary's "Open the full list": only for the clicker; the summary stays."""

        async def shown(to: ObservedRespond) -> None:
            reader = await reader_of(asked, client, everyone=False)
            await _show_list(to, action, asked, False, private_kwargs, reader)

        await ack_then(
            ack, respond, observation, asked, shown, what="open_list", shape=private_kwargs
        )

    async def pick_task(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A task chosen in the select under a table: its ``show`` answer, only to the clicker.
        The TaskId is checked against the task list (``answer`` of SHOW), never trusted."""
        task_id = str((action.get("selected_option") or {}).get("value") or "")[:TASK_ID_MAX]

        def shown(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return _show_task(task_id, to, asked)

        await ack_then(ack, respond, observation, asked, shown, what="pick", shape=private_kwargs)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return (
            (CommandKind.LIST, self.answer_tasks),
            (CommandKind.SEARCH, self.answer_tasks),
            (CommandKind.SUMMARY, self.answer_tasks),
            (CommandKind.SHOW, self.answer_tasks),
            (CommandKind.HELP, self.answer_tasks),
            (CommandKind.INVALID, self.answer_tasks),
        )

    def register(self, app: AsyncApp) -> None:
        app.action(PAGE_BUTTONS)(self.redraw_list)
        app.action(SUMMARY_OPEN_LIST)(self.open_list)
        app.action(ACTION_TASK_PICK)(self.pick_task)


def _answering(
    parsed: Command, asked: Asked, reader: Reader, lang: str
) -> Callable[[Rendering], Awaitable[Message]]:
    """The answer to ``parsed`` for ``reader`` in ``lang``, rendered as a workspace takes it
    (fetched where the cache has nothing fresh)."""
    ivc = asked.ivc

    def work(rendering: Rendering) -> Awaitable[Message]:
        return answer(
            parsed,
            ivc.source,
            lang=lang,
            memory=ivc.memory,
            reader=reader,
            rendering=rendering,
            links=asked.tenant.links,
        )

    return work


async def _show_task(task_id: str, respond: ObservedRespond, asked: Asked) -> None:
    command = Command(CommandKind.SHOW, task_id=task_id)
    work = answer(command, asked.ivc.source, lang=asked.lang, links=asked.tenant.links)
    await respond.send(await message_or_error(work, lang=asked.lang, what="pick"), private_kwargs)


async def _show_list(
    respond: ObservedRespond,
    action: dict[str, Any],
    asked: Asked,
    refresh: bool,
    shape: Shape,
    reader: Reader,
) -> None:
    """Render the list the button's value describes (in the channel's language when the
    whole channel sees it) and send it as ``shape`` says (classic, once, if the workspace
    refuses the table)."""
    state = decode_view_state(str(action.get("value") or ""))
    ivc, lang = asked.ivc, asked.lang_for(reader.everyone)

    fetches = [refresh]  # a refresh fetches once; the fallback redraws from that fetch

    async def render(rendering: Rendering) -> Message:
        again, fetches[0] = fetches[0], False
        work = answer_view(
            state,
            ivc.source,
            lang=lang,
            refresh=again,
            reader=reader,
            rendering=rendering,
            memory=ivc.memory,
            links=asked.tenant.links,
        )
        return await message_or_error(work, lang=lang, what="redraw", rendering=rendering)

    sender = respond_sender(respond, shape)
    await send_with_fallback(asked.tenant.renderings, asked.workspace, render, sender)
