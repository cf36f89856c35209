"""Ack now, answer later: the one way a listener acknowledges at once and lets work that takes
longer answer through ``response_url`` (or, when it fails, the one line saying why)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncRespond

from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.deps import Deps
from bot.slack.replies import ack_shape, replace_kwargs
from bot.views.message import Message

Work = Callable[[ObservedRespond], Coroutine[Any, Any, None]]
"""What answers later, given where to answer."""

_PRIVATE = ack_shape(public=False)


async def ack_then(
    ack: AsyncAck,
    respond: AsyncRespond,
    observation: Observation,
    deps: Deps,
    work: Work,
    *,
    what: str,
    note: Message | None = None,
    shape: Shape = replace_kwargs,
) -> None:
    """Ack (empty, or with ``note`` for the asker alone: "Working on it…"), then run ``work``
    in the background (named ``what``); it sends its answer as ``shape`` says, or the one-line
    error replaces it, so an ack always gets its answer."""
    acked = observation.ack(ack)
    if note is None:
        await acked()
    else:
        await acked.send(note, _PRIVATE)
    answering = observation.respond(respond)
    deps.background.answer(work(answering), answering, lang=deps.lang, what=what, shape=shape)
