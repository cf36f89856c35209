"""A write transaction that admits rows by counting them, run alone on every replica, so two
admissions at once cannot both pass a limit or both miss a duplicate."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.database import Database

_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:key))")


@asynccontextmanager
async def admission(db: Database, key: str) -> AsyncIterator[AsyncConnection]:
    """A transaction (committed when the block ends, rolled back on an error) that no other
    admission under ``key`` overlaps, whichever process runs it.

    PostgreSQL: a transaction-scoped advisory lock on the key's hash, taken first. SQLite:
    the database's write lock, taken first (``BEGIN IMMEDIATE``), which every writer shares.
    """
    async with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            await conn.execute(_ADVISORY_LOCK, {"key": key})
        else:
            await conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn
