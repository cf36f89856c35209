"""What Bolt's context carries to the listeners, and the middleware that puts it there.

Bolt passes each entry to the listener parameter of its name: ``asked`` (the typed request),
``parsed`` and ``observation``; a feature's own dependencies are its listeners' ``self``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.commands import parse_command
from bot.observability.metrics import Metrics
from bot.observability.requests import Observation, bind_request
from bot.slack.asked import ASKED, Asked, asked_of
from bot.slack.tenant import Tenant

Next = Callable[[], Awaitable[BoltResponse | None]]


class ProvideRequest(AsyncMiddleware):
    """Puts the request's ``Asked`` in every request's context (registered first), with the
    app's tenant (multi-workspace mode: ``ProvideWorkspace`` then puts the workspace's own).

    The edge's middleware are ``AsyncMiddleware`` classes: Bolt calls ``async_process``
    directly, where a plain function would have its arguments injected on every request.
    """

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant

    def provide(self, req: AsyncBoltRequest) -> None:
        """Put the request's ``Asked`` in its context."""
        req.context[ASKED] = asked_of(req.context, self.tenant)

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        self.provide(req)
        return await next()


def _observed(body: dict[str, Any]) -> tuple[str, str] | None:
    """(kind, what) of a request to observe: a command and its text, or a button click and
    its action_id; None for anything else (events, the install flow)."""
    if body.get("command"):
        return "command", str(body.get("text") or "")
    actions = body.get("actions") or []
    if body.get("type") == "block_actions" and actions:
        # "task_menu.task_3" counts as "task_menu": a suffix only keeps ids unique in a message
        action_id = str(actions[0].get("action_id") or "unknown")
        return "action", action_id.partition(".")[0][:64] or "unknown"
    return None


class ReadRequest(AsyncMiddleware):
    """Parses a slash command once (``parsed``); observes commands and button clicks
    (``observation``, and the request's ids in the log context)."""

    def __init__(self, metrics: Metrics | None) -> None:
        self.metrics = metrics

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        self.read(req)
        return await next()

    def read(self, req: AsyncBoltRequest) -> None:
        """Put the parsed command and the observation in the context of what is observed."""
        body, context = req.body, req.context
        observed = _observed(body)
        if observed is not None:
            kind, what = observed
            if kind == "command":
                context["parsed"] = parsed = parse_command(what)
                what = label = parsed.kind.value
            else:
                label = f"button:{what}"
            asked: Asked = context[ASKED]
            bind_request(
                team_id=asked.workspace, channel_id=asked.channel, user_id=asked.user, what=label
            )
            context["observation"] = Observation(self.metrics, what, kind=kind)
