"""The database gauges behind ``/metrics``: a scrape never waits on a held database after the
first, and the next scrape shows what the read behind the last one found. Real PostgreSQL,
held by another session's table lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from prometheus_client import CollectorRegistry, Gauge

from bot.commands import parse_command
from bot.features.subscriptions.asked import asked_subscription
from bot.observability.db_gauges import READ_EVERY_SECONDS, DatabaseGauges
from bot.services.subscriptions import SubscriptionService
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from tests.support.clock import FakeClock
from tests.support.databases import empty_database
from tests.support.polling import bound, wait_until_async

HELD = bound(10)
"""A failure bound: a scrape that waited on the held table would never return."""


@pytest.fixture
async def db(postgres_url: str) -> AsyncIterator[Database]:
    await empty_database(postgres_url)
    database = await Database.open(postgres_url)
    try:
        yield database
    finally:
        await database.aclose()


class Scraped:
    """The two gauges as a registry of their own, and the reader that sets them."""

    def __init__(self, db: Database) -> None:
        self.registry = CollectorRegistry()
        subscriptions = Gauge("subscriptions", "", ["kind", "state"], registry=self.registry)
        outbox = Gauge("outbox", "", ["state"], registry=self.registry)
        self.clock = FakeClock(0)
        self.reader = DatabaseGauges(db, subscriptions, outbox, clock=self.clock)

    def value(self, name: str, **labels: str) -> float | None:
        return self.registry.get_sample_value(name, labels)

    def active_summaries(self) -> float | None:
        return self.value("subscriptions", kind="summary", state="active")


async def _subscribe(db: Database) -> None:
    service = SubscriptionService(SubscriptionStore(db), max_per_channel=5)
    await service.subscribe(
        asked_subscription(
            parse_command("subscribe daily 09:00"),
            workspace_id="T0001",
            channel_id="C0GAUGE",
            user_id="U0001",
            timezone="UTC",
        )
    )


async def _hold(postgres_url: str) -> asyncpg.Connection:
    """Another session holding the subscriptions table: every read of it waits."""
    conn = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg", "postgresql"))
    await conn.execute("BEGIN")
    await conn.execute("LOCK TABLE subscriptions IN ACCESS EXCLUSIVE MODE")
    return conn


async def test_the_first_scrape_waits_for_the_gauges(db: Database) -> None:
    await _subscribe(db)
    scraped = Scraped(db)
    await scraped.reader.refresh()
    assert scraped.active_summaries() == 1
    assert scraped.value("subscriptions", kind="notify", state="paused") == 0
    assert scraped.value("outbox", state="done") == 0
    assert not scraped.reader.reading


async def test_a_scrape_answers_while_the_database_is_held(db: Database, postgres_url: str):
    scraped = Scraped(db)
    await scraped.reader.refresh()
    assert scraped.active_summaries() == 0
    await _subscribe(db)
    holder = await _hold(postgres_url)
    try:
        scraped.clock.advance(READ_EVERY_SECONDS)
        await asyncio.wait_for(scraped.reader.refresh(), HELD)
        assert scraped.reader.reading
        await asyncio.wait_for(scraped.reader.refresh(), HELD)  # joins the read under way
        assert scraped.active_summaries() == 0, "the last read finished is shown"
    finally:
        await holder.execute("ROLLBACK")
        await holder.close()
    await wait_until_async(lambda: not scraped.reader.reading, "the read finishes", 10)
    assert scraped.active_summaries() == 1


async def test_shutdown_stops_a_held_read(db: Database, postgres_url: str) -> None:
    scraped = Scraped(db)
    await scraped.reader.refresh()
    holder = await _hold(postgres_url)
    try:
        scraped.clock.advance(READ_EVERY_SECONDS)
        await scraped.reader.refresh()
        assert scraped.reader.reading
        await asyncio.wait_for(scraped.reader.aclose(), HELD)
        assert not scraped.reader.reading
    finally:
        await holder.execute("ROLLBACK")
        await holder.close()


async def test_scrapes_close_together_share_a_read(db: Database) -> None:
    scraped = Scraped(db)
    await scraped.reader.refresh()
    await _subscribe(db)
    scraped.clock.advance(READ_EVERY_SECONDS - 0.1)
    await scraped.reader.refresh()
    assert not scraped.reader.reading, "no read within READ_EVERY_SECONDS of the last"
    assert scraped.active_summaries() == 0
    scraped.clock.advance(0.1)
    await scraped.reader.refresh()
    await wait_until_async(lambda: not scraped.reader.reading, "the read finishes", 10)
    assert scraped.active_summaries() == 1
