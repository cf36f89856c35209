"""Stored subscriptions: create, list, pause, delete, and claim the summaries that are due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import as_utc
from bot.store.admission_lock import admission
from bot.store.database import Database
from bot.store.schema import subscriptions as table
from bot.subscriptions.model import (
    NotifyEvent,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)


class DuplicateSubscription(Exception):
    """The channel already has an equal subscription (``existing``)."""

    def __init__(self, existing: Subscription) -> None:
        super().__init__(f"duplicate of subscription {existing.id}")
        self.existing = existing


@dataclass(frozen=True, slots=True)
class NewSubscription:
    """What a user asked for, before it has an id."""

    workspace_id: str
    channel_id: str
    kind: SubscriptionKind
    timezone: str
    schedule: str | None = None
    events: tuple[NotifyEvent, ...] = ()
    created_by: str = ""

    @property
    def identity(self) -> str:
        """Two subscriptions of a channel with the same identity are duplicates."""
        if self.kind is SubscriptionKind.NOTIFY:
            return "notify"
        return f"summary {self.schedule} {self.timezone}"


def _in_channel(workspace_id: str, channel_id: str) -> Any:
    """The rows of one workspace's channel: a channel id alone names no tenant (Slack Connect)."""
    return (table.c.team_id == workspace_id) & (table.c.channel_id == channel_id)


def _events(text: str | None) -> tuple[NotifyEvent, ...]:
    return tuple(NotifyEvent(word) for word in (text or "").split(",") if word)


def to_subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        workspace_id=row.team_id,
        channel_id=row.channel_id,
        kind=SubscriptionKind(row.kind),
        timezone=row.timezone,
        schedule=row.schedule,
        events=_events(row.events),
        state=SubscriptionState(row.state),
        paused_reason=row.paused_reason,
        next_run_at=row.next_run_at,
        last_summary_at=row.last_summary_at,
        created_by=row.created_by,
        created_at=row.created_at,
    )


class SubscriptionStore:
    """Subscriptions in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        new: NewSubscription,
        *,
        now: datetime,
        first_run: Callable[[Subscription], datetime | None],
        admit: Callable[[list[Subscription]], None] | None = None,
    ) -> Subscription:
        """Insert; raises ``DuplicateSubscription`` when the channel has the same one.

        ``admit`` sees the channel's subscriptions inside the inserting transaction and may
        refuse by raising; a channel's subscriptions are admitted one at a time, whichever
        replica admits them, so two at once cannot both pass a limit or both miss a duplicate.
        """
        values = {
            "team_id": new.workspace_id,
            "channel_id": new.channel_id,
            "kind": new.kind.value,
            "schedule": new.schedule,
            "timezone": new.timezone,
            "identity": new.identity,
            "events": ",".join(e.value for e in new.events) or None,
            "state": SubscriptionState.ACTIVE.value,
            "created_by": new.created_by,
            "created_at": now,
        }
        try:
            key = f"subscriptions:{new.workspace_id}:{new.channel_id}"
            async with admission(self._db, key) as conn:
                if admit is not None:
                    admit(await self._channel_rows(conn, new.workspace_id, new.channel_id))
                result = await conn.execute(table.insert().values(**values).returning(table))
                sub = to_subscription(result.one())
                next_run_at = first_run(sub)
                if next_run_at is not None:
                    await conn.execute(
                        update(table).where(table.c.id == sub.id).values(next_run_at=next_run_at)
                    )
                    sub = replace(sub, next_run_at=next_run_at)
                return sub
        except IntegrityError:
            existing = await self._find(new.workspace_id, new.channel_id, new.identity)
            if existing is None:
                raise
            raise DuplicateSubscription(existing) from None

    async def _channel_rows(
        self, conn: AsyncConnection, workspace_id: str, channel_id: str
    ) -> list[Subscription]:
        query = select(table).where(_in_channel(workspace_id, channel_id)).order_by(table.c.id)
        return [to_subscription(r) for r in await conn.execute(query)]

    async def _find(self, workspace_id: str, channel_id: str, identity: str) -> Subscription | None:
        query = select(table).where(
            _in_channel(workspace_id, channel_id), table.c.identity == identity
        )
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else to_subscription(row)

    async def get(self, sub_id: int) -> Subscription | None:
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(select(table).where(table.c.id == sub_id))).first()
        return None if row is None else to_subscription(row)

    async def for_channel(self, workspace_id: str, channel_id: str) -> list[Subscription]:
        """The subscriptions of one workspace's channel, oldest first."""
        async with self._db.engine.connect() as conn:
            return await self._channel_rows(conn, workspace_id, channel_id)

    async def for_channels(
        self, channel_ids: Sequence[str], *, workspace_id: str | None = None
    ) -> list[Subscription]:
        """The subscriptions of several channels (of ``workspace_id`` when given)."""
        query = select(table).where(table.c.channel_id.in_(list(channel_ids)))
        if workspace_id is not None:
            query = query.where(table.c.team_id == workspace_id)
        async with self._db.engine.connect() as conn:
            return [to_subscription(r) for r in await conn.execute(query.order_by(table.c.id))]

    async def active_notify(self, workspaces: frozenset[str] | None = None) -> list[Subscription]:
        """Active notify subscriptions of ``workspaces`` (None: of every workspace)."""
        query = select(table).where(
            table.c.kind == SubscriptionKind.NOTIFY.value,
            table.c.state == SubscriptionState.ACTIVE.value,
        )
        if workspaces is not None:
            query = query.where(table.c.team_id.in_(sorted(workspaces)))
        async with self._db.engine.connect() as conn:
            return [to_subscription(r) for r in await conn.execute(query)]

    async def delete(self, workspace_id: str, channel_id: str, sub_id: int | None) -> list[int]:
        """Delete one subscription of the workspace's channel (or all when ``sub_id`` is None)."""
        condition = _in_channel(workspace_id, channel_id)
        if sub_id is not None:
            condition = condition & (table.c.id == sub_id)
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(condition).returning(table.c.id))
            return sorted(r.id for r in result)

    async def set_state(
        self,
        sub_id: int,
        state: SubscriptionState,
        *,
        reason: str | None,
        workspace_id: str,
        channel_id: str,
        next_run_at: datetime | None = None,
    ) -> Subscription | None:
        """Pause (with a reason) or resume one subscription of the workspace's channel."""
        condition = (table.c.id == sub_id) & _in_channel(workspace_id, channel_id)
        values: dict[str, Any] = {"state": state.value, "paused_reason": reason}
        if next_run_at is not None:
            values["next_run_at"] = next_run_at
        async with self._db.engine.begin() as conn:
            result = await conn.execute(
                update(table).where(condition).values(**values).returning(table)
            )
            row = result.first()
        return None if row is None else to_subscription(row)

    async def next_due(self) -> datetime | None:
        """When the next active summary comes due (None: no summary)."""
        query = select(func.min(table.c.next_run_at)).where(
            table.c.kind == SubscriptionKind.SUMMARY.value,
            table.c.state == SubscriptionState.ACTIVE.value,
        )
        async with self._db.engine.connect() as conn:
            value = (await conn.execute(query)).scalar_one_or_none()
        return None if value is None else as_utc(value)

    async def pause_workspace(self, workspace_id: str, reason: str) -> list[int]:
        """Pause every active subscription of the workspace ``workspace_id`` with ``reason``."""
        condition = (table.c.team_id == workspace_id) & (
            table.c.state == SubscriptionState.ACTIVE.value
        )
        values = {"state": SubscriptionState.PAUSED.value, "paused_reason": reason}
        async with self._db.engine.begin() as conn:
            result = await conn.execute(
                update(table).where(condition).values(**values).returning(table.c.id)
            )
            return sorted(r.id for r in result)

    async def due_summaries(self, now: datetime) -> list[Subscription]:
        query = select(table).where(
            table.c.kind == SubscriptionKind.SUMMARY.value,
            table.c.state == SubscriptionState.ACTIVE.value,
            table.c.next_run_at <= now,
        )
        async with self._db.engine.connect() as conn:
            return [to_subscription(r) for r in await conn.execute(query)]


def advance_next_run(sub_id: int, *, due: datetime, next_run_at: datetime) -> Any:
    """Move a summary's next run from ``due`` on (changes no row when another replica did)."""
    return (
        update(table)
        .where(table.c.id == sub_id, table.c.next_run_at == due)
        .values(next_run_at=next_run_at)
    )


def mark_summarised(sub_id: int, at: datetime) -> Any:
    """Remember when a summary was last posted (its next one lists changes since then)."""
    return update(table).where(table.c.id == sub_id).values(last_summary_at=at)


def pause(sub_id: int, reason: str) -> Any:
    """Pause a subscription with a reason."""
    return (
        update(table)
        .where(table.c.id == sub_id)
        .values(state=SubscriptionState.PAUSED.value, paused_reason=reason)
    )
