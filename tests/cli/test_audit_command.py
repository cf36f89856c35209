"""``python -m bot audit [--since 7d]`` prints the audit trail; a bad --since gets one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store.audit import AuditEntry, AuditStore
from bot.store.database import Database
from tests.support.app_fixtures import run_cli


async def test_audit_prints_the_entries_since(tmp_path) -> None:
    path = tmp_path / "app.db"
    db = await Database.open(f"sqlite+aiosqlite:///{path}")
    now = datetime.now(UTC)
    try:
        store = AuditStore(db)
        await store.add(
            AuditEntry(
                "T1",
                "U0MGR",
                now - timedelta(days=10),
                "delete",
                {"TaskId": "old"},
                "deleted",
                "old",
                "r0",
            )
        )
        await store.add(
            AuditEntry(
                "T1",
                "U0MGR",
                now - timedelta(hours=1),
                "create",
                {"TaskName": "gate_0312"},
                "created",
                "t1",
                "r1",
            )
        )
    finally:
        await db.aclose()
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{path}",
        "IVC_SECRET_ID": "id",
        "IVC_SECRET_KEY": "sk-0123456789",
        "LOG_FORMAT": "text",
    }
    result = run_cli(["audit"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        len(lines) == 1 and "gate_0312" in lines[0] and "r1" in lines[0] and "created" in lines[0]
    )
    longer = run_cli(["audit", "--since", "30d"], env, tmp_path)
    assert len(longer.stdout.splitlines()) == 2
    bad = run_cli(["audit", "--since", "soon"], env, tmp_path)
    assert bad.returncode == 2 and "use a number and d, h or m" in bad.stderr
    assert "Traceback" not in bad.stderr
