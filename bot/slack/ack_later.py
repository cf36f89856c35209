"""Ack now, answer later: the one way a listener acknowledges at once and lets work that takes
longer answer through ``response_url`` (or, when it fails, the one line saying why)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncRespond

from bot.commands import Command
from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.asked import Asked
from bot.slack.block_kit import respond_sender, send_with_fallback
from bot.slack.errors import message_or_error
from bot.slack.replies import private_kwargs, public_kwargs, replace_kwargs
from bot.slack.slash_command import PRIVATE, what_of
from bot.views.message import Message
from bot.views.rendering import Rendering

Work = Callable[[ObservedRespond], Coroutine[Any, Any, None]]
"""What answers later, given where to answer."""


async def ack_then(
    ack: AsyncAck,
    respond: AsyncRespond,
    observation: Observation,
    asked: Asked,
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
        await acked.send(note, PRIVATE)
    answering = observation.respond(respond)
    asked.background.answer(work(answering), answering, lang=asked.lang, what=what, shape=shape)


async def send_rendered(
    parsed: Command,
    respond: ObservedRespond,
    asked: Asked,
    work: Callable[[Rendering], Awaitable[Message]],
    *,
    note: bool = True,
) -> None:
    """Fetch, render and replace the note the ack showed (or post publicly, then remove it;
    ``note`` False: the ack showed none); each newer kind the workspace refuses in its classic
    form (``send_with_fallback``). A public answer's error line speaks the channel's language,
    as the answer does."""
    lang = asked.lang_for(parsed.public)

    async def render(rendering: Rendering) -> Message:
        return await message_or_error(
            work(rendering), lang=lang, what=what_of(parsed), rendering=rendering
        )

    shape = public_kwargs if parsed.public else replace_kwargs
    sender = respond_sender(respond, shape)
    await send_with_fallback(asked.tenant.renderings, asked.workspace, render, sender)
    if parsed.public and note:
        await respond(delete_original=True)


def chosen_value(action: dict[str, Any]) -> str:
    """An overflow's selected option's value, or a button's value."""
    selected = action.get("selected_option")
    if isinstance(selected, dict):
        return str(selected.get("value") or "")
    return str(action.get("value") or "")


ClickWork = Callable[[str, ObservedRespond, Asked], Coroutine[Any, Any, None]]
"""What a click on a task's button does: ``(value, respond, asked)``."""


def for_the_clicker(work: ClickWork) -> Callable[..., Coroutine[Any, Any, None]]:
    """The listener of a task's button (or select) whose ``work`` answers the clicker alone:
    ack, then ``work`` on the clicked value (a button's, or a select's chosen option's) for
    the clicker (from the signed request, never the payload) in the background; the work
    checks the value itself. Watch, a DM's Unwatch, and Play (a task's, a camera's, or a
    camera picked in the select: a fresh link, checked against IVC)."""

    async def listener(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        observation: Observation,
        asked: Asked,
    ) -> None:
        value = chosen_value(action)

        def done(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return work(value, to, asked)

        what = work.__name__
        await ack_then(ack, respond, observation, asked, done, what=what, shape=private_kwargs)

    listener.__name__ = work.__name__
    return listener
