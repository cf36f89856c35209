"""Task history rows (``bot.reports.history``), keyed by workspace and IVC account: ``""``
for both means the app's one IVC account, seen by every workspace it serves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from bot.clock import as_utc
from bot.reports.history import HistoryEvent, Sighting
from bot.store.database import Database, Write
from bot.store.schema import task_history as table

ANY_WORKSPACE = ""
DEFAULT_ACCOUNT = ""


def recording(
    db: Database,
    events: Sequence[HistoryEvent],
    workspace_id: str = ANY_WORKSPACE,
    account: str = DEFAULT_ACCOUNT,
) -> Iterable[Write]:
    """The INSERT of a poll's events (run in the poll's transaction); an event another
    replica recorded already (same task and status) is skipped."""
    if not events:
        return
    rows = [
        {
            "team_id": workspace_id,
            "account": account,
            "task_id": e.task_id[:128],
            "at": as_utc(e.at),
            "event": e.event.value,
            "status": e.status,
            "capacity_mb": e.capacity_mb,
            "expiration_days": e.expiration_days,
            "name": e.name,
        }
        for e in events
    ]
    yield Write(db.insert_many_ignoring_duplicates(table), rows)


def _event(row: Any) -> HistoryEvent:
    return HistoryEvent(
        row.task_id, as_utc(row.at), Sighting(row.event), row.status, row.capacity_mb,
        row.expiration_days, row.name,
    )  # fmt: skip


class TaskHistoryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _scope(self, workspace_id: str, account: str) -> Any:
        return (table.c.team_id.in_({ANY_WORKSPACE, workspace_id})) & (table.c.account == account)

    async def events(
        self, *, workspace_id: str = ANY_WORKSPACE, account: str = DEFAULT_ACCOUNT
    ) -> list[HistoryEvent]:
        """Every kept event of the scope, oldest first (retention bounds how many)."""
        query = (
            select(table).where(self._scope(workspace_id, account)).order_by(table.c.at, table.c.id)
        )
        async with self._db.engine.connect() as conn:
            return [_event(row) for row in await conn.execute(query)]

    async def started_at(
        self, *, workspace_id: str = ANY_WORKSPACE, account: str = DEFAULT_ACCOUNT
    ) -> datetime | None:
        """When the kept history begins (None: nothing recorded yet)."""
        query = select(func.min(table.c.at)).where(self._scope(workspace_id, account))
        async with self._db.engine.connect() as conn:
            value = (await conn.execute(query)).scalar()
        return None if value is None else as_utc(value)

    async def purge(self, before: datetime) -> int:
        """Drop events older than ``before`` (HISTORY_RETENTION_DAYS); rows removed."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(table.c.at < as_utc(before)))
        return int(result.rowcount or 0)


class AccountHistory:
    """The history of one IVC account (a workspace's own) as a ``HistorySource``."""

    def __init__(self, store: TaskHistoryStore, account: str) -> None:
        self._store = store
        self.account = account

    def __repr__(self) -> str:
        return f"AccountHistory(account={self.account!r})"

    async def events(self, *, workspace_id: str = ANY_WORKSPACE) -> list[HistoryEvent]:
        return await self._store.events(workspace_id=workspace_id, account=self.account)
