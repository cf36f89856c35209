"""Stored watches: add, list, remove, pause a person's, and the reminders that are due.

Every read and write names the workspace and the user: a user id alone names no tenant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import and_, delete, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import as_utc
from bot.store.admission_lock import admission
from bot.store.database import Database
from bot.store.outbox import skip_person_open
from bot.store.schema import task_memory
from bot.store.schema import watches as table
from bot.store.task_memory import batches, to_memory
from bot.tasks.memory import TaskMemory
from bot.watches.model import Watch, WatchState


class TooManyWatches(Exception):
    """The person already watches ``limit`` tasks."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} watches")
        self.limit = limit


def _moment(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)


def to_watch(row: Any) -> Watch:
    return Watch(
        workspace_id=row.team_id,
        user_id=row.user_id,
        task_id=row.task_id,
        created_at=as_utc(row.created_at),
        state=WatchState(row.state),
        paused_reason=row.paused_reason,
        expiry_only=bool(row.expiry_only),
        thread_ts=row.thread_ts,
        remind_at=_moment(row.remind_at),
        reminded_at=_moment(row.reminded_at),
        ended_at=_moment(row.ended_at),
    )


def _person(workspace_id: str, user_id: str) -> Any:
    return and_(table.c.team_id == workspace_id, table.c.user_id == user_id)


def _one(workspace_id: str, user_id: str, task_id: str) -> Any:
    return and_(_person(workspace_id, user_id), table.c.task_id == task_id)


_LIVE = table.c.state != WatchState.ENDED.value
_ACTIVE = table.c.state == WatchState.ACTIVE.value


class WatchStore:
    """Watches in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        workspace_id: str,
        user_id: str,
        task_id: str,
        *,
        now: datetime,
        expiry_only: bool,
        limit: int,
    ) -> tuple[Watch, bool]:
        """Watch (again) a task; the watch and whether it is new (False: already active).

        Raises ``TooManyWatches`` when the person has ``limit`` other live watches; one
        person's watches are admitted one at a time, whichever replica admits them."""
        async with admission(self._db, f"watches:{workspace_id}:{user_id}") as conn:
            current = await self._get(conn, workspace_id, user_id, task_id)
            if current is not None and current.state is WatchState.ACTIVE:
                return current, False
            if current is None or current.state is WatchState.ENDED:
                await self._admit(conn, workspace_id, user_id, limit)
            values = {
                "state": WatchState.ACTIVE.value,
                "paused_reason": None,
                "expiry_only": expiry_only,
                "created_at": now,
                "ended_at": None,
                "remind_at": None,
            }
            if current is None:
                keys = {"team_id": workspace_id, "user_id": user_id, "task_id": task_id}
                await conn.execute(self._db.insert_ignoring_duplicates(table, **keys, **values))
            await conn.execute(
                update(table).where(_one(workspace_id, user_id, task_id)).values(values)
            )
            added = await self._get(conn, workspace_id, user_id, task_id)
        assert added is not None
        return added, True

    async def _admit(
        self, conn: AsyncConnection, workspace_id: str, user_id: str, limit: int
    ) -> None:
        count = select(func.count()).select_from(table).where(_person(workspace_id, user_id), _LIVE)
        if (await conn.execute(count)).scalar_one() >= limit:
            raise TooManyWatches(limit)

    async def _get(
        self, conn: AsyncConnection, workspace_id: str, user_id: str, task_id: str
    ) -> Watch | None:
        row = (
            await conn.execute(select(table).where(_one(workspace_id, user_id, task_id)))
        ).first()
        return None if row is None else to_watch(row)

    async def get(self, workspace_id: str, user_id: str, task_id: str) -> Watch | None:
        async with self._db.engine.connect() as conn:
            return await self._get(conn, workspace_id, user_id, task_id)

    async def remove(self, workspace_id: str, user_id: str, task_id: str) -> bool:
        """Stop watching; what was still owed to the person about the task is skipped."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(_one(workspace_id, user_id, task_id)))
            await conn.execute(
                skip_person_open(workspace_id, user_id, "unwatched", task_id=task_id)
            )
        return result.rowcount > 0

    async def pause_workspace(self, workspace_id: str, reason: str) -> int:
        """Pause every active watch of the workspace with ``reason``; how many."""
        values = {"state": WatchState.PAUSED.value, "paused_reason": reason[:256]}
        async with self._db.engine.begin() as conn:
            query = update(table).where(table.c.team_id == workspace_id, _ACTIVE).values(**values)
            result = await conn.execute(query)
        return int(result.rowcount or 0)

    async def of_person(self, workspace_id: str, user_id: str) -> list[Watch]:
        """The person's live (active or paused) watches, oldest first."""
        query = (
            select(table)
            .where(_person(workspace_id, user_id), _LIVE)
            .order_by(table.c.created_at, table.c.task_id)
        )
        async with self._db.engine.connect() as conn:
            return [to_watch(r) for r in await conn.execute(query)]

    async def active_for_tasks(
        self, task_ids: Sequence[str], workspaces: frozenset[str] | None = None
    ) -> list[Watch]:
        """Active watches of these tasks in ``workspaces`` (None: in every workspace)."""
        found: list[Watch] = []
        of_workspaces = true() if workspaces is None else table.c.team_id.in_(sorted(workspaces))
        async with self._db.engine.connect() as conn:
            for chunk in batches(dict.fromkeys(task_ids)):
                query = select(table).where(table.c.task_id.in_(chunk), _ACTIVE, of_workspaces)
                found += [to_watch(r) for r in await conn.execute(query)]
        return found

    async def _with_memory(self, *conditions: Any) -> list[tuple[Watch, TaskMemory]]:
        """Active watches matching ``conditions`` whose task the app remembers, each with
        that task's memory."""
        query = (
            select(table, *[c.label(f"m_{c.name}") for c in task_memory.columns])
            .join(task_memory, task_memory.c.task_id == table.c.task_id)
            .where(_ACTIVE, *conditions)
        )
        async with self._db.engine.connect() as conn:
            rows = list(await conn.execute(query))
        return [(to_watch(row), to_memory(_memory_part(row))) for row in rows]

    async def unarmed(self) -> list[tuple[Watch, TaskMemory]]:
        """Active watches with no reminder time yet whose task the app has seen retrieved
        (and still lists)."""
        return await self._with_memory(
            table.c.remind_at.is_(None),
            table.c.reminded_at.is_(None),
            task_memory.c.retrieved_seen_at.is_not(None),
            task_memory.c.gone_at.is_(None),
        )

    async def arm(self, watch: Watch, remind_at: datetime) -> None:
        """Set when the reminder of ``watch`` is due (once: a set time is kept)."""
        key = _one(watch.workspace_id, watch.user_id, watch.task_id)
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(table).where(key, table.c.remind_at.is_(None)).values(remind_at=remind_at)
            )

    async def due_reminders(self, now: datetime) -> list[tuple[Watch, TaskMemory]]:
        """Active watches whose reminder is due and not sent, with their task's memory."""
        return await self._with_memory(table.c.remind_at <= now, table.c.reminded_at.is_(None))

    async def end_gone(self, gone_before: datetime, now: datetime) -> int:
        """End the live watches of tasks gone before ``gone_before``; how many."""
        gone = select(task_memory.c.task_id).where(task_memory.c.gone_at < gone_before)
        statement = (
            update(table)
            .where(_LIVE, table.c.task_id.in_(gone))
            .values(state=WatchState.ENDED.value, ended_at=now)
        )
        async with self._db.engine.begin() as conn:
            return (await conn.execute(statement)).rowcount

    async def purge_ended(self, before: datetime) -> int:
        """Remove watches that ended before ``before``; how many."""
        statement = delete(table).where(
            table.c.state == WatchState.ENDED.value, table.c.ended_at < before
        )
        async with self._db.engine.begin() as conn:
            return (await conn.execute(statement)).rowcount


def _memory_part(row: Any) -> SimpleNamespace:
    """The task memory columns of a joined row, under their own names."""
    return SimpleNamespace(**{c.name: getattr(row, f"m_{c.name}") for c in task_memory.columns})


def mark_reminded(watch: Watch, now: datetime) -> Any:
    """Mark the reminder sent (changes no row when another replica already did)."""
    key = _one(watch.workspace_id, watch.user_id, watch.task_id)
    return update(table).where(key, table.c.reminded_at.is_(None)).values(reminded_at=now)


def keep_thread(workspace_id: str, user_id: str, task_id: str, ts: str) -> Any:
    """Remember the first direct message about a task (a later one never replaces it)."""
    key = _one(workspace_id, user_id, task_id)
    return update(table).where(key, table.c.thread_ts.is_(None)).values(thread_ts=ts)


def pause_person(workspace_id: str, user_id: str, reason: str) -> Any:
    """Pause every active watch of a person with ``reason``."""
    return (
        update(table)
        .where(_person(workspace_id, user_id), _ACTIVE)
        .values(state=WatchState.PAUSED.value, paused_reason=reason[:256])
    )
