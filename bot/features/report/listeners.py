"""The ``report`` command: the period report with its charts, through ``response_url``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.commands import Command, CommandKind
from bot.features.report.answers import answer_report
from bot.observability.requests import Observation, ObservedRespond
from bot.slack.ack_later import ack_then, send_rendered
from bot.slack.asked import Asked
from bot.slack.slash_command import Listener, what_of
from bot.views.message import Message
from bot.views.notices import (
    render_working,
)
from bot.views.rendering import Rendering

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Report:
    """The ``report`` command's listener (all it uses comes with the request)."""

    async def answer_report_command(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``report [7d|30d]``: "working" now, then the report with its charts (classic lines
        where the workspace refuses charts) through ``response_url``."""
        ivc, workspace = asked.ivc, asked.workspace

        def work(rendering: Rendering) -> Awaitable[Message]:
            return answer_report(
                parsed.report_days,
                ivc.source,
                ivc.history,
                workspace_id=workspace,
                zone=asked.tenant.zone,
                lang=asked.lang_for(parsed.public),
                rendering=rendering,
            )

        def later(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return send_rendered(parsed, to, asked, work)

        working = render_working(asked.lang)
        await ack_then(ack, respond, observation, asked, later, what=what_of(parsed), note=working)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return ((CommandKind.REPORT, self.answer_report_command),)

    def register(self, app: AsyncApp) -> None:
        """No listener beyond its subcommand."""
