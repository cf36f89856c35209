"""Per-workspace settings about people and channels: who manages tasks,
who may see them, who may change subscriptions, where the audit trail goes.

User-group and channel ids belong to one workspace, so each workspace may override
TASK_MANAGERS, VIEWERS, SUBSCRIPTION_ADMINS and AUDIT_CHANNEL; a value left unset (None)
falls back to the environment's. An empty set or an empty audit channel is an override
too ("nobody", "no channel").
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.store.database import Database
from bot.store.schema import workspace_settings as table

SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")
ID_COLUMNS = ("task_managers", "viewers", "subscription_admins")


def _checked(ids: frozenset[str] | None, what: str) -> frozenset[str] | None:
    for item in ids or ():
        if not SLACK_ID.match(item):
            raise ValueError(f"{what}: {item[:40]!r} is not a Slack id")
    return ids


@dataclass(frozen=True, slots=True)
class PeopleSettings:
    """The settings in force for one workspace (its overrides over the environment's)."""

    task_manager_ids: frozenset[str]
    viewer_ids: frozenset[str]
    admin_user_ids: frozenset[str]
    audit_channel: str | None


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    """One workspace's overrides; None: the environment's value applies."""

    workspace_id: str
    task_managers: frozenset[str] | None = None
    viewers: frozenset[str] | None = None
    subscription_admins: frozenset[str] | None = None
    audit_channel: str | None = None  # "": no audit channel in this workspace
    updated_by: str = ""
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        for name in ID_COLUMNS:
            _checked(getattr(self, name), name)
        if self.audit_channel and not SLACK_ID.match(self.audit_channel):
            raise ValueError("audit_channel is not a Slack channel id")

    def over(self, settings: Settings) -> PeopleSettings:
        """These overrides over the environment's values."""
        channel = settings.audit_channel if self.audit_channel is None else self.audit_channel
        return PeopleSettings(
            task_manager_ids=_or(self.task_managers, settings.task_manager_ids),
            viewer_ids=_or(self.viewers, settings.viewer_ids),
            admin_user_ids=_or(self.subscription_admins, settings.admin_user_ids),
            audit_channel=channel or None,
        )


def _or(value: frozenset[str] | None, default: frozenset[str]) -> frozenset[str]:
    return default if value is None else value


def _text(ids: frozenset[str] | None) -> str | None:
    return None if ids is None else ",".join(sorted(ids))


def _ids(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(part for part in text.split(",") if part)


class WorkspaceSettingsStore:
    """Reads and replaces each workspace's overrides."""

    def __init__(self, db: Database, *, clock: Clock = time.time) -> None:
        self._db = db
        self._clock = clock

    async def load(self, workspace_id: str) -> WorkspaceSettings:
        """The workspace's overrides (none set when it has no row)."""
        async with self._db.engine.connect() as conn:
            query = select(table).where(table.c.team_id == workspace_id)
            row = (await conn.execute(query)).mappings().one_or_none()
        return WorkspaceSettings(workspace_id) if row is None else _settings(row)

    async def save(self, overrides: WorkspaceSettings, *, updated_by: str) -> WorkspaceSettings:
        """Replace the workspace's overrides; returns them as stored."""
        now = utc_now(self._clock)
        row = {
            "team_id": overrides.workspace_id,
            **{name: _text(getattr(overrides, name)) for name in ID_COLUMNS},
            "audit_channel": overrides.audit_channel,
            "updated_by": updated_by[:32],
            "updated_at": now,
        }
        async with self._db.engine.begin() as conn:
            await conn.execute(self._db.upsert(table, ["team_id"]), [row])
        return _settings(row)

    async def delete(self, workspace_id: str) -> bool:
        """Back to the environment's values (and forget the workspace: uninstall); False when
        it had none."""
        async with self._db.engine.begin() as conn:
            result = await conn.execute(delete(table).where(table.c.team_id == workspace_id))
        return bool(result.rowcount)

    async def delete_workspaces(self, workspace_ids: Iterable[str]) -> list[str]:
        """Back to the environment's values for each of ``workspace_ids``; those that had some."""
        wanted = sorted(workspace_ids)
        if not wanted:
            return []
        async with self._db.engine.begin() as conn:
            query = select(table.c.team_id).where(table.c.team_id.in_(wanted))
            found = sorted((await conn.execute(query)).scalars())
            if found:
                await conn.execute(delete(table).where(table.c.team_id.in_(found)))
        return found


def _settings(row: Any) -> WorkspaceSettings:
    return WorkspaceSettings(
        workspace_id=row["team_id"],
        task_managers=_ids(row["task_managers"]),
        viewers=_ids(row["viewers"]),
        subscription_admins=_ids(row["subscription_admins"]),
        audit_channel=row["audit_channel"],
        updated_by=row["updated_by"],
        updated_at=row["updated_at"],
    )
