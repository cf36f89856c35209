"""A refusal sent before any listener runs: in a command's ack, or through a click's
``response_url``; and the context key of the request's tenant, which the middlewares share."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.response import BoltResponse

from bot.slack.background import BackgroundTasks
from bot.slack.replies import ack_kwargs, private_kwargs
from bot.slack.response_urls import SEND_FAILURES, post_response
from bot.views.message import Message

log = logging.getLogger(__name__)

TENANT_WORKSPACE = "tenant_team"
"""The context key of the request's tenant's workspace id (set by ``ProvideWorkspace`` in
multi-workspace mode; the app's own workspace otherwise)."""


def refusal_response(
    body: dict[str, Any], background: BackgroundTasks, message: Message
) -> BoltResponse:
    """``message`` in a command's ack, or through a click's ``response_url`` (empty ack)."""
    if body.get("command"):
        return BoltResponse(status=200, body=ack_kwargs(message, public=False))
    url = body.get("response_url")
    if isinstance(url, str) and url:
        background.spawn(_respond(url, message), name="refusal")
    return BoltResponse(status=200, body="")


async def _respond(url: str, message: Message) -> None:
    try:
        await post_response(url, private_kwargs(message))
    except SEND_FAILURES as error:
        log.warning("could not send the refusal (%s)", type(error).__name__)
