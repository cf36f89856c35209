"""The one failure path at the Slack edge: any failure while answering a request becomes the
user's one-line message and one log line here (``build_and_log_error``), whether Bolt's error
handler (``on_error``) or a background answer (``message_or_error``) caught it."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.ivc.accounts import NotConnected
from bot.ivc.errors import IvcError
from bot.slack.replies import ack_kwargs
from bot.store.unavailable import DatabaseUnavailable, database_unavailable
from bot.views.errors import render_error
from bot.views.message import Message
from bot.views.rendering import Rendering

log = logging.getLogger(__name__)

_DEFAULT_LANG = "en"


def build_and_log_error(
    error: BaseException, *, lang: str, what: str, rendering: Rendering = Rendering.CLASSIC
) -> Message:
    """The one-line message for ``error`` (an IVC failure says which and what to do; a
    database out of reach says so; anything else a generic line, never a trace) and its log
    line."""
    error = database_unavailable(error) or error
    if isinstance(error, IvcError | NotConnected | DatabaseUnavailable):
        log.warning("%s failed: %s", what, error)
    else:
        log.error("%s failed: %s", what, type(error).__name__, exc_info=error)
    return render_error(error, lang, rendering)


async def message_or_error(
    work: Awaitable[Message], *, lang: str, what: str, rendering: Rendering = Rendering.CLASSIC
) -> Message:
    """The message ``work`` renders, or the error message if it fails (background answers;
    an ``alert`` with ``Rendering.ALERTS``)."""
    try:
        return await work
    except Exception as error:
        return build_and_log_error(error, lang=lang, what=what, rendering=rendering)


async def on_error(
    error: Exception, body: dict[str, Any], context: AsyncBoltContext
) -> BoltResponse:
    """Bolt's error handler: a failed slash command is acked with the error line (counted by
    its observation); any other request gets HTTP 500, as Bolt's default does."""
    asked = context.get("asked")
    lang = asked.lang if asked is not None else _DEFAULT_LANG
    what = f"command {context['parsed'].kind.value}" if "parsed" in context else "request"
    message = build_and_log_error(error, lang=lang, what=what)
    if not body.get("command"):
        return BoltResponse(status=500, body="")
    observation = context.get("observation")
    if observation is not None:
        observation.acked(message)
    reply = json.dumps(ack_kwargs(message, public=False), ensure_ascii=False)
    return BoltResponse(status=200, body=reply, headers={"content-type": "application/json"})
