"""The subscription commands: subscribe, subscriptions, unsubscribe, pause, resume (changes for
SUBSCRIPTION_ADMINS only: ``Require`` where they are registered)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
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
from bot.slack.deps import Deps
from bot.slack.errors import (
    SubscriptionsUnavailable,
)
from bot.slack.replies import replace_kwargs
from bot.slack.slash_command import what_of
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
    deps: Deps,
    work: Callable[[], Awaitable[Message]],
) -> None:
    """Ack "working", then replace the note with ``work``'s message (or the line saying why
    not): what the database answers is never waited for within Slack's 3 seconds."""

    async def replace(to: ObservedRespond) -> None:
        await to.send(await work(), replace_kwargs)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, replace, what=what_of(parsed), note=working)


# Subscriptions -----------------------------------------------------------------------------
def _service(deps: Deps) -> SubscriptionService:
    if deps.subscriptions is None:
        raise SubscriptionsUnavailable()
    return deps.subscriptions


async def subscribe_channel(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``subscribe …``: ack "working", then subscribe and confirm in the channel."""
    service = _service(deps)

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return subscribe(parsed, asked, to, client, deps, service)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=what_of(parsed), note=working)


async def list_subscriptions(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``subscriptions``: "working" now, then this channel's subscriptions."""
    service = _service(deps)

    async def listing() -> Message:
        subs = await service.for_channel(asked.team, asked.channel)
        return render_subscriptions(subs, now=utc_now(deps.source.clock), lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, listing)


async def unsubscribe(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``unsubscribe <id>`` or ``unsubscribe all``: "working" now, then what was removed."""
    service = _service(deps)
    target = None if parsed.all_subscriptions else parsed.subscription_id

    async def removal() -> Message:
        removed = await service.unsubscribe(asked.team, asked.channel, target)
        if not removed and target is not None:
            return _not_found(target, deps)
        return render_unsubscribed(removed, lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, removal)


async def pause_or_resume(
    ack: AsyncAck,
    respond: AsyncRespond,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``pause <id>`` or ``resume <id>``."""
    service = _service(deps)
    if parsed.kind is CommandKind.PAUSE:
        await _change_one(
            ack, respond, asked, parsed, deps, observation, service.pause, render_paused
        )
    else:
        change, render = service.resume, render_resumed
        await _change_one(ack, respond, asked, parsed, deps, observation, change, render)


async def _change_one(
    ack: AsyncAck,
    respond: AsyncRespond,
    asked: Asked,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    change: Callable[[str, str, int], Awaitable[Subscription | None]],
    render: Callable[..., Message],
) -> None:
    """Pause or resume one subscription of the channel (admins only): "working" now, then
    the outcome."""
    sub_id = parsed.subscription_id or 0

    async def changing() -> Message:
        changed = await change(asked.team, asked.channel, sub_id)
        return _not_found(sub_id, deps) if changed is None else render(changed, lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, changing)


def _not_found(sub_id: int, deps: Deps) -> Message:
    return render_not_found(sub_id, lang=deps.lang)


COMMANDS = (
    (CommandKind.SUBSCRIBE, subscribe_channel),
    (CommandKind.SUBSCRIPTIONS, list_subscriptions),
    (CommandKind.UNSUBSCRIBE, unsubscribe),
    (CommandKind.PAUSE, pause_or_resume),
    (CommandKind.RESUME, pause_or_resume),
)
"""The subcommands this feature answers (registered, in order, with the others')."""


def register(app: AsyncApp) -> None:
    """No listener beyond its subcommands."""
