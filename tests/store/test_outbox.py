"""``Outbox.claim`` keeps a task's unfurls of one channel in order: the next waits while an
earlier one is open (two replicas would otherwise land them in reverse), the others don't."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store.database import Database
from bot.store.outbox import DeliveryKind, NewDelivery, Outbox

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def unfurl(key: str, *, task: str = "t1", channel: str = "C1", team: str = "T1") -> NewDelivery:
    return NewDelivery(
        dedupe_key=key,
        subscription_id=None,
        channel_id=channel,
        kind=DeliveryKind.UNFURL,
        task_id=task,
        workspace_id=team,
    )


async def test_a_tasks_unfurls_in_one_channel_are_claimed_one_after_another(database_url):
    db = await Database.open(database_url)
    try:
        outbox = Outbox(db)
        await outbox.enqueue([unfurl("older"), unfurl("newer")], NOW)
        first = await outbox.claim("replica-a", NOW, LEASE)
        assert first is not None and first.dedupe_key == "older"
        assert await outbox.claim("replica-b", NOW, LEASE) is None, "waits for the older"
        assert await outbox.complete(first, ts="1.0", now=NOW)
        second = await outbox.claim("replica-b", NOW, LEASE)
        assert second is not None and second.dedupe_key == "newer"
    finally:
        await db.aclose()


async def test_unfurls_of_another_task_channel_or_workspace_do_not_wait(database_url):
    db = await Database.open(database_url)
    try:
        outbox = Outbox(db)
        others = [
            unfurl("another task", task="t2"),
            unfurl("another channel", channel="C2"),
            unfurl("another workspace", team="T2"),
        ]
        await outbox.enqueue([unfurl("first"), *others], NOW)
        claimed = [await outbox.claim(f"replica-{n}", NOW, LEASE) for n in range(4)]
        assert [c.dedupe_key for c in claimed if c is not None] == [
            "first",
            "another task",
            "another channel",
            "another workspace",
        ]
    finally:
        await db.aclose()
