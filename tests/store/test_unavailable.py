"""Which failures are "the database is out of reach": the driver's own errors when it cannot
connect or loses its connection, not a statement the database refused nor a socket error of
anything else; and the line the person gets for it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.slack.errors import build_and_log_error
from bot.store.engine import create_engine
from bot.store.unavailable import DatabaseUnavailable, database_unavailable
from tests.support.app_process import free_port

LINES = {
    "en": ":x: The app cannot reach its database just now; nothing was changed; "
    "try again in a minute.",
    "zh": ":x: 应用暂时无法连接它的数据库；没有做任何更改；请一分钟后重试。",
}


async def _failure_of(url: str, statement: str = "SELECT 1") -> BaseException:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    except Exception as error:
        return error
    finally:
        await engine.dispose()
    raise AssertionError(f"{statement!r} on {url} did not fail")


async def test_postgresql_refusing_the_connection_is_out_of_reach() -> None:
    error = await _failure_of(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x")

    assert isinstance(error, OSError), "asyncpg raises the socket's own error"
    assert isinstance(database_unavailable(error), DatabaseUnavailable)


async def test_a_postgresql_connection_the_server_ended_is_out_of_reach(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)
    other = create_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar()
            async with other.begin() as killer:
                await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(Exception) as raised:
                await conn.execute(text("SELECT 1"))
    finally:
        await other.dispose()
        await engine.dispose()

    assert isinstance(database_unavailable(raised.value), DatabaseUnavailable)


@pytest.mark.parametrize("statement", ["SELEKT 1", "SELECT 1 / 0", "SELECT 'x'::int"])
async def test_a_statement_the_database_refused_is_not_out_of_reach(
    postgres_url: str, statement: str
) -> None:
    assert database_unavailable(await _failure_of(postgres_url, statement)) is None


def test_a_socket_error_of_anything_else_is_not_the_database() -> None:
    try:
        raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 443)")
    except OSError as error:
        refused = error

    assert database_unavailable(refused) is None
    assert database_unavailable(RuntimeError("boom")) is None


@pytest.mark.parametrize("lang", list(LINES))
async def test_the_person_is_told_in_one_line_and_nothing_else(lang: str) -> None:
    error = await _failure_of(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x")

    message = build_and_log_error(error, lang=lang, what="command subscribe")

    assert message.text == LINES[lang]
    assert "127.0.0.1" not in str(message.blocks)
