"""PostgreSQL that silently stops answering (a blackholed connection, behind a loopback
proxy): opening the database, a statement and the wait for a pooled connection each fail
within their timeout, as "the database is out of reach", instead of holding the request;
migrations alone run without a statement timeout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import engine as engine_module
from bot.store.database import Database
from bot.store.engine import create_engine
from bot.store.migrate import _PG_MIGRATION_LOCK
from bot.store.unavailable import DatabaseUnavailable, database_unavailable
from tests.support.app_process import free_port
from tests.support.polling import bound
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

SHORT = 0.2
"""A timeout under test, shortened so the test is quick: reached whatever the machine's load
(the database never answers)."""

HANGS = bound(4)
"""The failure bound of an operation that must fail within ``SHORT`` (plus a close): at the
default scale below the libraries' own timeouts (60 s to connect, 30 s for the pool, none for
a statement), so the tests fail without the engine's."""


async def _failure(operation: Awaitable[object]) -> BaseException:
    """The error ``operation`` raises; within ``HANGS`` (else the test fails)."""

    async def failing() -> BaseException:
        try:
            await operation
        except Exception as error:
            return error
        raise AssertionError("it did not fail")

    return await asyncio.wait_for(failing(), HANGS)


def _through(proxy: TcpProxy, url: str) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def _assert_out_of_reach(error: BaseException) -> None:
    assert isinstance(database_unavailable(error), DatabaseUnavailable), repr(error)


async def test_opening_a_database_that_never_answers_fails_as_out_of_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "CONNECT_TIMEOUT_SECONDS", SHORT)
    with tcp_proxy(("127.0.0.1", free_port())) as proxy:
        proxy.blackhole()
        url = _through(proxy, "postgresql+asyncpg://postgres@127.0.0.1/x")
        _assert_out_of_reach(await _failure(Database.open(url)))


async def test_a_statement_the_database_never_answers_fails_as_out_of_reach(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the statements before the blackhole must pass within it on a busy machine too
    monkeypatch.setattr(engine_module, "COMMAND_TIMEOUT_SECONDS", bound(0.5))
    direct = make_url(postgres_url)
    with tcp_proxy((direct.host or "127.0.0.1", direct.port or 5432)) as proxy:
        engine = create_engine(_through(proxy, postgres_url))

        async def unanswered() -> None:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                proxy.blackhole()
                await conn.execute(text("SELECT 1"))

        try:
            _assert_out_of_reach(await _failure(unanswered()))
        finally:
            proxy.cut()  # a connection left blackholed would hold dispose()
            await engine.dispose()


@asynccontextmanager
async def _all_checked_out(engine: AsyncEngine) -> AsyncIterator[None]:
    """Every connection the pool may open (its size and overflow), in use."""
    async with AsyncExitStack() as stack:
        pool = engine.sync_engine.pool
        for _ in range(pool.size() + pool._max_overflow):  # type: ignore[attr-defined]
            await stack.enter_async_context(engine.connect())
        yield


async def test_waiting_for_a_pooled_connection_fails_as_out_of_reach(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "POOL_TIMEOUT_SECONDS", SHORT)
    engine = create_engine(postgres_url)
    try:
        async with _all_checked_out(engine):
            _assert_out_of_reach(await _failure(engine.connect().start()))
    finally:
        await engine.dispose()


async def _until_a_migration_has_waited(
    engine: AsyncEngine, opening: asyncio.Task[Database]
) -> None:
    """Until a session has waited for the migration lock many times the statement timeout
    (or ``opening`` ended: it did not wait)."""
    waited = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND wait_event = 'advisory' "
        "AND clock_timestamp() - query_start > make_interval(secs => :seconds)"
    )
    deadline = asyncio.get_running_loop().time() + bound(10)
    while not opening.done():
        async with engine.connect() as conn:  # a transaction per look: a fresh snapshot
            if (await conn.execute(waited, {"seconds": 5 * SHORT})).scalar_one():
                return
        assert asyncio.get_running_loop().time() < deadline, "no migration waits"
        await asyncio.sleep(0.05)


async def test_migrations_wait_longer_than_a_statement_may(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another replica migrating (its lock held here) for many times the statement timeout:
    this replica's migrations wait for it, then run."""
    holder = create_engine(postgres_url)  # before the timeout is shortened
    monkeypatch.setattr(engine_module, "COMMAND_TIMEOUT_SECONDS", SHORT)
    try:
        async with holder.begin() as conn:
            lock = text("SELECT pg_advisory_xact_lock(:key)")
            await conn.execute(lock, {"key": _PG_MIGRATION_LOCK})
            opening = asyncio.create_task(Database.open(postgres_url))
            await _until_a_migration_has_waited(holder, opening)
        db = await asyncio.wait_for(opening, bound(10))
        await db.aclose()
    finally:
        await holder.dispose()
