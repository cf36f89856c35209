"""Change notices between replicas: on PostgreSQL a write ``NOTIFY``s (``PostgresNotices``)
and every replica ``LISTEN``s (``ChangeListener``) and drops its cached list; on SQLite
nothing is sent (``LocalOnly``) and other replicas see a write within their cache TTL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ivc.change_notices import ChangeNotices, LocalOnly
from bot.store.change_listener import ChangeListener, OtherAccounts
from bot.store.change_notice import CHANNEL, ChangeNotice, Count, new_origin
from bot.store.database import Database

log = logging.getLogger(__name__)

PUBLISH_TIMEOUT_SECONDS = 2.0


class PostgresNotices:
    """``ChangeNotices`` by ``pg_notify`` in a short transaction of its own on the app's
    engine: delivered to every listening session when it commits."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        account: str,
        origin: str,
        count: Count,
        timeout: float = PUBLISH_TIMEOUT_SECONDS,
    ) -> None:
        self._engine = engine
        self.account = account
        self.origin = origin
        self._count = count
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"PostgresNotices(channel={CHANNEL!r}, origin={self.origin!r})"

    def for_account(self, account: str) -> PostgresNotices:
        """This replica's notices about another account (a workspace's own)."""
        return PostgresNotices(self._engine, account=account, origin=self.origin, count=self._count)

    async def publish(self, task_id: str | None = None) -> None:
        payload = ChangeNotice(self.account, self.origin, task_id).encode()
        try:
            async with asyncio.timeout(self._timeout), self._engine.begin() as conn:
                await conn.execute(
                    text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": payload},
                )
        # The write is done and its answer must reach the user whatever went wrong here.
        except Exception as error:
            self._count("send_failed")
            log.warning(
                "change notice not sent (%s): other replicas show the write within their cache TTL",
                type(error).__name__,
            )
            return
        self._count("sent")


class ChangeFeed:
    """One replica's side of the change notices: what its writes publish (``notices``) and,
    on PostgreSQL, the listener that calls ``on_change(task_id)`` for other replicas'
    writes; ``start()`` with the app, ``aclose()`` when it stops."""

    def __init__(self, notices: ChangeNotices, listener: ChangeListener | None = None) -> None:
        self.notices = notices
        self.listener = listener
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def for_database(
        cls,
        db: Database,
        on_change: Callable[[str | None], None],
        *,
        account: str,
        count: Count,
        others: OtherAccounts | None = None,
        on_missed: Callable[[], None] | None = None,
    ) -> ChangeFeed:
        """Notices through ``db`` when it is PostgreSQL; ``LocalOnly`` otherwise. ``others``
        hears the notices of other accounts (multi-workspace mode); ``on_missed`` is called
        whenever listening starts (default: ``on_change(None)``)."""
        if db.dialect != "postgresql":
            return cls(LocalOnly())
        origin = new_origin()
        notices = PostgresNotices(db.engine, account=account, origin=origin, count=count)
        listener = ChangeListener(
            db.engine.url,
            on_change,
            account=account,
            origin=origin,
            count=count,
            others=others,
            on_missed=on_missed,
        )
        return cls(notices, listener)

    def notices_for(self, account: str) -> ChangeNotices:
        """What a write to another account (a workspace's own) publishes."""
        if isinstance(self.notices, PostgresNotices):
            return self.notices.for_account(account)
        return self.notices

    def __repr__(self) -> str:
        return f"ChangeFeed(notices={self.notices!r})"

    @property
    def listening(self) -> bool:
        """True while other replicas' writes reach this one (never on SQLite)."""
        return self.listener is not None and self.listener.listening

    def start(self) -> None:
        if self.listener is not None and self._task is None:
            self._task = asyncio.create_task(self.listener.run(), name="change-listener")

    async def aclose(self) -> None:
        """Stop listening and close the listening connection."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.listener is not None:
            await self.listener.aclose()
