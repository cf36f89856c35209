"""The subscription commands: subscribe, subscriptions, unsubscribe, pause, resume (changes for
SUBSCRIPTION_ADMINS only: ``Require`` where they are registered)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.commands import Command, CommandKind
from bot.features.subscriptions.flow import subscribe
from bot.features.subscriptions.views import (
    render_not_found,
    render_paused,
    render_resumed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.observability.requests import Observation, ObservedRespond
from bot.services.subscriptions import SubscriptionService
from bot.slack.ack_later import ack_then
from bot.slack.asked import Asked
from bot.slack.replies import replace_kwargs
from bot.slack.slash_command import Listener, what_of
from bot.subscriptions.model import Subscription
from bot.views.message import Message
from bot.views.notices import (
    render_working,
)

log = logging.getLogger(__name__)


async def _working_then(
    ack: AsyncAck,
    respond: AsyncRespond,
    observation: Observation,
    parsed: Command,
    asked: Asked,
    work: Callable[[], Awaitable[Message]],
) -> None:
    """Ack "working", then replace the note with ``work``'s message (or the line saying why
    not): what the database answers is never waited for within Slack's 3 seconds."""

    async def replace(to: ObservedRespond) -> None:
        await to.send(await work(), replace_kwargs)

    working = render_working(asked.lang)
    await ack_then(ack, respond, observation, asked, replace, what=what_of(parsed), note=working)


# Subscriptions -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Subscriptions:
    """The subscription commands' listeners, on the app's subscription service."""

    subscriptions: SubscriptionService

    async def subscribe_channel(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        client: AsyncWebClient,
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``subscribe …``: ack "working", then subscribe and confirm in the channel."""
        service = self.subscriptions

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return subscribe(parsed, asked, to, client, subscriptions=service)

        working = render_working(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=working)

    async def list_subscriptions(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``subscriptions``: "working" now, then this channel's subscriptions."""
        service = self.subscriptions

        async def listing() -> Message:
            subs = await service.for_channel(asked.workspace, asked.channel)
            now = utc_now(asked.ivc.source.clock)
            return render_subscriptions(subs, now=now, lang=asked.lang)

        await _working_then(ack, respond, observation, parsed, asked, listing)

    async def unsubscribe(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        command: dict[str, Any],
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``unsubscribe <id>`` or ``unsubscribe all``: "working" now, then what was removed."""
        service = self.subscriptions
        target = None if parsed.all_subscriptions else parsed.subscription_id

        async def removal() -> Message:
            removed = await service.unsubscribe(asked.workspace, asked.channel, target)
            if not removed and target is not None:
                return _not_found(target, asked)
            return render_unsubscribed(removed, lang=asked.lang)

        await _working_then(ack, respond, observation, parsed, asked, removal)

    async def pause_or_resume(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``pause <id>`` or ``resume <id>``."""
        service = self.subscriptions
        if parsed.kind is CommandKind.PAUSE:
            await _change_one(
                ack, respond, asked, parsed, observation, service.pause, render_paused
            )
        else:
            change, render = service.resume, render_resumed
            await _change_one(ack, respond, asked, parsed, observation, change, render)

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return (
            (CommandKind.SUBSCRIBE, self.subscribe_channel),
            (CommandKind.SUBSCRIPTIONS, self.list_subscriptions),
            (CommandKind.UNSUBSCRIBE, self.unsubscribe),
            (CommandKind.PAUSE, self.pause_or_resume),
            (CommandKind.RESUME, self.pause_or_resume),
        )

    def register(self, app: AsyncApp) -> None:
        """No listener beyond its subcommands."""


async def _change_one(
    ack: AsyncAck,
    respond: AsyncRespond,
    asked: Asked,
    parsed: Command,
    observation: Observation,
    change: Callable[[str, str, int], Awaitable[Subscription | None]],
    render: Callable[..., Message],
) -> None:
    """Pause or resume one subscription of the channel (admins only): "working" now, then
    the outcome."""
    sub_id = parsed.subscription_id or 0

    async def changing() -> Message:
        changed = await change(asked.workspace, asked.channel, sub_id)
        return _not_found(sub_id, asked) if changed is None else render(changed, lang=asked.lang)

    await _working_then(ack, respond, observation, parsed, asked, changing)


def _not_found(sub_id: int, asked: Asked) -> Message:
    return render_not_found(sub_id, lang=asked.lang)
