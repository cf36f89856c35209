"""Per workspace: whether it refused the newer blocks (classic from then on) and whether it
accepted a message holding them once (acks may use them from then on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.clock import as_utc
from bot.store.database import Database
from bot.store.schema import block_kit as table


@dataclass(frozen=True, slots=True)
class WorkspaceBlocks:
    """What a workspace showed of the newer blocks."""

    classic: bool = False  # refused one with invalid_blocks
    accepted: bool = False  # took a message holding them


class BlockKitStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, team_id: str) -> WorkspaceBlocks:
        query = select(table).where(table.c.team_id == team_id)
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return WorkspaceBlocks()
        return WorkspaceBlocks(row.classic_since is not None, row.newer_accepted_at is not None)

    async def _mark(self, team_id: str, column: str, at: datetime) -> None:
        async with self._db.engine.begin() as conn:
            await conn.execute(self._db.insert_ignoring_duplicates(table, team_id=team_id))
            stamp = {column: as_utc(at)}
            await conn.execute(
                update(table)
                .where(table.c.team_id == team_id, table.c[column].is_(None))
                .values(**stamp)
            )

    async def refused(self, team_id: str, at: datetime) -> None:
        """The workspace answered ``invalid_blocks`` to a newer block: classic from now on."""
        await self._mark(team_id, "classic_since", at)

    async def accepted(self, team_id: str, at: datetime) -> None:
        """The workspace took a message holding newer blocks."""
        await self._mark(team_id, "newer_accepted_at", at)
