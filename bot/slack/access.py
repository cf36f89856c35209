"""Refuse requests from workspaces outside ``SLACK_ALLOWED_TEAM_IDS``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.slack.deps import Deps
from bot.views import render_team_not_allowed

log = logging.getLogger(__name__)


def team_of(body: dict[str, Any]) -> str:
    """The workspace id of a command, action or event payload."""
    team = body.get("team_id") or body.get("team") or ""
    if isinstance(team, dict):
        team = team.get("id") or ""
    return str(team)


def register(app: AsyncApp, deps: Deps) -> None:
    if not deps.allowed_teams:
        return

    async def only_allowed_teams(
        body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        team = team_of(body)
        if team in deps.allowed_teams:
            await next()
            return None
        log.warning(
            "refused a request from workspace %s (not in SLACK_ALLOWED_TEAM_IDS)", team or "unknown"
        )
        if body.get("command"):
            message = render_team_not_allowed(deps.lang)
            return BoltResponse(
                status=200,
                body={"response_type": "ephemeral", "text": message.text, "blocks": message.blocks},
            )
        return BoltResponse(status=200, body="")

    app.middleware(only_allowed_teams)
