"""Watches from Slack: ``watch`` / ``unwatch`` / ``watching``, the Watch button and a direct
message's Unwatch (each person's own)."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.commands import Command, CommandKind
from bot.features.watches import flow
from bot.features.watches.views import ACTION_UNWATCH, WATCH_ACTIONS
from bot.observability.requests import Observation, ObservedRespond
from bot.services.watches import WatchService
from bot.slack.ack_later import ack_then, for_the_clicker
from bot.slack.asked import Asked
from bot.slack.replies import replace_kwargs
from bot.slack.slash_command import Listener, what_of
from bot.views.notices import (
    render_fetching,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Watches:
    """The watches' listeners (anyone who may see tasks; each person's own)."""

    watches: WatchService

    async def watch_or_unwatch(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``watch <TaskId>`` / ``unwatch <TaskId>``: "fetching" now (the TaskId is checked
        against the task list), then the answer to me alone."""
        change = flow.watch_task if parsed.kind is CommandKind.WATCH else flow.unwatch_task

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            task_id = parsed.task_id or ""
            return change(task_id, to, asked, watches=self.watches, shape=replace_kwargs)

        fetching = render_fetching(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=fetching)

    async def watching(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``watching``: "fetching" now, then my watches with each task's status."""

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return flow.list_watches(to, asked, watches=self.watches, shape=replace_kwargs)

        fetching = render_fetching(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=fetching)

    async def toggle_watch(self, value: str, respond: ObservedRespond, asked: Asked) -> None:
        """The Watch button: start or stop the clicker's own watch of the task."""
        await flow.toggle_watch(value, respond, asked, watches=self.watches)

    async def unwatch_task(self, value: str, respond: ObservedRespond, asked: Asked) -> None:
        """A direct message's Unwatch: stop the clicker's own watch of the task."""
        await flow.unwatch_task(value, respond, asked, watches=self.watches)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return (
            (CommandKind.WATCH, self.watch_or_unwatch),
            (CommandKind.UNWATCH, self.watch_or_unwatch),
            (CommandKind.WATCHING, self.watching),
        )

    def register(self, app: AsyncApp) -> None:
        app.action(WATCH_ACTIONS)(for_the_clicker(self.toggle_watch))
        app.action(ACTION_UNWATCH)(for_the_clicker(self.unwatch_task))
