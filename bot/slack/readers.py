"""Who reads an answer (``Reader``): whether the asker is in TASK_MANAGERS (asked of
``ManagerRules``, whose user groups are cached) and whether the whole channel sees it."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.asked import Asked
from bot.slack.rights import Right, holds
from bot.views.task_menu import Reader


async def reader_of(asked: Asked, client: AsyncWebClient, *, everyone: bool) -> Reader:
    """The reader of the answer to ``asked`` (a command or a click)."""
    manager = await holds(Right.TASK_MANAGER, client, asked)
    return Reader(manager=manager, everyone=everyone)


def clicked_in_public(body: dict[str, Any]) -> bool:
    """Whether a click came from a message the whole channel sees (not ephemeral)."""
    container = body.get("container") or {}
    return container.get("type") == "message" and container.get("is_ephemeral") is False
