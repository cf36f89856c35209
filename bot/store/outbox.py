"""The delivery outbox: every Slack post the app owes, claimed atomically by one replica.

A delivery's ``dedupe_key`` is unique, so the same event enqueued twice (two replicas
polling, a replayed poll, a restart) is stored once. A replica claims a delivery with a lease;
if it dies, the lease runs out and another replica takes the delivery over.

Only the queue lives here. Writes that must land together with other tables' (task memory
with its deliveries, a schedule with its summary, a delivery done with its card) go through
``bot.store.unit_of_work``, which uses the statements below.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from bot.store.database import Database
from bot.store.schema import deliveries, subscriptions


class DeliveryKind(Enum):
    SUMMARY = "summary"  # a summary subscription's scheduled status report
    CARD = "card"  # the first card of a task in a notify channel
    STATUS = "status"  # the card edited in place, and a reply in its thread
    GONE = "gone"  # the card edited: the task is no longer listed
    WATCH_READY = "watch_ready"  # a direct message to a watcher: the task is retrieved
    WATCH_GONE = "watch_gone"  # a direct message: the task is no longer listed
    WATCH_EXPIRING = "watch_expiring"  # a direct message: the copy expires soon
    UNFURL = "unfurl"  # a posted task link unfurled again (chat.unfurl): its status changed

    @property
    def direct(self) -> bool:
        """A direct message to a person (a watch), not a channel post."""
        return self.value.startswith("watch_")


class DeliveryState(Enum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"  # gave up after repeated errors
    SKIPPED = "skipped"  # the subscription (or the watch) was paused or deleted


_OPEN = (DeliveryState.PENDING.value, DeliveryState.CLAIMED.value)
_FINISHED = (DeliveryState.DONE.value, DeliveryState.FAILED.value, DeliveryState.SKIPPED.value)


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A post the app owes a channel (``subscription_id``), or a direct message it owes a
    person (``workspace_id`` and ``user_id``; ``subscription_id`` None, ``channel_id`` the user)."""

    dedupe_key: str
    subscription_id: int | None
    channel_id: str
    kind: DeliveryKind
    task_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    workspace_id: str | None = None
    user_id: str | None = None

    def values(self, now: datetime) -> dict[str, Any]:
        return {
            "dedupe_key": self.dedupe_key,
            "subscription_id": self.subscription_id,
            "team_id": self.workspace_id,
            "user_id": self.user_id,
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
    subscription_id: int | None
    channel_id: str
    kind: DeliveryKind
    task_id: str | None
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    claimed_by: str
    workspace_id: str | None = None  # a direct message's workspace and person
    user_id: str | None = None


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
        workspace_id=row.team_id,
        user_id=row.user_id,
    )


def insert(db: Database, item: NewDelivery, now: datetime) -> Any:
    """Enqueue ``item`` unless a delivery with its dedupe key exists."""
    return db.insert_ignoring_duplicates(deliveries, **item.values(now))


def _mine(delivery: Delivery) -> Any:
    return and_(
        deliveries.c.id == delivery.id,
        deliveries.c.claimed_by == delivery.claimed_by,
        deliveries.c.state == DeliveryState.CLAIMED.value,
    )


def mark_done(delivery: Delivery, *, ts: str | None, now: datetime) -> Any:
    """Done, if its claim still holds (the statement then changes one row)."""
    return (
        update(deliveries)
        .where(_mine(delivery))
        .values(state=DeliveryState.DONE.value, slack_ts=ts, done_at=now, lease_until=None)
    )


def skip_open(subscription_id: int, reason: str) -> Any:
    """Skip what a subscription still owed (it was paused)."""
    return (
        update(deliveries)
        .where(deliveries.c.subscription_id == subscription_id, deliveries.c.state.in_(_OPEN))
        .values(state=DeliveryState.SKIPPED.value, last_error=reason, lease_until=None)
    )


def skip_person_open(
    workspace_id: str, user_id: str, reason: str, *, task_id: str | None = None
) -> Any:
    """Skip the direct messages still owed to a person (about ``task_id`` only, when given):
    they unwatched it, or their watches paused."""
    condition = and_(
        deliveries.c.team_id == workspace_id,
        deliveries.c.user_id == user_id,
        deliveries.c.state.in_(_OPEN),
    )
    if task_id is not None:
        condition = and_(condition, deliveries.c.task_id == task_id)
    return (
        update(deliveries)
        .where(condition)
        .values(state=DeliveryState.SKIPPED.value, last_error=reason[:500], lease_until=None)
    )


@dataclass(frozen=True, slots=True)
class Turn:
    """Whose turn a claim is: channels and workspaces to pass over now, and the
    channels served lately, least recent first (they come after every other channel)."""

    held_channels: Sequence[str] = ()
    held_workspaces: Sequence[str] = ()
    served: Sequence[str] = ()

    def order(self) -> list[Any]:
        if not self.served:
            return []
        ranks = {channel: rank for rank, channel in enumerate(self.served, start=1)}
        return [case(ranks, value=deliveries.c.channel_id, else_=0)]


class Outbox:
    """Deliveries in the database: enqueue, claim, finish, retry, give up, release."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def enqueue(self, items: list[NewDelivery], now: datetime) -> None:
        """Store deliveries on their own (each once per dedupe key)."""
        async with self._db.engine.begin() as conn:
            for item in items:
                await conn.execute(insert(self._db, item, now))

    def _claimable(self, now: datetime, turn: Turn) -> Any:
        earlier = aliased(deliveries)
        unfurl = DeliveryKind.UNFURL.value
        same_target = or_(
            earlier.c.subscription_id == deliveries.c.subscription_id,
            and_(
                earlier.c.user_id == deliveries.c.user_id,
                earlier.c.team_id == deliveries.c.team_id,
            ),
            # a task's links in one channel: two quick changes unfurl in order
            and_(
                deliveries.c.kind == unfurl,
                earlier.c.kind == unfurl,
                earlier.c.team_id == deliveries.c.team_id,
                earlier.c.channel_id == deliveries.c.channel_id,
            ),
        )
        blocked = exists().where(
            same_target,
            earlier.c.task_id == deliveries.c.task_id,
            earlier.c.id < deliveries.c.id,
            earlier.c.state.in_(_OPEN),
        )
        query = select(deliveries.c.id).where(
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
        if turn.held_channels:
            query = query.where(deliveries.c.channel_id.not_in(list(turn.held_channels)))
        if turn.held_workspaces:
            of_held = select(subscriptions.c.id).where(
                subscriptions.c.team_id.in_(list(turn.held_workspaces))
            )
            workspaces = list(turn.held_workspaces)
            query = query.where(
                or_(
                    deliveries.c.subscription_id.not_in(of_held),
                    and_(
                        deliveries.c.subscription_id.is_(None),
                        deliveries.c.team_id.not_in(workspaces),
                    ),
                )
            )
        query = query.order_by(*turn.order(), deliveries.c.id).limit(1)
        if self._db.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=deliveries)
        return query.scalar_subquery()

    async def claim(
        self, worker: str, now: datetime, lease: timedelta, turn: Turn | None = None
    ) -> Delivery | None:
        """Take a deliverable item for ``lease``; None when there is nothing to do.

        Oldest first, except as ``turn`` says: held channels and workspaces are passed
        over, and channels served recently wait behind the others (round-robin). A delivery
        about a task waits while an earlier one about it to the same target is open (a
        subscription's channel, a person, the task's links unfurled in one channel)."""
        statement = (
            update(deliveries)
            .where(deliveries.c.id == self._claimable(now, turn or Turn()))
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

    async def complete(self, delivery: Delivery, *, ts: str | None, now: datetime) -> bool:
        """Mark done; False if the lease was lost meanwhile (another replica then owns the
        delivery). A delivery that also leaves a card or a summary time is completed
        through ``UnitOfWork``."""
        async with self._db.engine.begin() as conn:
            return (await conn.execute(mark_done(delivery, ts=ts, now=now))).rowcount == 1

    async def retry(self, delivery: Delivery, *, not_before: datetime, error: str) -> None:
        """Hand the delivery back, to be tried again from ``not_before``."""
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(_mine(delivery))
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
                .where(_mine(delivery))
                .values(state=DeliveryState.FAILED.value, lease_until=None, last_error=error[:500])
            )

    async def purge(self, before: datetime) -> int:
        """Remove finished deliveries (done, given up, skipped) that finished before
        ``before`` (or, never marked done, were created before it); how many."""
        finished_at = func.coalesce(deliveries.c.done_at, deliveries.c.created_at)
        statement = delete(deliveries).where(
            deliveries.c.state.in_(_FINISHED), finished_at < before
        )
        async with self._db.engine.begin() as conn:
            return (await conn.execute(statement)).rowcount

    async def counts(self) -> dict[str, int]:
        """Deliveries per state (for tests and metrics)."""
        query = select(deliveries.c.state, func.count()).group_by(deliveries.c.state)
        async with self._db.engine.connect() as conn:
            return {state: n for state, n in await conn.execute(query)}
