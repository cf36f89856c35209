"""Subscription commands: subscribe, subscriptions, unsubscribe, pause, resume."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.commands import Command, CommandKind
from bot.schedule import ScheduleError, validate_timezone
from bot.slack.deps import Deps
from bot.slack.replies import ack_kwargs, replace_kwargs
from bot.store.subscriptions import DuplicateSubscription
from bot.subscriptions.model import Subscription
from bot.subscriptions.refusals import SubscriptionRefused
from bot.subscriptions.service import SubscriptionService
from bot.views import (
    Message,
    render_duplicate,
    render_error,
    render_not_allowed,
    render_not_found,
    render_not_in_channel,
    render_paused,
    render_resumed,
    render_subscribed,
    render_subscriptions,
    render_unsubscribed,
    render_working,
)
from bot.views.subscriptions import render_refused
from bot.worker.poster import PostFailed, SlackPoster

log = logging.getLogger(__name__)

SUBSCRIPTION_KINDS = frozenset(
    {
        CommandKind.SUBSCRIBE,
        CommandKind.SUBSCRIPTIONS,
        CommandKind.UNSUBSCRIBE,
        CommandKind.PAUSE,
        CommandKind.RESUME,
    }
)
_CHANGES = SUBSCRIPTION_KINDS - {CommandKind.SUBSCRIPTIONS}


async def handle(
    parsed: Command,
    command: dict[str, Any],
    ack: AsyncAck,
    respond: AsyncRespond,
    client: AsyncWebClient,
    deps: Deps,
) -> None:
    """Answer a subscription command (in the ack, except ``subscribe``, which posts)."""
    service = deps.subscriptions
    user_id = str(command.get("user_id") or "")
    if service is None:
        await ack(**ack_kwargs(render_error(RuntimeError(), deps.lang), public=False))
        return
    if parsed.kind in _CHANGES and not deps.may_change_subscriptions(user_id):
        await ack(**ack_kwargs(render_not_allowed(lang=deps.lang), public=False))
        return
    if parsed.kind is CommandKind.SUBSCRIBE:
        await ack(**ack_kwargs(render_working(deps.lang), public=False))
        deps.background.spawn(
            _subscribe(parsed, command, respond, client, deps, service), name="subscribe"
        )
        return
    try:
        team_id, channel_id = (
            str(command.get("team_id") or ""),
            str(command.get("channel_id") or ""),
        )
        message = await _change(parsed, team_id, channel_id, service, deps)
    except Exception:
        log.exception("subscription command %s failed", parsed.kind.value)
        message = render_error(RuntimeError(), deps.lang)
    await ack(**ack_kwargs(message, public=False))


async def _change(
    parsed: Command, team_id: str, channel_id: str, service: SubscriptionService, deps: Deps
) -> Message:
    lang, now = deps.lang, deps.source.clock
    if parsed.kind is CommandKind.SUBSCRIPTIONS:
        subs = await service.for_channel(team_id, channel_id)
        return render_subscriptions(subs, now=utc_now(now), lang=lang)
    if parsed.kind is CommandKind.UNSUBSCRIBE:
        target = None if parsed.all_subscriptions else parsed.subscription_id
        removed = await service.unsubscribe(team_id, channel_id, target)
        if not removed and target is not None:
            return render_not_found(target, lang=lang)
        return render_unsubscribed(removed, lang=lang)
    sub_id = parsed.subscription_id or 0
    if parsed.kind is CommandKind.PAUSE:
        paused = await service.pause(team_id, channel_id, sub_id)
        return (
            render_not_found(sub_id, lang=lang)
            if paused is None
            else render_paused(paused, lang=lang)
        )
    resumed = await service.resume(team_id, channel_id, sub_id)
    return (
        render_not_found(sub_id, lang=lang)
        if resumed is None
        else render_resumed(resumed, lang=lang)
    )


async def _user_timezone(client: AsyncWebClient, user_id: str, fallback: str) -> str:
    """The caller's Slack time zone (users.info), else the configured default."""
    try:
        reply = await client.users_info(user=user_id)
        zone = (reply.get("user") or {}).get("tz")
    except Exception as error:  # a missing scope or a Slack hiccup must not block subscribing
        log.info("users.info unavailable (%s); using %s", type(error).__name__, fallback)
        return fallback
    try:
        return validate_timezone(zone) if zone else fallback
    except ScheduleError:
        return fallback


async def _subscribe(
    parsed: Command,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    deps: Deps,
    service: SubscriptionService,
) -> None:
    channel_id = str(command.get("channel_id") or "")
    user_id = str(command.get("user_id") or "")
    zone = await _user_timezone(client, user_id, deps.default_timezone)
    try:
        sub = await service.subscribe(
            parsed,
            team_id=str(command.get("team_id") or ""),
            channel_id=channel_id,
            user_id=user_id,
            timezone=zone,
        )
    except DuplicateSubscription as duplicate:
        await respond(**replace_kwargs(render_duplicate(duplicate.existing, lang=deps.lang)))
        return
    except SubscriptionRefused as refusal:
        await respond(**replace_kwargs(render_refused(refusal, lang=deps.lang)))
        return
    await _confirm_in_channel(sub, respond, client, deps, service)


async def _confirm_in_channel(
    sub: Subscription,
    respond: AsyncRespond,
    client: AsyncWebClient,
    deps: Deps,
    service: SubscriptionService,
) -> None:
    """Post the confirmation where the subscription will post; undo it if the bot cannot."""
    now = utc_now(deps.source.clock)
    message = render_subscribed(sub, lang=deps.lang, now=now)
    try:
        await SlackPoster(client).post(sub.channel_id, message, key=f"subscribed:{sub.id}")
    except PostFailed as failure:
        if failure.pause:
            await service.unsubscribe(sub.team_id, sub.channel_id, sub.id)
            await respond(**replace_kwargs(render_not_in_channel(lang=deps.lang)))
            return
        log.warning("could not post the confirmation of subscription %s: %s", sub.id, failure.error)
        await respond(**replace_kwargs(message))
        return
    await respond(delete_original=True)
