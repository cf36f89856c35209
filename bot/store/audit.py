"""The audit trail: every create and delete attempt from Slack (who, when, the request, the
outcome, IVC's RequestId), keyed by workspace, kept AUDIT_RETENTION_DAYS."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from bot.clock import as_utc
from bot.store.database import Database
from bot.store.schema import audit as table

MAX_REQUEST = 4000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One attempt to change a task."""

    workspace_id: str
    user_id: str
    at: datetime
    action: str  # "create" | "delete"
    request: dict[str, Any]
    outcome: str  # "created", "recovered", "deleted", "refused:<reason>", "failed:<error>"
    task_id: str = ""
    request_id: str = ""

    def log_fields(self) -> dict[str, Any]:
        """The entry as one structured log line's fields."""
        return {
            "audit_action": self.action,
            "team_id": self.workspace_id,
            "user_id": self.user_id,
            "outcome": self.outcome,
            "task_id": self.task_id,
            "ivc_request_id": self.request_id,
        }


class AuditStore:
    """Appends entries and reads them back, newest last."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, entry: AuditEntry) -> None:
        request = json.dumps(entry.request, ensure_ascii=False, sort_keys=True)[:MAX_REQUEST]
        async with self._db.engine.begin() as conn:
            await conn.execute(
                insert(table).values(
                    team_id=entry.workspace_id[:32],
                    user_id=entry.user_id[:32],
                    at=as_utc(entry.at),
                    action=entry.action,
                    request=request,
                    outcome=entry.outcome[:64],
                    task_id=entry.task_id[:128],
                    request_id=entry.request_id[:128],
                )
            )

    async def since(self, moment: datetime, workspace_id: str | None = None) -> list[AuditEntry]:
        """Entries at or after ``moment`` (of one workspace, or all), oldest first."""
        query = select(table).where(table.c.at >= as_utc(moment))
        if workspace_id is not None:
            query = query.where(table.c.team_id == workspace_id)
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(table.c.at, table.c.id))).mappings().all()
        return [_entry(row) for row in rows]

    async def purge(self, before: datetime) -> int:
        """Drop entries older than ``before`` (AUDIT_RETENTION_DAYS); rows removed."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(table.c.at < as_utc(before)))
        return int(result.rowcount or 0)


def _entry(row: Any) -> AuditEntry:
    try:
        request = json.loads(row["request"])
    except ValueError:
        request = {}
    return AuditEntry(
        workspace_id=row["team_id"],
        user_id=row["user_id"],
        at=as_utc(row["at"]),
        action=row["action"],
        request=request if isinstance(request, dict) else {},
        outcome=row["outcome"],
        task_id=row["task_id"],
        request_id=row["request_id"],
    )
