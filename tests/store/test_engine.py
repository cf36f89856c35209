"""The engine's pool on PostgreSQL: a connection that sat idle is pinged before use, so one
the server closed meanwhile (a restart, a failover, a proxy's idle timeout) is replaced
instead of failing the request that drew it; busy connections are not pinged."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import engine as engine_module
from bot.store.engine import create_engine


async def _close_pooled_connection_server_side(engine: AsyncEngine, url: str) -> None:
    """Check one connection into the pool, then have the server end its session."""
    async with engine.connect() as conn:
        pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar()
    other = create_engine(url)
    try:
        async with other.begin() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await other.dispose()


async def test_an_idle_connection_closed_by_the_server_is_replaced(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(postgres_url)
    try:
        await _close_pooled_connection_server_side(engine, postgres_url)
        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)  # idle long enough
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()


async def test_a_busy_connection_is_not_pinged(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the ping (the connection counts as busy) the closed connection fails the
    statement that drew it: the ping above is what saved it."""
    engine = create_engine(postgres_url)
    try:
        await _close_pooled_connection_server_side(engine, postgres_url)
        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
        with pytest.raises(DBAPIError):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
