"""The worker's cross-table writes land together or not at all (SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest

from bot.store.database import Database
from bot.store.outbox import Outbox
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.store.task_memory import TaskMemoryStore
from bot.store.unit_of_work import UnitOfWork
from bot.subscriptions import SubscriptionKind
from bot.worker.planning import summary_delivery
from tests.support.tasks import NOW, make_memory

LEASE = timedelta(seconds=30)


class Boom(Exception):
    pass


async def test_a_failed_unit_writes_nothing(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = SubscriptionStore(db)
        new = NewSubscription("T1", "C1", SubscriptionKind.SUMMARY, "UTC", schedule="every 1h")
        sub = await store.create(new, now=NOW, first_run=lambda _: NOW)
        with pytest.raises(Boom):
            async with UnitOfWork(db).begin() as tx:
                await tx.record_tasks([make_memory("t1")], NOW)
                assert await tx.advance_schedule(sub.id, due=NOW, next_run_at=NOW + LEASE)
                await tx.enqueue([summary_delivery(sub, NOW)], NOW)
                raise Boom
        assert await TaskMemoryStore(db).load() == {}
        assert not await TaskMemoryStore(db).has_baseline()
        stored = await store.get(sub.id)
        assert stored is not None and stored.next_run_at == NOW
        assert await Outbox(db).counts() == {}
    finally:
        await db.aclose()


async def test_a_slot_moves_on_once_with_its_summary(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        store = SubscriptionStore(db)
        new = NewSubscription("T1", "C1", SubscriptionKind.SUMMARY, "UTC", schedule="every 1h")
        sub = await store.create(new, now=NOW, first_run=lambda _: NOW)
        uow = UnitOfWork(db)
        async with uow.begin() as tx:
            assert await tx.advance_schedule(sub.id, due=NOW, next_run_at=NOW + LEASE)
            await tx.enqueue([summary_delivery(sub, NOW)], NOW)
        async with uow.begin() as tx:  # a second replica with the same due time
            assert not await tx.advance_schedule(sub.id, due=NOW, next_run_at=NOW + LEASE)
        item = await Outbox(db).claim("replica-a", NOW, LEASE)
        assert item is not None and item.subscription_id == sub.id
        async with uow.begin() as tx:
            assert await tx.complete(item, ts="1.0", now=NOW)
            await tx.mark_summarised(sub.id, NOW)
        stored = await store.get(sub.id)
        assert stored is not None and stored.last_summary_at == NOW
        assert await Outbox(db).counts() == {"done": 1}
    finally:
        await db.aclose()
