"""The ``LISTEN`` side of the change notices: one PostgreSQL connection per replica, outside
the app's pool, that hears other replicas' writes and drops this replica's cached list.

Notices sent while nobody listens are lost, so each time the connection is (re)established
the cached list is dropped once too. A lost connection (a restart, a failover,
``pg_terminate_backend``, or a silent drop found by a periodic check) is logged once, without
the DSN, and the listener connects again with backoff; until then other replicas' writes
show within the cache TTL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from bot.ivc.backoff import Backoff
from bot.store.change_notice import CHANNEL, ChangeNotice, Count

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10.0
CHECK_SECONDS = 30.0  # an idle listening connection is checked this often (a silent drop)
CHECK_TIMEOUT_SECONDS = 5.0


OtherAccounts = Callable[[str | None, str | None], None]
"""Called with (account, task_id) for another account's notice; (None, None) on listening
again (every account's cached list is dropped)."""


class ChangeListener:
    """Calls ``on_change(task_id)`` for each notice of another replica about ``account``
    (``task_id``: a deleted task, or None), and ``on_missed()`` (default: ``on_change(None)``)
    whenever it starts listening; its own notices (``origin``) are skipped: that replica
    invalidated already."""

    def __init__(
        self,
        url: URL,
        on_change: Callable[[str | None], None],
        *,
        account: str,
        origin: str,
        count: Count,
        backoff: Backoff | None = None,
        check_seconds: float = CHECK_SECONDS,
        others: OtherAccounts | None = None,
        on_missed: Callable[[], None] | None = None,
    ) -> None:
        self._engine = create_async_engine(url, poolclass=NullPool)
        self._on_change = on_change
        self._on_missed = on_missed or (lambda: on_change(None))
        self._others = others  # multi-workspace mode: the workspaces' own accounts
        self.account = account
        self.origin = origin
        self._count = count
        self._backoff = backoff if backoff is not None else Backoff(initial=1.0, cap=30.0)
        self._check_seconds = check_seconds
        self.listening = False
        self.sessions = 0  # how many times LISTEN was established
        self.server_pid: int | None = None  # the listening backend, while listening

    def __repr__(self) -> str:
        return f"ChangeListener(channel={CHANNEL!r}, origin={self.origin!r})"

    async def run(self) -> None:
        """Listen until cancelled; after each loss wait (backoff) and listen again."""
        while True:
            try:
                await self._listen_until_lost()
                problem = "connection lost"
            # Whatever ends the connection, the replica must keep listening.
            except Exception as error:
                problem = type(error).__name__  # never the message: it may name the DSN
            if self._backoff.failures == 0:
                log.warning(
                    "change feed: not listening (%s); reconnecting with backoff, other "
                    "replicas' writes show within the cache TTL meanwhile",
                    problem,
                )
            self._backoff.failed(asyncio.get_running_loop().time())
            await asyncio.sleep(self._backoff.delay(self._backoff.failures))

    async def aclose(self) -> None:
        await self._engine.dispose()

    async def _listen_until_lost(self) -> None:
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS):
            conn = await self._engine.connect()
        try:
            driver: Any = (await conn.get_raw_connection()).driver_connection  # asyncpg's
            lost = asyncio.Event()
            driver.add_termination_listener(lambda _connection: lost.set())
            await driver.add_listener(CHANNEL, self._heard)
            self._listening(driver.get_server_pid())
            await self._until_lost(driver, lost)
        finally:
            self.listening, self.server_pid = False, None
            await _discard(conn)

    def _listening(self, server_pid: int) -> None:
        if self._backoff.failures:
            log.info("change feed: listening again")
        self._backoff.succeeded()
        self.listening, self.server_pid = True, server_pid
        self.sessions += 1
        self._on_missed()  # what was sent while nobody listened is lost: refetch once
        if self._others is not None:
            self._others(None, None)

    async def _until_lost(self, driver: Any, lost: asyncio.Event) -> None:
        """Return when the connection ends; raise if a periodic check finds it dead."""
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._check_seconds):
                    await lost.wait()
            if lost.is_set():
                return
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                await driver.execute("SELECT 1")

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        """One notice (asyncpg's listener callback); a malformed one still drops the list."""
        notice = ChangeNotice.decode(payload)
        if notice is not None and notice.origin == self.origin:
            self._count("own")
            return
        if notice is not None and notice.account != self.account:
            self._count("other_account")
            if self._others is not None:
                self._others(notice.account, notice.task_id)
            return
        self._count("received")
        self._on_change(None if notice is None else notice.task_id)


async def _discard(conn: AsyncConnection) -> None:
    """Close the listening connection without returning it anywhere (it may be dead)."""
    with contextlib.suppress(Exception):
        await conn.invalidate()
    with contextlib.suppress(Exception):
        await conn.close()
