"""Block Kit memory per workspace and kind of newer block (``<workspace>/<kind>`` rows of
``block_kit``): a refused kind says nothing of the others, workspaces stay apart however
their ids look, and the one-flag rows of before are not read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bot.store.block_kit import RenderingStore, WorkspaceRenderings
from bot.store.database import Database
from bot.store.schema import block_kit

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


async def test_each_kind_is_remembered_alone(db: Database) -> None:
    store = RenderingStore(db)
    await store.refused("T1", {"charts"}, AT)
    await store.accepted("T1", {"alerts", "tables"}, AT)
    await store.accepted("T1", {"tables"}, AT + timedelta(hours=1))
    assert await store.get("T1") == WorkspaceRenderings(
        refused=frozenset({"charts"}), accepted=frozenset({"alerts", "tables"})
    )
    assert await RenderingStore(db).get("T1") == await store.get("T1"), "read back"
    for other in ("T10", "T", "T_", "T%"):
        assert await store.get(other) == WorkspaceRenderings(), other


async def test_a_one_flag_row_of_before_is_not_read(db: Database) -> None:
    async with db.engine.begin() as conn:
        row = {"team_id": "T2", "classic_since": AT, "newer_accepted_at": AT}
        await conn.execute(insert(block_kit).values(row))
    assert await RenderingStore(db).get("T2") == WorkspaceRenderings(), "each kind is learned again"
