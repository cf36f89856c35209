"""Refuse requests from workspaces outside ``SLACK_ALLOWED_TEAM_IDS``."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.response import BoltResponse

from bot.slack.context import Next
from bot.slack.deps import Deps
from bot.slack.ids import team_of
from bot.slack.replies import ack_kwargs
from bot.views import render_team_not_allowed

log = logging.getLogger(__name__)


async def only_allowed_teams(body: dict[str, Any], deps: Deps, next: Next) -> BoltResponse | None:
    """Middleware: pass requests from allowed workspaces (any, when none are listed); answer
    a refused slash command with one line, and anything else with an empty 200."""
    team = team_of(body)
    if not deps.allowed_teams or team in deps.allowed_teams:
        await next()
        return None
    log.warning(
        "refused a request from workspace %s (not in SLACK_ALLOWED_TEAM_IDS)", team or "unknown"
    )
    if body.get("command"):
        return BoltResponse(
            status=200, body=ack_kwargs(render_team_not_allowed(deps.lang), public=False)
        )
    return BoltResponse(status=200, body="")
