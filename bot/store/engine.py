"""Create the async engine from ``DATABASE_URL`` (SQLite file with WAL, or PostgreSQL)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


IDLE_PING_SECONDS = 10.0
"""A pooled connection idle this long is pinged before use; busy ones are not."""


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Before handing out a connection that sat idle (a database restart, a failover or a
    proxy's idle timeout may have closed it), ping it; a dead one is replaced. A connection
    in steady use is not pinged: a ping is three round trips (BEGIN, a query, ROLLBACK)."""
    idle_since = record.info.get("checked_in_at")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception:
        raise DisconnectionError("a pooled connection was closed while idle") from None


CONNECT_TIMEOUT_SECONDS = 5.0
"""PostgreSQL: opening a connection (TCP, TLS, start-up, authentication) gives up after this."""
COMMAND_TIMEOUT_SECONDS = 15.0
"""PostgreSQL: a statement unanswered this long fails (a server that silently stopped
answering would otherwise hold it for TCP's retransmission timeout, about 15 minutes)."""
POOL_TIMEOUT_SECONDS = 10.0
"""PostgreSQL: waiting for a pooled connection (all in use) gives up after this."""


def create_engine(url: str, *, for_maintenance: bool = False) -> AsyncEngine:
    """An engine for ``url``; a SQLite file's folder is created on first run. On PostgreSQL
    every wait is bounded (the timeouts above), so a database out of reach fails a request
    within Slack's limits, with an error ``database_unavailable()`` recognises, instead of
    holding it. ``for_maintenance``: statements without a timeout (migrations, which may run
    long or wait for another replica's)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    command_timeout = None if for_maintenance else COMMAND_TIMEOUT_SECONDS
    engine = create_async_engine(
        url,
        pool_size=5,
        max_overflow=5,
        pool_timeout=POOL_TIMEOUT_SECONDS,
        connect_args={"timeout": CONNECT_TIMEOUT_SECONDS, "command_timeout": command_timeout},
    )
    event.listen(engine.sync_engine.pool, "checkin", _checked_in)
    event.listen(engine.sync_engine.pool, "checkout", _ping_if_idle)
    return engine
