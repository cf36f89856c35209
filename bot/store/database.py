"""One handle on the database: the engine, and statements that differ per dialect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.engine import create_engine
from bot.store.migrate import migrate


@dataclass(frozen=True, slots=True)
class Write:
    """One statement of a transaction, with its rows when it is executed for many."""

    statement: Any
    rows: list[dict[str, Any]] | None = None


class Database:
    """The async engine plus the few dialect-specific statement builders the stores need."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    async def open(cls, url: str) -> Database:
        """Connect and apply migrations: on PostgreSQL with an engine of their own, whose
        statements have no timeout (a migration, or waiting for another replica's, may take
        longer than a request's statement may)."""
        db = cls(create_engine(url))
        if db.dialect == "sqlite":  # no statement timeout; maybe an in-memory database
            await migrate(db.engine)
            return db
        maintenance = create_engine(url, for_maintenance=True)
        try:
            await migrate(maintenance)
        finally:
            await maintenance.dispose()
        return db

    def __repr__(self) -> str:
        return f"Database(dialect={self.dialect!r})"

    def insert_ignoring_duplicates(self, table: Table, **values: Any) -> Any:
        """INSERT that does nothing when a unique key already exists."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table).values(**values).on_conflict_do_nothing()

    def upsert(self, table: Table, keys: list[str]) -> Any:
        """INSERT … ON CONFLICT (keys) DO UPDATE every other column; the rows are the
        execution's parameters (one compiled statement, executed for many rows)."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        statement = module.insert(table)
        updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        return statement.on_conflict_do_update(index_elements=keys, set_=updates)

    def insert_many_ignoring_duplicates(self, table: Table) -> Any:
        """INSERT that skips rows whose unique key exists; the rows are the parameters."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table).on_conflict_do_nothing()

    async def aclose(self) -> None:
        await self.engine.dispose()
