"""The delivery outbox: every Slack post the app owes, claimed atomically by one replica.

A delivery's ``dedupe_key`` is unique, so the same event enqueued twice (two replicas
polling, a replayed poll, a restart) is stored once. A replica claims a delivery with a lease;
if it dies, the lease runs out and another replica takes the delivery over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import aliased

from bot.store.database import Database
from bot.store.schema import cards, deliveries, subscriptions, task_memory, worker_state
from bot.store.task_memory import BASELINE, batches, to_row
from bot.subscriptions.model import SubscriptionState, TaskMemory


class DeliveryKind(Enum):
    SUMMARY = "summary"  # a scheduled channel summary
    CARD = "card"  # the first card of a task in a notify channel
    STATUS = "status"  # the card edited in place, and a reply in its thread
    GONE = "gone"  # the card edited: the task is no longer listed


class DeliveryState(Enum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"  # gave up after repeated errors
    SKIPPED = "skipped"  # the subscription was paused or deleted


_OPEN = (DeliveryState.PENDING.value, DeliveryState.CLAIMED.value)


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A post the app owes a channel."""

    dedupe_key: str
    subscription_id: int
    channel_id: str
    kind: DeliveryKind
    task_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def values(self, now: datetime) -> dict[str, Any]:
        return {
            "dedupe_key": self.dedupe_key,
            "subscription_id": self.subscription_id,
            "channel_id": self.channel_id,
            "kind": self.kind.value,
            "task_id": self.task_id,
            "payload": json.dumps(self.payload, ensure_ascii=False),
            "state": DeliveryState.PENDING.value,
            "not_before": now,
            "attempts": 0,
            "created_at": now,
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    """A claimed delivery."""

    id: int
    dedupe_key: str
    subscription_id: int
    channel_id: str
    kind: DeliveryKind
    task_id: str | None
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    claimed_by: str


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        dedupe_key=row.dedupe_key,
        subscription_id=row.subscription_id,
        channel_id=row.channel_id,
        kind=DeliveryKind(row.kind),
        task_id=row.task_id,
        payload=json.loads(row.payload or "{}"),
        attempts=row.attempts,
        created_at=row.created_at,
        claimed_by=row.claimed_by,
    )


class Outbox:
    """Deliveries in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_poll(
        self,
        memory: list[TaskMemory],
        items: list[NewDelivery],
        now: datetime,
        forget: list[str] | None = None,
    ) -> None:
        """Store the new task memory and the deliveries it implies, in one transaction (and
        mark that a baseline exists); ``forget`` drops the memory of long-gone tasks."""
        async with self._db.engine.begin() as conn:
            for chunk in batches({"task_id": task_id} for task_id in forget or ()):
                ids = [row["task_id"] for row in chunk]
                await conn.execute(delete(task_memory).where(task_memory.c.task_id.in_(ids)))
            await conn.execute(
                self._db.insert_ignoring_duplicates(
                    worker_state, name=BASELINE, value=now.isoformat()
                )
            )
            for rows in batches(to_row(m) for m in memory):
                await conn.execute(self._db.upsert(task_memory, rows, ["task_id"]))
            for item in items:
                await conn.execute(
                    self._db.insert_ignoring_duplicates(deliveries, **item.values(now))
                )

    async def schedule_summary(
        self, item: NewDelivery, *, due: datetime, next_run_at: datetime, now: datetime
    ) -> bool:
        """Move the subscription's next run from ``due`` and enqueue its summary, atomically.

        Returns False when another replica already did (its ``next_run_at`` moved on).
        """
        advance = (
            update(subscriptions)
            .where(subscriptions.c.id == item.subscription_id, subscriptions.c.next_run_at == due)
            .values(next_run_at=next_run_at)
        )
        async with self._db.engine.begin() as conn:
            if (await conn.execute(advance)).rowcount != 1:
                return False
            await conn.execute(self._db.insert_ignoring_duplicates(deliveries, **item.values(now)))
            return True

    def _claimable(self, now: datetime) -> Any:
        earlier = aliased(deliveries)
        blocked = exists().where(
            earlier.c.subscription_id == deliveries.c.subscription_id,
            earlier.c.task_id == deliveries.c.task_id,
            earlier.c.id < deliveries.c.id,
            earlier.c.state.in_(_OPEN),
        )
        query = (
            select(deliveries.c.id)
            .where(
                or_(
                    deliveries.c.state == DeliveryState.PENDING.value,
                    and_(
                        deliveries.c.state == DeliveryState.CLAIMED.value,
                        deliveries.c.lease_until < now,
                    ),
                ),
                deliveries.c.not_before <= now,
                ~blocked,
            )
            .order_by(deliveries.c.id)
            .limit(1)
        )
        if self._db.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=deliveries)
        return query.scalar_subquery()

    async def claim(self, worker: str, now: datetime, lease: timedelta) -> Delivery | None:
        """Take the oldest deliverable item for ``lease``; None when there is nothing to do."""
        statement = (
            update(deliveries)
            .where(deliveries.c.id == self._claimable(now))
            .values(
                state=DeliveryState.CLAIMED.value,
                claimed_by=worker,
                lease_until=now + lease,
                attempts=deliveries.c.attempts + 1,
            )
            .returning(deliveries)
        )
        async with self._db.engine.begin() as conn:
            row = (await conn.execute(statement)).first()
        return None if row is None else _delivery(row)

    def _mine(self, delivery: Delivery) -> Any:
        return and_(
            deliveries.c.id == delivery.id,
            deliveries.c.claimed_by == delivery.claimed_by,
            deliveries.c.state == DeliveryState.CLAIMED.value,
        )

    async def complete(
        self,
        delivery: Delivery,
        *,
        ts: str | None,
        now: datetime,
        card_ts: str | None = None,
        summary_at: datetime | None = None,
    ) -> bool:
        """Mark done (remembering a new card, or a summary's time); False if the lease was
        lost meanwhile (another replica then owns the delivery)."""
        async with self._db.engine.begin() as conn:
            done = await conn.execute(
                update(deliveries)
                .where(self._mine(delivery))
                .values(state=DeliveryState.DONE.value, slack_ts=ts, done_at=now, lease_until=None)
            )
            if done.rowcount != 1:
                return False
            if card_ts and delivery.task_id:
                await conn.execute(
                    self._db.insert_ignoring_duplicates(
                        cards,
                        subscription_id=delivery.subscription_id,
                        task_id=delivery.task_id,
                        channel_id=delivery.channel_id,
                        ts=card_ts,
                    )
                )
            if summary_at is not None:
                await conn.execute(
                    update(subscriptions)
                    .where(subscriptions.c.id == delivery.subscription_id)
                    .values(last_summary_at=summary_at)
                )
            return True

    async def retry(self, delivery: Delivery, *, not_before: datetime, error: str) -> None:
        """Hand the delivery back, to be tried again from ``not_before``."""
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(self._mine(delivery))
                .values(
                    state=DeliveryState.PENDING.value,
                    claimed_by=None,
                    lease_until=None,
                    not_before=not_before,
                    last_error=error[:500],
                )
            )

    async def release(self, worker: str, now: datetime) -> int:
        """Return every delivery ``worker`` holds to pending, deliverable at once (a replica
        shutting down); how many. The next claim counts as a retry, so it first looks for a
        post that may have reached Slack."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.claimed_by == worker,
                    deliveries.c.state == DeliveryState.CLAIMED.value,
                )
                .values(
                    state=DeliveryState.PENDING.value,
                    claimed_by=None,
                    lease_until=None,
                    not_before=now,
                )
            )
            return result.rowcount

    async def give_up(self, delivery: Delivery, *, error: str) -> None:
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(self._mine(delivery))
                .values(state=DeliveryState.FAILED.value, lease_until=None, last_error=error[:500])
            )

    async def pause_subscription(self, subscription_id: int, reason: str) -> None:
        """Pause a subscription that cannot post, and skip what it still owed."""
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id)
                .values(state=SubscriptionState.PAUSED.value, paused_reason=reason)
            )
            await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.subscription_id == subscription_id, deliveries.c.state.in_(_OPEN)
                )
                .values(state=DeliveryState.SKIPPED.value, last_error=reason, lease_until=None)
            )

    async def card_ts(self, subscription_id: int, task_id: str) -> str | None:
        query = select(cards.c.ts).where(
            cards.c.subscription_id == subscription_id, cards.c.task_id == task_id
        )
        async with self._db.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one_or_none()

    async def counts(self) -> dict[str, int]:
        """Deliveries per state (for tests and metrics)."""
        from sqlalchemy import func

        query = select(deliveries.c.state, func.count()).group_by(deliveries.c.state)
        async with self._db.engine.connect() as conn:
            return {state: n for state, n in await conn.execute(query)}
