"""The worker's writes that span tables, each group in one transaction.

A poll stores its task memory with the deliveries it implies; the scheduler moves a
summary's next run with the summary it enqueues; a finished delivery is marked done with
the card it posted or the summary time it leaves; a subscription Slack refuses is paused
with what it still owed skipped (and a person's watches, when Slack refuses them direct
messages); a watch's reminder is enqueued with its "reminded" mark. Either all of a group
lands, or none of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reports.history import HistoryEvent
from bot.store import (
    cards,
    outbox,
    subscriptions,
    task_history,
    task_memory,
    unfurled_links,
    watches,
)
from bot.store.database import Database
from bot.store.outbox import Delivery, NewDelivery
from bot.store.unfurled_links import UnfurledLink
from bot.tasks.memory import TaskMemory
from bot.watches.model import Watch


class Transaction:
    """Writes inside one open transaction (``UnitOfWork.begin``)."""

    def __init__(self, db: Database, conn: AsyncConnection) -> None:
        self._db, self._conn = db, conn

    async def carded(
        self, subscription_ids: Sequence[int], task_ids: Sequence[str]
    ) -> set[tuple[int, str]]:
        """Which of these subscriptions have (or are about to post) a card of which task."""
        found: set[tuple[int, str]] = set()
        if not subscription_ids:
            return found
        for chunk in task_memory.batches(task_ids):
            rows = await self._conn.execute(cards.carded(subscription_ids, chunk))
            found.update((row[0], row[1]) for row in rows)
        return found

    async def unfurled(
        self, account: str, task_ids: Sequence[str], since: datetime
    ) -> list[UnfurledLink]:
        """The posted links of these tasks of ``account`` unfurled since ``since``."""
        found: list[UnfurledLink] = []
        for chunk in task_memory.batches(task_ids):
            rows = await self._conn.execute(unfurled_links.of_tasks(account, chunk, since))
            found += unfurled_links.links_of(rows)
        return found

    async def enqueue(self, items: Sequence[NewDelivery], now: datetime) -> None:
        """Deliveries, each stored once per dedupe key."""
        for item in items:
            await self._conn.execute(outbox.insert(self._db, item, now))

    async def record_tasks(
        self,
        changed: Sequence[TaskMemory],
        now: datetime,
        *,
        forget: Sequence[str] = (),
        account: str = task_memory.SHARED_MEMORY,
    ) -> None:
        """A poll's task memory of ``account`` (and that a baseline exists); ``forget`` drops
        long-gone tasks with their cards."""
        for write in task_memory.recording(self._db, changed, now, forget, account):
            await self._conn.execute(write.statement, write.rows)
        for chunk in task_memory.batches(forget):
            await self._conn.execute(cards.forget(chunk))

    async def record_history(
        self,
        events: Sequence[HistoryEvent],
        *,
        workspace_id: str = task_history.ANY_WORKSPACE,
        account: str = task_history.DEFAULT_ACCOUNT,
    ) -> None:
        """A poll's first sightings and status changes, for reports."""
        for write in task_history.recording(self._db, events, workspace_id, account):
            await self._conn.execute(write.statement, write.rows)

    async def finish_poll(self, statement: Any) -> bool:
        """End an account's poll with what it wrote (``PollLeases.finishing``); False when
        its lease was lost meanwhile (the caller then rolls everything back)."""
        return (await self._conn.execute(statement)).rowcount == 1

    async def advance_schedule(
        self, subscription_id: int, *, due: datetime, next_run_at: datetime
    ) -> bool:
        """Move a summary's next run on from ``due``; False when another replica already did."""
        statement = subscriptions.advance_next_run(
            subscription_id, due=due, next_run_at=next_run_at
        )
        return (await self._conn.execute(statement)).rowcount == 1

    async def complete(self, delivery: Delivery, *, ts: str | None, now: datetime) -> bool:
        """Mark a claimed delivery done; False if its lease was lost meanwhile."""
        done = await self._conn.execute(outbox.mark_done(delivery, ts=ts, now=now))
        return done.rowcount == 1

    async def remember_card(self, delivery: Delivery, ts: str) -> None:
        """The card a delivery posted, for later edits of that task's card."""
        if delivery.task_id and delivery.subscription_id is not None:
            await self._conn.execute(
                cards.remember(
                    self._db,
                    subscription_id=delivery.subscription_id,
                    task_id=delivery.task_id,
                    channel_id=delivery.channel_id,
                    ts=ts,
                )
            )

    async def mark_summarised(self, subscription_id: int, at: datetime) -> None:
        await self._conn.execute(subscriptions.mark_summarised(subscription_id, at))

    async def pause_subscription(self, subscription_id: int, reason: str) -> None:
        """Pause a subscription that cannot post, and skip what it still owed."""
        await self._conn.execute(subscriptions.pause(subscription_id, reason))
        await self._conn.execute(outbox.skip_open(subscription_id, reason))

    async def remind(self, watch: Watch, item: NewDelivery | None, now: datetime) -> bool:
        """Mark a watch reminded and enqueue its reminder (None: too late, none is sent);
        False when another replica already did."""
        marked = await self._conn.execute(watches.mark_reminded(watch, now))
        if marked.rowcount != 1:
            return False
        if item is not None:
            await self._conn.execute(outbox.insert(self._db, item, now))
        return True

    async def keep_thread(self, delivery: Delivery, ts: str) -> None:
        """The first direct message about a task: later ones go in its thread."""
        if delivery.workspace_id and delivery.user_id and delivery.task_id:
            statement = watches.keep_thread(
                delivery.workspace_id, delivery.user_id, delivery.task_id, ts
            )
            await self._conn.execute(statement)

    async def pause_watches(self, workspace_id: str, user_id: str, reason: str) -> None:
        """Pause a person's watches (Slack refuses them direct messages) and skip what they
        were still owed."""
        await self._conn.execute(watches.pause_person(workspace_id, user_id, reason))
        await self._conn.execute(outbox.skip_person_open(workspace_id, user_id, reason))


class UnitOfWork:
    """Opens a ``Transaction``: it commits when the block ends, rolls back on an error."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[Transaction]:
        async with self._db.engine.begin() as conn:
            yield Transaction(self._db, conn)
