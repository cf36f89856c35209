"""Watches from Slack: ``watch`` / ``unwatch`` / ``watching``, the Watch button and a direct
message's Unwatch (each person's own)."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.commands import Command, CommandKind
from bot.features.watches.flow import (
    list_watches,
    toggle_watch,
    unwatch_task,
    watch_task,
)
from bot.features.watches.views import ACTION_UNWATCH, WATCH_ACTIONS
from bot.observability.requests import Observation, ObservedRespond
from bot.slack.ack_later import ack_then, for_the_clicker
from bot.slack.asked import Asked
from bot.slack.deps import Deps
from bot.slack.replies import replace_kwargs
from bot.slack.slash_command import what_of
from bot.views.notices import (
    render_fetching,
)

log = logging.getLogger(__name__)


# Watches (anyone who may see tasks; each person's own) --------------------------------------
async def watch_or_unwatch(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``watch <TaskId>`` / ``unwatch <TaskId>``: "fetching" now (the TaskId is checked
    against the task list), then the answer to me alone."""
    change = watch_task if parsed.kind is CommandKind.WATCH else unwatch_task

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return change(parsed.task_id or "", to, deps, asked.who, replace_kwargs)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=what_of(parsed), note=fetching)


async def watching(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``watching``: "fetching" now, then my watches with each task's status."""

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return list_watches(to, deps, asked.who, replace_kwargs)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=what_of(parsed), note=fetching)


COMMANDS = (
    (CommandKind.WATCH, watch_or_unwatch),
    (CommandKind.UNWATCH, watch_or_unwatch),
    (CommandKind.WATCHING, watching),
)
"""The subcommands this feature answers (registered, in order, with the others')."""


def register(app: AsyncApp) -> None:
    app.action(WATCH_ACTIONS)(for_the_clicker(toggle_watch))
    app.action(ACTION_UNWATCH)(for_the_clicker(unwatch_task))
