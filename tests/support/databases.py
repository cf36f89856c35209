"""Databases for tests: a SQLite file per test, and a real PostgreSQL database per session.

PostgreSQL is the server this machine runs on 127.0.0.1:5432 (``.ci/run`` makes sure it is
up). ``TEST_POSTGRES_URL`` may point elsewhere. The tests fail, not skip, without it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text

from bot.store.database import Database

POSTGRES_ADMIN = os.environ.get(
    "TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TABLES = (
    "cards",
    "deliveries",
    "subscriptions",
    "task_memory",
    "worker_state",
    "task_history",
    "block_kit",
    "watches",
    "ivc_connections",
    "workspace_settings",
    "account_polls",
    "unfurled_links",
    "audit",
)


async def _recreate(name: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop(name: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _run(coro_fn, name: str) -> None:
    """Run an admin coroutine on its own loop (fixtures may be set up inside a running one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coro_fn(name)).result()


@contextmanager
def fresh_postgres(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database ``name`` (its URL for the app), dropped afterwards."""
    _run(_recreate, name)
    host = POSTGRES_ADMIN.rsplit("/", 1)[0].split("://", 1)[1]
    try:
        yield f"postgresql+asyncpg://{host}/{name}"
    finally:
        _run(_drop, name)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    with fresh_postgres(f"retrieval_tasks_test_{os.getpid()}") as url:
        yield url


async def empty_database(url: str) -> None:
    """Migrate, then remove every row (tests share the session's PostgreSQL database)."""
    db = await Database.open(url)
    try:
        async with db.engine.begin() as conn:
            if db.dialect == "postgresql":
                await conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
            else:
                for table in TABLES:
                    await conn.execute(text(f"DELETE FROM {table}"))
    finally:
        await db.aclose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'test.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    await empty_database(url)
    return url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """``database_url`` opened (each kind), closed after the test."""
    database = await Database.open(database_url)
    try:
        yield database
    finally:
        await database.aclose()
