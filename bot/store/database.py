"""One handle on the database: the engine, and statements that differ per dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.engine import create_engine
from bot.store.migrate import migrate


class Database:
    """The async engine plus the few dialect-specific statement builders the stores need."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    async def open(cls, url: str) -> Database:
        """Connect and apply migrations."""
        db = cls(create_engine(url))
        await migrate(db.engine)
        return db

    def __repr__(self) -> str:
        return f"Database(dialect={self.dialect!r})"

    def insert_ignoring_duplicates(self, table: Table, **values: Any) -> Any:
        """INSERT that does nothing when a unique key already exists."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table).values(**values).on_conflict_do_nothing()

    def upsert(self, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> Any:
        """INSERT … ON CONFLICT (keys) DO UPDATE every other column."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        statement = module.insert(table).values(rows)
        updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        return statement.on_conflict_do_update(index_elements=keys, set_=updates)

    async def aclose(self) -> None:
        await self.engine.dispose()
