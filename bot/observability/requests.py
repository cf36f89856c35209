"""Observe one Slack request (a slash command or a button click): bind its ids to the log
context, time the ack and the final answer, and count the outcome once."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.observability import logs
from bot.observability.metrics import Metrics, message_kind

log = logging.getLogger("bot.requests")

Reply = Callable[..., Awaitable[Any]]
_OUTCOME_IN_ACK = {"answer": "answered_in_ack", "error": "error", "refused": "refused"}
_OUTCOME_LATER = {"answer": "answered_later", "error": "error", "refused": "refused"}


def bind_request(body: dict[str, Any], what: str) -> None:
    """Team, channel and user ids of a command or action payload, and what it asks."""
    team = body.get("team_id") or body.get("team") or ""
    channel = body.get("channel_id") or body.get("channel") or ""
    user = body.get("user_id") or body.get("user") or ""
    logs.bind(
        team_id=team.get("id") if isinstance(team, dict) else team,
        channel_id=channel.get("id") if isinstance(channel, dict) else channel,
        user_id=user.get("id") if isinstance(user, dict) else user,
        command=what,
    )


class Observation:
    """Wraps ``ack`` and ``respond``; the first final message (in the ack, else the first
    ``respond``) decides the outcome."""

    def __init__(self, metrics: Metrics | None, what: str, *, kind: str = "command") -> None:
        self._metrics = metrics
        self._what = what
        self._kind = kind
        self._started = time.perf_counter()
        self._ack_seconds: float | None = None
        self._done = False

    def ack(self, ack: Reply) -> Reply:
        async def observed_ack(*args: Any, **kwargs: Any) -> Any:
            try:
                return await ack(*args, **kwargs)
            finally:
                self._acked(kwargs.get("blocks"), bare=not args and not kwargs)

        return observed_ack

    def respond(self, respond: Reply) -> Reply:
        async def observed_respond(*args: Any, **kwargs: Any) -> Any:
            try:
                return await respond(*args, **kwargs)
            finally:
                self._finish(_OUTCOME_LATER[_final_kind(kwargs.get("blocks"))])

        return observed_respond

    def _acked(self, blocks: Any, *, bare: bool) -> None:
        self._ack_seconds = time.perf_counter() - self._started
        if self._metrics is not None and self._kind == "command":
            self._metrics.command_seconds.labels(self._what, "ack").observe(self._ack_seconds)
        kind = message_kind(blocks)
        if kind != "deferred" and not bare:
            self._finish(_OUTCOME_IN_ACK[kind])

    def _finish(self, outcome: str) -> None:
        if self._done:
            return
        self._done = True
        seconds = time.perf_counter() - self._started
        if self._metrics is not None:
            if self._kind == "command":
                self._metrics.commands.labels(self._what, outcome).inc()
                self._metrics.command_seconds.labels(self._what, "answer").observe(seconds)
            else:
                self._metrics.actions.labels(self._what, outcome).inc()
        ack_ms = None if self._ack_seconds is None else round(self._ack_seconds * 1000, 1)
        log.info(
            "%s %s: %s",
            self._kind,
            self._what,
            outcome,
            extra={"outcome": outcome, "duration_ms": round(seconds * 1000, 1), "ack_ms": ack_ms},
        )


def _final_kind(blocks: Any) -> str:
    kind = message_kind(blocks)
    return "answer" if kind == "deferred" else kind
