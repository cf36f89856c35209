"""The one slash command, ``/retrieval-tasks``: a listener per kind of subcommand, chosen by the
text parsed once (``KindIs``), and what its log lines call it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.commands import Command, CommandKind
from bot.observability.requests import Observation
from bot.slack.asked import Asked
from bot.slack.context import Next
from bot.slack.replies import ack_shape
from bot.views.notices import render_not_set_up

COMMAND = "/retrieval-tasks"
PRIVATE = ack_shape(public=False)
"""An ack only the person who asked sees."""

Listener = Callable[..., Awaitable[None]]


class Feature(Protocol):
    """A feature's listeners, bound to its own dependencies: the subcommands it answers (each
    kind with its listener, in order) and the buttons, forms and events it registers."""

    def commands(self) -> Sequence[tuple[CommandKind, Listener]]: ...

    def register(self, app: AsyncApp) -> None: ...


def what_of(parsed: Command) -> str:
    """The command as its log lines name it."""
    return f"command {parsed.kind.value}"


class KindIs(AsyncMiddleware):
    """A listener's matcher on the parsed text: the listener runs only for ``kind`` commands.

    It is listener middleware, Bolt's way to say "not this listener, try the next" (not
    calling ``next``, returning nothing); unlike a matcher function, Bolt calls it without
    injecting its arguments on every request.
    """

    def __init__(self, kind: CommandKind) -> None:
        self.kind = kind

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        parsed: Command = req.context["parsed"]
        if parsed.kind is self.kind:
            await next()
        return None


async def not_set_up(
    ack: AsyncAck, parsed: Command, observation: Observation, asked: Asked
) -> None:
    """The last command listener: a subcommand no registered feature answers (its feature is
    not set up here) gets one line saying so."""
    await observation.ack(ack).send(render_not_set_up(parsed.kind.value, asked.lang), PRIVATE)
