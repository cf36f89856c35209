"""The ``report`` command: the period report with its charts, through ``response_url``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.commands import Command, CommandKind
from bot.features.report.answers import answer_report
from bot.observability.requests import Observation, ObservedRespond
from bot.slack.ack_later import ack_then, send_rendered
from bot.slack.asked import Asked
from bot.slack.deps import Deps
from bot.slack.errors import (
    HistoryUnavailable,
)
from bot.slack.slash_command import what_of
from bot.views.message import Message
from bot.views.notices import (
    render_working,
)
from bot.views.rendering import Rendering

log = logging.getLogger(__name__)


async def answer_report_command(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``report [7d|30d]``: "working" now, then the report with its charts (classic lines
    where the workspace refuses charts) through ``response_url``."""
    history, team = deps.history, asked.team
    if history is None:
        raise HistoryUnavailable()

    def work(rendering: Rendering) -> Awaitable[Message]:
        return answer_report(
            parsed.report_days,
            deps.source,
            history,
            team_id=team,
            zone=deps.default_timezone,
            lang=deps.lang,
            rendering=rendering,
        )

    def later(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return send_rendered(parsed, to, deps, team, work)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, later, what=what_of(parsed), note=working)


COMMANDS = ((CommandKind.REPORT, answer_report_command),)
"""The subcommands this feature answers (registered, in order, with the others')."""


def register(app: AsyncApp) -> None:
    """No listener beyond its subcommand."""
