"""A ``subscribe`` command as the subscription it asks for (the service takes the result,
never the command)."""

from __future__ import annotations

from bot.commands import Command
from bot.store.subscriptions import NewSubscription
from bot.subscriptions.model import DEFAULT_NOTIFY_EVENTS, SubscriptionKind


def asked_subscription(
    command: Command, *, workspace_id: str, channel_id: str, user_id: str, timezone: str
) -> NewSubscription:
    """The subscription a ``subscribe`` command asks for; ``timezone`` is used when the command
    names none."""
    if command.subscription_kind is SubscriptionKind.NOTIFY:
        return NewSubscription(
            workspace_id=workspace_id,
            channel_id=channel_id,
            kind=SubscriptionKind.NOTIFY,
            timezone=timezone,
            events=command.events or DEFAULT_NOTIFY_EVENTS,
            created_by=user_id,
        )
    assert command.schedule is not None
    return NewSubscription(
        workspace_id=workspace_id,
        channel_id=channel_id,
        kind=SubscriptionKind.SUMMARY,
        timezone=command.schedule.timezone or timezone,
        schedule=str(command.schedule),
        created_by=user_id,
    )
