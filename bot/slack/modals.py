"""Slack's views as the features use them: ``views.open`` and ``views.update`` whose refusals
are logged (a trigger cannot be retried)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)


async def open_view(client: AsyncWebClient, trigger_id: str, view: dict[str, Any]) -> str:
    """``views.open``: the new view's id, or "" (logged) when Slack refused it."""
    try:
        reply = await client.views_open(trigger_id=trigger_id, view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("views.open failed (%s); the form was not shown", type(error).__name__)
        return ""
    return str((reply.get("view") or {}).get("id") or "")


async def update_view(client: AsyncWebClient, view_id: str, view: dict[str, Any]) -> None:
    """``views.update`` (a failure is logged: the user still sees the previous view)."""
    try:
        await client.views_update(view_id=view_id, view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("views.update failed (%s)", type(error).__name__)
