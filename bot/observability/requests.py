"""Observe one Slack request (a slash command or a button click): bind its ids to the log
context, time the ack and the final answer, and count the outcome once, by what the final
message is (``Message.kind``)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.webhook import WebhookResponse

from bot import logs
from bot.observability.metrics import Metrics
from bot.views.message import Message, MessageKind

log = logging.getLogger("bot.requests")

Shape = Callable[[Message], dict[str, Any]]
"""How a message is sent: the keyword arguments of ``ack`` or ``respond`` for it."""

_OUTCOME_IN_ACK = {
    MessageKind.ANSWER: "answered_in_ack",
    MessageKind.ERROR: "error",
    MessageKind.REFUSED: "refused",
}
_OUTCOME_LATER = {
    MessageKind.ANSWER: "answered_later",
    MessageKind.DEFERRED: "answered_later",
    MessageKind.ERROR: "error",
    MessageKind.REFUSED: "refused",
}


def bind_request(*, team_id: str, channel_id: str, user_id: str, what: str) -> None:
    """Workspace, channel and user ids of a request, and what it asks, in every later log line."""
    logs.bind(team_id=team_id, channel_id=channel_id, user_id=user_id, command=what)


class Observation:
    """One request's timing and outcome: the first final message (sent in the ack, else the
    first ``respond``) decides the outcome."""

    def __init__(self, metrics: Metrics | None, what: str, *, kind: str = "command") -> None:
        self._metrics = metrics
        self._what = what
        self._kind = kind
        self._started = time.perf_counter()
        self._ack_seconds: float | None = None
        self._done = False

    def ack(self, ack: AsyncAck) -> ObservedAck:
        return ObservedAck(ack, self)

    def respond(self, respond: AsyncRespond) -> ObservedRespond:
        return ObservedRespond(respond, self)

    def acked(self, message: Message | None) -> None:
        """The ack went out, with ``message`` (None: a bare ack)."""
        self._ack_seconds = time.perf_counter() - self._started
        if self._metrics is not None and self._kind == "command":
            self._metrics.command_seconds_children(self._what, "ack").observe(self._ack_seconds)
        if message is not None and message.kind is not MessageKind.DEFERRED:
            self._finish(_OUTCOME_IN_ACK[message.kind])

    def responded(self, message: Message | None) -> None:
        """A ``respond`` went out, with ``message`` (None: e.g. deleting the original)."""
        self._finish(_OUTCOME_LATER[MessageKind.ANSWER if message is None else message.kind])

    def _finish(self, outcome: str) -> None:
        """The outcome is decided now; it is counted and logged once the answer is on its way
        (the next turn of the event loop, with this request's log context), so the request's
        log line is never paid for before the person gets their answer."""
        if self._done:
            return
        self._done = True
        seconds = time.perf_counter() - self._started
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop: nothing to answer first
            self._record(outcome, seconds)
        else:
            loop.call_soon(self._record, outcome, seconds)

    def _record(self, outcome: str, seconds: float) -> None:
        if self._metrics is not None:
            if self._kind == "command":
                self._metrics.command_children(self._what, outcome).inc()
                self._metrics.command_seconds_children(self._what, "answer").observe(seconds)
            else:
                self._metrics.action_children(self._what, outcome).inc()
        ack_ms = None if self._ack_seconds is None else round(self._ack_seconds * 1000, 1)
        log.info(
            "%s %s: %s",
            self._kind,
            self._what,
            outcome,
            extra={"outcome": outcome, "duration_ms": round(seconds * 1000, 1), "ack_ms": ack_ms},
        )


class ObservedAck(AsyncAck):
    """Bolt's ``ack`` that tells the observation when it went out and with what."""

    def __init__(self, ack: AsyncAck, observation: Observation) -> None:
        self.response = None  # Bolt reads the wrapped ack's response, not this one
        self._ack = ack
        self._observation = observation

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        """A bare ack (or Bolt's own arguments): timed, no outcome."""
        try:
            return await self._ack(*args, **kwargs)
        finally:
            self._observation.acked(None)

    async def send(self, message: Message, shape: Shape) -> BoltResponse:
        """Ack with ``message`` (arguments from ``shape``)."""
        try:
            return await self._ack(**shape(message))
        finally:
            self._observation.acked(message)


class ObservedRespond(AsyncRespond):
    """Bolt's ``respond`` that tells the observation when the answer went out."""

    def __init__(self, respond: AsyncRespond, observation: Observation) -> None:
        super().__init__(response_url=respond.response_url, proxy=respond.proxy, ssl=respond.ssl)
        self._respond = respond
        self._observation = observation

    async def __call__(self, *args: Any, **kwargs: Any) -> WebhookResponse:
        try:
            return await self._respond(*args, **kwargs)
        finally:
            self._observation.responded(None)

    async def send(self, message: Message, shape: Shape) -> WebhookResponse:
        """Respond with ``message`` (arguments from ``shape``)."""
        try:
            return await self._respond(**shape(message))
        finally:
            self._observation.responded(message)
