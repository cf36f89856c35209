"""A write's notices bring its account's poll forward: the lease is due now, this process's
polling is woken, and the notice that wakes the other workers still goes out, also when the
database cannot take the update."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.database import Database
from bot.store.poll_leases import PollLeases
from bot.store.poll_soon import PollSoon

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTERVAL = timedelta(seconds=60)
LEASE = timedelta(seconds=30)


class Published:
    """Change notices that remember what was published."""

    def __init__(self) -> None:
        self.task_ids: list[str | None] = []

    async def publish(self, task_id: str | None = None) -> None:
        self.task_ids.append(task_id)


async def test_a_write_makes_its_account_due_wakes_polling_and_publishes(db: Database) -> None:
    leases = PollLeases(db, interval=INTERVAL)
    await leases.ensure(["team:T1", "team:T2"], NOW - INTERVAL)
    [claim] = [c for c in await leases.claim("r1", NOW, LEASE) if c.account_key == "team:T1"]
    assert await leases.finish(claim, NOW)  # polled: next due an interval on
    published, woken = Published(), []
    soon = PollSoon(published, leases, "team:T1", wake=lambda: woken.append(1), clock=NOW.timestamp)
    await soon.publish("t-1")
    assert published.task_ids == ["t-1"] and woken == [1]
    claimed = await leases.claim("r2", NOW, LEASE)
    assert "team:T1" in {c.account_key for c in claimed}, "due at once, not an interval on"


class Unreachable(PollLeases):
    """Leases whose database is away."""

    async def due_now(self, account_key: str, now: datetime) -> None:
        raise ConnectionRefusedError("database away")


async def test_the_notice_goes_out_when_the_database_is_away(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    published, woken = Published(), []
    leases = Unreachable(db, interval=INTERVAL)
    soon = PollSoon(published, leases, "team:T1", wake=lambda: woken.append(1))
    with caplog.at_level(logging.WARNING, logger="bot.store.poll_soon"):
        await soon.publish(None)
    assert published.task_ids == [None] and woken == []
    assert "could not bring the poll of team:T1 forward (ConnectionRefusedError)" in caplog.text
