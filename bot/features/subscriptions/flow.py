"""Setting up a subscription from Slack: the caller's time zone, the subscription, and its
confirmation posted where the subscription will post (undone if the bot cannot post there)."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.commands import Command
from bot.features.subscriptions.asked import asked_subscription
from bot.features.subscriptions.views import (
    render_duplicate,
    render_not_in_channel,
    render_refused,
    render_subscribed,
)
from bot.observability.requests import ObservedRespond
from bot.services.subscriptions import SubscriptionService
from bot.slack.asked import Asked
from bot.slack.poster import PostFailed, SlackPoster
from bot.slack.replies import replace_kwargs
from bot.slack.user_zone import user_zone
from bot.store.subscriptions import DuplicateSubscription
from bot.store.unavailable import logged_if_unreachable
from bot.subscriptions.model import Subscription
from bot.subscriptions.refusals import SubscriptionRefused

log = logging.getLogger(__name__)


async def subscribe(
    parsed: Command,
    asked: Asked,
    respond: ObservedRespond,
    client: AsyncWebClient,
    *,
    subscriptions: SubscriptionService,
) -> None:
    """Subscribe the command's channel; replace the "working" note with the outcome."""
    zone = await user_zone(client, asked.user, asked.tenant.zone)
    try:
        wanted = asked_subscription(
            parsed,
            workspace_id=asked.workspace,
            channel_id=asked.channel,
            user_id=asked.user,
            timezone=zone,
        )
        sub = await subscriptions.subscribe(wanted)
    except DuplicateSubscription as duplicate:
        refusal = render_duplicate(duplicate.existing, lang=asked.lang)
        await respond.send(refusal, replace_kwargs)
        return
    except SubscriptionRefused as refused:
        await respond.send(render_refused(refused, lang=asked.lang), replace_kwargs)
        return
    await _confirm_in_channel(sub, respond, client, asked, subscriptions)


async def _confirm_in_channel(
    sub: Subscription,
    respond: ObservedRespond,
    client: AsyncWebClient,
    asked: Asked,
    service: SubscriptionService,
) -> None:
    """Post the confirmation where the subscription will post; undo it if the bot cannot."""
    now = utc_now(asked.ivc.source.clock)
    message = render_subscribed(sub, lang=asked.channel_lang, now=now)  # the channel reads it
    try:
        await SlackPoster(client).post(sub.channel_id, message, key=f"subscribed:{sub.id}")
    except PostFailed as failure:
        if failure.pause:
            await _undo(sub, service)
            refusal = render_not_in_channel(lang=asked.lang)
            await respond.send(refusal, replace_kwargs)
            return
        log.warning("could not post the confirmation of subscription %s: %s", sub.id, failure.error)
        await respond.send(message, replace_kwargs)
        return
    await respond(delete_original=True)


async def _undo(sub: Subscription, service: SubscriptionService) -> None:
    """Remove a subscription the bot cannot post for; with the database out of reach it
    stays, whole, and is paused at its first post (Slack refuses it there too)."""
    with logged_if_unreachable(f"subscription {sub.id} could not be removed"):
        await service.unsubscribe(sub.workspace_id, sub.channel_id, sub.id)
