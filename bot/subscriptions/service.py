"""What the subscription commands do to the stored subscriptions (no Slack here)."""

from __future__ import annotations

import time
from datetime import datetime

from bot.clock import Clock, utc_now
from bot.commands import Command
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions.model import (
    DEFAULT_NOTIFY_EVENTS,
    PAUSED_BY_USER,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from bot.subscriptions.schedules import next_run_of


class SubscriptionService:
    """Subscribe, list, pause, resume and unsubscribe the subscriptions of one channel."""

    def __init__(self, store: SubscriptionStore, clock: Clock = time.time) -> None:
        self.store = store
        self._clock = clock

    def _now(self) -> datetime:
        return utc_now(self._clock)

    async def subscribe(
        self, command: Command, *, team_id: str, channel_id: str, user_id: str, timezone: str
    ) -> Subscription:
        """Create it; ``timezone`` is used when the command names none.

        Raises ``DuplicateSubscription`` when the channel already has the same one.
        """
        now = self._now()
        if command.subscription_kind is SubscriptionKind.NOTIFY:
            new = NewSubscription(
                team_id=team_id,
                channel_id=channel_id,
                kind=SubscriptionKind.NOTIFY,
                timezone=timezone,
                events=command.events or DEFAULT_NOTIFY_EVENTS,
                created_by=user_id,
            )
        else:
            assert command.schedule is not None
            zone = command.schedule.timezone or timezone
            new = NewSubscription(
                team_id=team_id,
                channel_id=channel_id,
                kind=SubscriptionKind.SUMMARY,
                timezone=zone,
                schedule=str(command.schedule),
                created_by=user_id,
            )
        return await self.store.create(new, now=now, first_run=lambda s: next_run_of(s, now))

    async def for_channel(self, channel_id: str) -> list[Subscription]:
        """The channel's subscriptions, oldest first."""
        return await self.store.for_channel(channel_id)

    async def unsubscribe(self, channel_id: str, sub_id: int | None) -> list[int]:
        """Delete one subscription of the channel, or all of them (``sub_id`` None)."""
        return await self.store.delete(channel_id, sub_id)

    async def pause(self, channel_id: str, sub_id: int) -> Subscription | None:
        return await self.store.set_state(
            sub_id, SubscriptionState.PAUSED, reason=PAUSED_BY_USER, channel_id=channel_id
        )

    async def resume(self, channel_id: str, sub_id: int) -> Subscription | None:
        """Resume; a summary's next run is the next slot from now (missed ones are skipped)."""
        current = await self.store.get(sub_id)
        if current is None or current.channel_id != channel_id:
            return None
        next_run_at = next_run_of(current, self._now())
        return await self.store.set_state(
            sub_id,
            SubscriptionState.ACTIVE,
            reason=None,
            channel_id=channel_id,
            next_run_at=next_run_at,
        )
