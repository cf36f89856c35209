"""A Work Object's flexpane refused: ``entity.presentDetails`` with an ``error`` of one
sentence, never the task's data (the person the edge or the feature refused)."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

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
