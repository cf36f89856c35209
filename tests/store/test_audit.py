"""The audit trail's store (migration 0004): entries keyed by workspace, read back since a
moment, oldest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store.audit import AuditEntry, AuditStore
from bot.store.database import Database

AT = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


def entry(workspace: str, minutes: int, outcome: str = "created") -> AuditEntry:
    return AuditEntry(
        workspace,
        "U0MGR",
        AT + timedelta(minutes=minutes),
        "create",
        {"TaskName": "gate_0312"},
        outcome,
        "task-1",
        "req-1",
    )


async def test_entries_are_kept_per_workspace_and_read_since_a_moment(tmp_path) -> None:
    db = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}")
    try:
        store = AuditStore(db)
        for item in (entry("T1", 0), entry("T2", 1), entry("T1", 2, "refused:name_taken")):
            await store.add(item)
        assert await store.since(AT + timedelta(minutes=1)) == [
            entry("T2", 1),
            entry("T1", 2, "refused:name_taken"),
        ]
        assert [e.outcome for e in await store.since(AT, "T1")] == ["created", "refused:name_taken"]
        assert await store.since(AT + timedelta(hours=1)) == []
    finally:
        await db.aclose()
