"""The per-user limit on commands and button clicks, checked before anything is parsed."""

from __future__ import annotations

import logging
import math
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.observability.metrics import Metrics
from bot.slack.asked import ASKED, Asked
from bot.slack.context import Next
from bot.slack.replies import ack_kwargs, private_kwargs
from bot.slack.user_throttle import UserThrottle
from bot.views.message import Message
from bot.views.notices import render_too_fast

log = logging.getLogger(__name__)


def _kind(body: dict[str, Any]) -> str | None:
    """ "command" or "action" for what the limit covers; None for anything else."""
    if body.get("command"):
        return "command"
    if body.get("type") == "block_actions":
        return "action"
    return None


async def _tell(respond: AsyncRespond, message: Message) -> None:
    """Show ``message`` to the clicker only, under the message they clicked."""
    await respond(**private_kwargs(message))


class LimitUsers(AsyncMiddleware):
    """After the workspace check, before parsing: a slash command beyond the limit is acked
    with one line; a click gets that line at its response_url."""

    def __init__(self, throttle: UserThrottle, metrics: Metrics | None = None) -> None:
        self.throttle = throttle
        self.metrics = metrics

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        refused = self.refusal(req)
        return refused if refused is not None else await next()

    def refusal(self, req: AsyncBoltRequest) -> BoltResponse | None:
        """None when the request is within the limit (and counted), else its refusal."""
        body, throttle = req.body, self.throttle
        kind = _kind(body)
        if kind is None:
            return None
        asked: Asked = req.context[ASKED]
        seconds = throttle.wait(asked.workspace, asked.user)
        if not seconds:
            return None
        log.warning(
            "refused a %s: more than %d in %g s from one user",
            kind,
            throttle.limit,
            throttle.window,
            extra={"team_id": asked.workspace, "user_id": asked.user},
        )
        if self.metrics is not None:
            self.metrics.throttled.labels(kind).inc()
        message = render_too_fast(math.ceil(seconds), asked.lang)
        if kind == "command":
            return BoltResponse(status=200, body=ack_kwargs(message, public=False))
        if req.context.respond is not None:
            asked.background.spawn(_tell(req.context.respond, message), name="too_fast")
        return BoltResponse(status=200, body="")
