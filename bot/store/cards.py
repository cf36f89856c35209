"""The card of each task in each notify channel: the ts of the message its changes edit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, union

from bot.store.database import Database
from bot.store.outbox import DeliveryKind, DeliveryState
from bot.store.schema import cards, deliveries, subscriptions, task_memory

_ON_ITS_WAY = (DeliveryState.PENDING.value, DeliveryState.CLAIMED.value)


def remember(db: Database, *, subscription_id: int, task_id: str, channel_id: str, ts: str) -> Any:
    """Store a new card's ts (the first one stays)."""
    return db.insert_ignoring_duplicates(
        cards, subscription_id=subscription_id, task_id=task_id, channel_id=channel_id, ts=ts
    )


def carded(subscription_ids: Sequence[int], task_ids: Sequence[str]) -> Any:
    """The (subscription, task) pairs among these with a card in the channel, or with a
    card on its way (its delivery still open: it is posted before any later change)."""
    posted = select(cards.c.subscription_id, cards.c.task_id).where(
        cards.c.subscription_id.in_(subscription_ids), cards.c.task_id.in_(task_ids)
    )
    coming = select(deliveries.c.subscription_id, deliveries.c.task_id).where(
        deliveries.c.kind == DeliveryKind.CARD.value,
        deliveries.c.state.in_(_ON_ITS_WAY),
        deliveries.c.subscription_id.in_(subscription_ids),
        deliveries.c.task_id.in_(task_ids),
    )
    return union(posted, coming)


def forget(task_ids: Sequence[str]) -> Any:
    """Drop the cards of tasks the task memory forgets (long gone from IVC)."""
    return delete(cards).where(cards.c.task_id.in_(list(task_ids)))


class CardStore:
    """Reads the cards; ``UnitOfWork`` writes them with the delivery that posted them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def ts_of(self, subscription_id: int, task_id: str) -> str | None:
        """The ts of the task's card in the subscription's channel (None: no card)."""
        query = select(cards.c.ts).where(
            cards.c.subscription_id == subscription_id, cards.c.task_id == task_id
        )
        async with self._db.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one_or_none()

    async def is_card(self, task_id: str, channel_id: str, ts: str) -> bool:
        """Whether the message ``ts`` in ``channel_id`` is a card the app posted for the task."""
        query = select(cards.c.ts).where(
            cards.c.task_id == task_id, cards.c.channel_id == channel_id, cards.c.ts == ts
        )
        async with self._db.engine.connect() as conn:
            return (await conn.execute(query.limit(1))).first() is not None

    async def workspace_of(self, channel_id: str, ts: str) -> str | None:
        """The workspace whose subscription posted the card ``ts`` in ``channel_id`` (None:
        not a card of the app's)."""
        query = (
            select(subscriptions.c.team_id)
            .join(cards, cards.c.subscription_id == subscriptions.c.id)
            .where(cards.c.channel_id == channel_id, cards.c.ts == ts)
        )
        async with self._db.engine.connect() as conn:
            return (await conn.execute(query.limit(1))).scalar_one_or_none()

    async def purge_orphans(self) -> int:
        """Drop cards of tasks the task memory no longer holds; how many."""
        remembered = select(task_memory.c.task_id)
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(cards).where(cards.c.task_id.not_in(remembered)))
            return result.rowcount
