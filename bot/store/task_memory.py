"""What the app remembers about every task between polls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.database import Database, Write
from bot.store.schema import task_memory as table
from bot.store.schema import worker_state
from bot.tasks.memory import TaskMemory

_BATCH = 500
T = TypeVar("T")
BASELINE = "baseline_at"
SHARED_MEMORY = ""
"""The memory account of the environment's IVC account (the ``account`` column's default)."""


def baseline_name(account: str) -> str:
    """The worker_state row saying the account's first poll was recorded."""
    return BASELINE if account == SHARED_MEMORY else f"{BASELINE}:{account}"[:64]


_FIELDS = tuple(f.name for f in fields(TaskMemory))  # the task_memory columns, by name


def to_row(memory: TaskMemory) -> dict[str, Any]:
    return {name: getattr(memory, name) for name in _FIELDS}


def to_memory(row: Any) -> TaskMemory:
    return TaskMemory(**{name: getattr(row, name) for name in _FIELDS})


class TaskMemoryStore:
    """Reads all task memory; a poll writes it with its deliveries through ``UnitOfWork``
    (the statements are ``recording`` below)."""

    def __init__(self, db: Database, *, account: str = SHARED_MEMORY) -> None:
        self._db = db
        self.account = account  # whose tasks: SHARED_MEMORY or a workspace's account key
        self._latest: dict[str, TaskMemory] | None = None

    def peek(self) -> dict[str, TaskMemory] | None:
        """The memory this process last read or recorded, without I/O."""
        return self._latest

    def remember(self, memory: dict[str, TaskMemory]) -> None:
        """Keep what a poll just recorded, for ``peek``."""
        self._latest = memory

    async def has_baseline(self) -> bool:
        """Whether a first poll has been recorded (until then, no task counts as new)."""
        async with self._db.engine.connect() as conn:
            return await self._has_baseline(conn)

    async def load(self) -> dict[str, TaskMemory]:
        async with self._db.engine.connect() as conn:
            return await self._load(conn)

    async def load_for_poll(self) -> tuple[bool, dict[str, TaskMemory]]:
        """``has_baseline()`` and ``load()`` on one connection."""
        async with self._db.engine.connect() as conn:
            return await self._has_baseline(conn), await self._load(conn)

    async def _has_baseline(self, conn: AsyncConnection) -> bool:
        name = baseline_name(self.account)
        query = select(worker_state.c.value).where(worker_state.c.name == name)
        return (await conn.execute(query)).first() is not None

    async def _load(self, conn: AsyncConnection) -> dict[str, TaskMemory]:
        columns = [table.c[name] for name in _FIELDS]  # TaskMemory's fields, in order
        rows = await conn.execute(select(*columns).where(table.c.account == self.account))
        self._latest = {m.task_id: m for m in (TaskMemory(*row) for row in rows)}
        return self._latest


def batches(items: Iterable[T]) -> Iterator[list[T]]:
    """Items (TaskIds) in groups small enough for one statement's parameter limit."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def recording(
    db: Database,
    changed: Sequence[TaskMemory],
    now: datetime,
    forget: Sequence[str] = (),
    account: str = SHARED_MEMORY,
) -> Iterator[Write]:
    """The statements that store one poll's memory of ``account``: drop ``forget``
    (long-gone tasks), mark that a baseline exists (once), upsert ``changed``."""
    for chunk in batches(forget):
        yield Write(delete(table).where(table.c.account == account, table.c.task_id.in_(chunk)))
    name = baseline_name(account)
    yield Write(db.insert_ignoring_duplicates(worker_state, name=name, value=now.isoformat()))
    if changed:
        rows = [{**to_row(m), "account": account} for m in changed]
        yield Write(db.upsert(table, ["task_id", "account"]), rows)
