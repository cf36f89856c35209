"""``Outbox.release``: a replica shutting down hands its claimed deliveries back at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store.database import Database
from bot.store.outbox import DeliveryKind, NewDelivery, Outbox
from bot.store.schema import subscriptions

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


async def test_released_delivery_is_claimable_at_once_by_another_replica(database_url):
    db = await Database.open(database_url)
    try:
        async with db.engine.begin() as conn:
            inserted = (
                await conn.execute(
                    subscriptions.insert().values(
                        team_id="T0001",
                        channel_id="C0REL",
                        kind="summary",
                        schedule="every 1h",
                        timezone="UTC",
                        identity="summary:every 1h",
                        state="active",
                        created_by="U1",
                        created_at=NOW,
                    )
                )
            ).inserted_primary_key
        assert inserted is not None
        sub_id = inserted[0]
        outbox = Outbox(db)
        item = NewDelivery(
            dedupe_key="summary:rel",
            subscription_id=sub_id,
            channel_id="C0REL",
            kind=DeliveryKind.SUMMARY,
        )
        await outbox.enqueue([item], NOW)
        claimed = await outbox.claim("replica-a", NOW, LEASE)
        assert claimed is not None and claimed.attempts == 1
        assert await outbox.claim("replica-b", NOW, LEASE) is None, "held by its lease"
        assert await outbox.release("replica-b", NOW) == 0, "only the holder's own claims"
        assert await outbox.release("replica-a", NOW) == 1
        taken = await outbox.claim("replica-b", NOW, LEASE)
        assert taken is not None and taken.id == claimed.id
        assert taken.attempts == 2, "the next claim is a retry: it looks for an earlier post"
        assert await outbox.complete(taken, ts="1.0", now=NOW)
        assert (await outbox.counts()).get("done") == 1
    finally:
        await db.aclose()
