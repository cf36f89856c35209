"""What the subscription commands do to the stored subscriptions (no Slack here).

Every method names the workspace and the channel: a channel id alone names no tenant (a Slack
Connect channel has one id in every organisation sharing it).
"""

from __future__ import annotations

import time
from datetime import datetime

from bot.clock import Clock, utc_now
from bot.store.subscriptions import DuplicateSubscription, NewSubscription, SubscriptionStore
from bot.subscriptions.model import (
    PAUSED_BY_USER,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from bot.subscriptions.rate import SlidingWindow
from bot.subscriptions.refusals import SubscribingTooFast, TooManySubscriptions
from bot.subscriptions.schedules import fire_alike, next_run_of

DEFAULT_MAX_PER_CHANNEL = 10
SUBSCRIBES_PER_USER = 5  # ``subscribe`` commands per user ...
SUBSCRIBE_WINDOW_SECONDS = 60.0  # ... within this many seconds


class SubscriptionService:
    """Subscribe, list, pause, resume and unsubscribe the subscriptions of one channel."""

    def __init__(
        self,
        store: SubscriptionStore,
        clock: Clock = time.time,
        *,
        max_per_channel: int = DEFAULT_MAX_PER_CHANNEL,
    ) -> None:
        self.store = store
        self._clock = clock
        self.max_per_channel = max_per_channel
        self._subscribes = SlidingWindow(SUBSCRIBES_PER_USER, SUBSCRIBE_WINDOW_SECONDS, clock)

    def _now(self) -> datetime:
        return utc_now(self._clock)

    async def subscribe(self, new: NewSubscription) -> Subscription:
        """Create it.

        Raises ``SubscribingTooFast`` past 5 subscribe commands of a user in a minute,
        ``TooManySubscriptions`` when the channel has ``max_per_channel`` already, and
        ``DuplicateSubscription`` when it has one that is the same or fires at the same
        instants for the next 14 days.
        """
        wait = self._subscribes.acquire(f"{new.workspace_id}:{new.created_by}")
        if wait > 0:
            raise SubscribingTooFast(wait)
        now = self._now()

        def admit(existing: list[Subscription]) -> None:
            self._admit(new, existing, now)

        return await self.store.create(
            new, now=now, first_run=lambda s: next_run_of(s, now), admit=admit
        )

    def _admit(self, new: NewSubscription, existing: list[Subscription], now: datetime) -> None:
        """Refuse a duplicate (the same, or firing alike) or one past the channel's limit."""
        candidate = Subscription(
            id=0,
            workspace_id=new.workspace_id,
            channel_id=new.channel_id,
            kind=new.kind,
            timezone=new.timezone,
            schedule=new.schedule,
            events=new.events,
            created_at=now,
        )
        for sub in existing:
            if sub.kind is new.kind and (
                new.kind is SubscriptionKind.NOTIFY or fire_alike(sub, candidate, now)
            ):
                raise DuplicateSubscription(sub)
        if len(existing) >= self.max_per_channel:
            raise TooManySubscriptions(self.max_per_channel)

    async def for_channel(self, workspace_id: str, channel_id: str) -> list[Subscription]:
        """The channel's subscriptions, oldest first."""
        return await self.store.for_channel(workspace_id, channel_id)

    async def unsubscribe(
        self, workspace_id: str, channel_id: str, sub_id: int | None
    ) -> list[int]:
        """Delete one subscription of the channel, or all of them (``sub_id`` None)."""
        return await self.store.delete(workspace_id, channel_id, sub_id)

    async def pause(self, workspace_id: str, channel_id: str, sub_id: int) -> Subscription | None:
        return await self.store.set_state(
            sub_id,
            SubscriptionState.PAUSED,
            reason=PAUSED_BY_USER,
            workspace_id=workspace_id,
            channel_id=channel_id,
        )

    async def resume(self, workspace_id: str, channel_id: str, sub_id: int) -> Subscription | None:
        """Resume; a summary's next run is the next slot from now (missed ones are skipped)."""
        current = await self.store.get(sub_id)
        if current is None or (current.workspace_id, current.channel_id) != (
            workspace_id,
            channel_id,
        ):
            return None
        next_run_at = next_run_of(current, self._now())
        return await self.store.set_state(
            sub_id,
            SubscriptionState.ACTIVE,
            reason=None,
            workspace_id=workspace_id,
            channel_id=channel_id,
            next_run_at=next_run_at,
        )
