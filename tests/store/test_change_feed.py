"""Change notices between replicas on PostgreSQL: a write on one replica drops another's
cached list (and a deleted task's details) through NOTIFY/LISTEN; the listener listens again
after its connection is killed; a notice that cannot be sent never fails the write; SQLite
has no feed. Conditions are waited on, with deadlines only as failure bounds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.ivc.actions import TaskActions
from bot.ivc.backend import IvcBackend
from bot.ivc.backoff import Backoff
from bot.ivc.change_notices import LocalOnly
from bot.ivc.source import TaskSource
from bot.store.change_feed import ChangeFeed, PostgresNotices
from bot.store.change_listener import ChangeListener
from bot.store.change_notice import account_key
from bot.store.database import Database
from bot.store.engine import create_engine
from tests.support.polling import wait_until_async
from tests.support.simulator import RunningSim, backend_for, new_task_for

ACCOUNT = account_key("test", "change-feed")
DEADLINE = 10.0
PASSWORD = "pw-DISTINCTIVE-dsn-3b7e"  # trust auth ignores it; it must never be logged


@dataclass
class Replica:
    """What a replica has of the feed: its task source, database and counted events."""

    backend: IvcBackend
    source: TaskSource
    db: Database
    feed: ChangeFeed
    events: list[str] = field(default_factory=list)


@pytest.fixture
async def pair(simulator: RunningSim, postgres_url: str) -> AsyncIterator[list[Replica]]:
    """Replicas A and B on one simulator and one PostgreSQL database, both listening, each
    with a task list cached for an hour."""
    replicas: list[Replica] = []
    for _ in range(2):
        backend = backend_for("ivc", simulator)
        source = TaskSource(backend, ttl=3600, max_stale=0, details_ttl=3600)
        db = Database(create_engine(postgres_url))
        events: list[str] = []
        feed = ChangeFeed.for_database(db, source.invalidate, account=ACCOUNT, count=events.append)
        replicas.append(Replica(backend, source, db, feed, events))
        feed.start()
    try:
        await wait_until_async(
            lambda: all(r.feed.listening for r in replicas), "both listening", DEADLINE
        )
        for replica in replicas:
            await replica.source.list()
        yield replicas
    finally:
        for replica in replicas:
            await replica.feed.aclose()
            await replica.source.aclose()
            await replica.db.aclose()


def _actions(replica: Replica) -> TaskActions:
    return TaskActions(
        replica.backend,
        replica.source,
        zone=ZoneInfo("Asia/Shanghai"),
        notices=replica.feed.notices,
    )


async def test_a_create_on_one_replica_drops_the_cached_list_of_the_other(
    pair: list[Replica], simulator: RunningSim
) -> None:
    a, b = pair
    assert b.source.peek() is not None, "B holds the old list"
    created = await _actions(a).create(new_task_for(simulator.sim, "heard_elsewhere"))
    await wait_until_async(lambda: b.source.peek() is None, "B dropped its list", DEADLINE)
    assert created.task.task_id in {t.task_id for t in (await b.source.list()).tasks}
    await wait_until_async(lambda: "own" in a.events, "A heard its own notice", DEADLINE)
    assert a.events.count("sent") == 1 and "received" not in a.events, "A skips its own"
    assert b.events.count("received") == 1 and "sent" not in b.events


async def test_a_delete_on_one_replica_drops_that_tasks_details_on_the_other(
    pair: list[Replica], simulator: RunningSim
) -> None:
    a, b = pair
    created = await _actions(a).create(new_task_for(simulator.sim, "deleted_elsewhere"))
    task_id = created.task.task_id
    await wait_until_async(lambda: b.events.count("received") == 1, "the create", DEADLINE)
    await b.source.details(task_id)
    assert b.source.details_cache.peek(task_id) is not None
    await _actions(a).delete(task_id)
    await wait_until_async(
        lambda: b.source.details_cache.peek(task_id) is None, "B dropped the details", DEADLINE
    )
    assert task_id not in {t.task_id for t in (await b.source.list()).tasks}


async def test_another_accounts_notice_is_ignored(pair: list[Replica], postgres_url: str) -> None:
    a, b = pair
    other = PostgresNotices(a.db.engine, account="another", origin="x", count=a.events.append)
    await other.publish()
    await wait_until_async(lambda: "other_account" in b.events, "B heard it", DEADLINE)
    assert b.source.peek() is not None, "B kept its list"


async def _terminate(url: str, pid: int) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await engine.dispose()


async def test_a_killed_listening_connection_listens_again_and_hears_the_next_notice(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = make_url(postgres_url).set(password=PASSWORD)
    changes: list[str | None] = []
    events: list[str] = []
    listener = ChangeListener(
        url,
        changes.append,
        account=ACCOUNT,
        origin="listener",
        count=events.append,
        backoff=Backoff(initial=0.05, cap=0.05),
    )
    running = asyncio.create_task(listener.run())
    engine = create_async_engine(url)
    try:
        with caplog.at_level(logging.INFO, logger="bot.store.change_listener"):
            await wait_until_async(lambda: listener.listening, "listening", DEADLINE)
            first = listener.server_pid
            assert first is not None and changes == [None], "a new session drops the list"
            await _terminate(postgres_url, first)
            await wait_until_async(
                lambda: listener.sessions == 2 and listener.listening, "listening again", DEADLINE
            )
            assert listener.server_pid != first
            assert changes == [None, None], "notices may have been missed: dropped again"
            notices = PostgresNotices(engine, account=ACCOUNT, origin="writer", count=events.append)
            await notices.publish("0123456789abcdef0123456789abcdef")
            await wait_until_async(lambda: len(changes) == 3, "the next notice", DEADLINE)
            assert changes[-1] == "0123456789abcdef0123456789abcdef"
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await listener.aclose()
        await engine.dispose()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "change feed: not listening" in warnings[0].getMessage()
    assert "listening again" in caplog.text
    assert PASSWORD not in caplog.text and "127.0.0.1" not in caplog.text


async def test_a_notice_that_cannot_be_sent_is_logged_without_the_dsn_and_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = create_async_engine(f"postgresql+asyncpg://app:{PASSWORD}@127.0.0.1:1/none")
    events: list[str] = []
    notices = PostgresNotices(engine, account=ACCOUNT, origin="a", count=events.append)
    try:
        with caplog.at_level(logging.WARNING):
            await notices.publish()
    finally:
        await engine.dispose()
    assert events == ["send_failed"]
    assert "change notice not sent" in caplog.text and PASSWORD not in caplog.text


async def test_sqlite_has_no_feed(tmp_path: Path) -> None:
    db = Database(create_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"))
    try:
        feed = ChangeFeed.for_database(db, lambda _task_id: None, account=ACCOUNT, count=print)
        feed.start()
        assert isinstance(feed.notices, LocalOnly) and feed.listener is None
        assert not feed.listening
        await feed.aclose()
    finally:
        await db.aclose()


async def test_another_accounts_notice_reaches_the_replicas_own_accounts(
    simulator: RunningSim, postgres_url: str
) -> None:
    """Multi-workspace mode: a write to a workspace's own account on one replica
    is heard by the others (``others``), which drop that account's cached list."""
    heard: list[tuple[str | None, str | None]] = []
    db_a, db_b = Database(create_engine(postgres_url)), Database(create_engine(postgres_url))
    a = ChangeFeed.for_database(db_a, lambda _t: None, account=ACCOUNT, count=lambda _e: None)
    b = ChangeFeed.for_database(
        db_b,
        lambda _t: None,
        account=ACCOUNT,
        count=lambda _e: None,
        others=lambda key, task_id: heard.append((key, task_id)),
    )
    b.start()
    try:
        await wait_until_async(lambda: b.listening, "B listening", DEADLINE)
        assert heard == [(None, None)], "listening (again) drops every account's list"
        await a.notices_for("team-account").publish("t" * 32)
        await wait_until_async(lambda: len(heard) == 2, "B heard it", DEADLINE)
        assert heard[1] == ("team-account", "t" * 32)
    finally:
        await b.aclose()
        await db_a.aclose()
        await db_b.aclose()


def test_sqlite_notices_of_any_account_stay_local(tmp_path: Path) -> None:
    db = Database(create_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    feed = ChangeFeed.for_database(db, lambda _t: None, account=ACCOUNT, count=lambda _e: None)
    assert isinstance(feed.notices_for("team-account"), LocalOnly)
