"""A Work Object's flexpane refused: ``entity.presentDetails`` with an ``error`` of one
sentence, never the task's data (the person the edge or the feature refused)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.background import BackgroundTasks
from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)

DETAILS_EVENT = "entity_details_requested"
MESSAGE_MAX = 300


async def present_refusal(
    client: AsyncWebClient, trigger_id: str, sentence: str, title: str | None = None
) -> None:
    """Show ``sentence`` (and ``title``) in the flexpane instead of the task."""
    error = {"status": "custom", "custom_message": sentence[:MESSAGE_MAX]}
    if title:
        error["custom_title"] = title
    try:
        await client.entity_presentDetails(trigger_id=trigger_id, error=error)
    except SLACK_CALL_FAILURES as error_:
        log.warning("could not answer the flexpane (%s)", type(error_).__name__)


def refuse_details(
    body: dict[str, Any],
    client: AsyncWebClient | None,
    background: BackgroundTasks,
    sentence: str,
) -> bool:
    """If ``body`` asks for a flexpane, answer it with ``sentence`` (in the background, as
    the event is acked at once); whether it did."""
    event = body.get("event") or {}
    if client is None or event.get("type") != DETAILS_EVENT or not event.get("trigger_id"):
        return False
    background.spawn(present_refusal(client, str(event["trigger_id"]), sentence), name="refusal")
    return True
