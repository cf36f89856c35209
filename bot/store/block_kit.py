"""Per workspace and kind of newer block (``charts``, ``alerts``, ``tables``): whether it
refused that kind and whether it accepted a message holding it (acks may use it from then on).

One row per workspace and kind, keyed ``<workspace>/<kind>`` in the table's ``team_id``: a refused
chart says nothing about tables. Rows keyed by the bare workspace id (one flag for every kind) are
not read: each kind is learned again, at the cost of one refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.clock import as_utc
from bot.store.database import Database
from bot.store.schema import block_kit as table


@dataclass(frozen=True, slots=True)
class WorkspaceRenderings:
    """What a workspace showed of each kind of newer block."""

    refused: frozenset[str] = frozenset()  # kinds it answered invalid_blocks to
    accepted: frozenset[str] = frozenset()  # kinds it took in a message


def _key(workspace_id: str, kind: str) -> str:
    return f"{workspace_id}/{kind}"


class RenderingStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, workspace_id: str) -> WorkspaceRenderings:
        prefix = _key(workspace_id, "")
        query = select(table).where(table.c.team_id.startswith(prefix, autoescape=True))
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        kinds = {row.team_id.removeprefix(prefix): row for row in rows}
        return WorkspaceRenderings(
            refused=frozenset(k for k, row in kinds.items() if row.classic_since is not None),
            accepted=frozenset(k for k, row in kinds.items() if row.newer_accepted_at is not None),
        )

    async def _mark(
        self, workspace_id: str, kinds: Iterable[str], column: str, at: datetime
    ) -> None:
        async with self._db.engine.begin() as conn:
            for kind in kinds:
                key = _key(workspace_id, kind)
                await conn.execute(self._db.insert_ignoring_duplicates(table, team_id=key))
                await conn.execute(
                    update(table)
                    .where(table.c.team_id == key, table.c[column].is_(None))
                    .values({column: as_utc(at)})
                )

    async def refused(self, workspace_id: str, kinds: Iterable[str], at: datetime) -> None:
        """The workspace answered ``invalid_blocks`` to these kinds: their classic form from
        now on."""
        await self._mark(workspace_id, kinds, "classic_since", at)

    async def accepted(self, workspace_id: str, kinds: Iterable[str], at: datetime) -> None:
        """The workspace took a message holding these kinds."""
        await self._mark(workspace_id, kinds, "newer_accepted_at", at)
