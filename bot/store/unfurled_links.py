"""Task links unfurled in posted messages (not the composer's), kept 14 days and bounded, so
a task's status change unfurls each again in place (``chat.unfurl`` on the same message)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.database import Database
from bot.store.schema import unfurled_links

TRACKED_FOR = timedelta(days=14)
"""How long a posted link is unfurled again when its task changes."""
MAX_PER_TASK = 50  # links of one task kept (the newest)
MAX_PER_WORKSPACE = 5000  # links of one workspace kept (the newest)
URL_MAX = 1000  # a longer posted link is not tracked
_KEY = ("team_id", "channel_id", "message_ts", "url")


@dataclass(frozen=True, slots=True)
class UnfurledLink:
    """One link unfurled in a posted message: where, which task of which account, whether
    with every field (``full``), the status it last showed and the number of cameras it
    showed (None: unknown; a refresh from the list, which has no count, shows this one)."""

    team_id: str
    channel_id: str
    message_ts: str
    url: str
    task_id: str
    account: str
    full: bool
    status: int
    unfurled_at: datetime
    cameras: int | None = None
    id: int = 0


def _link(row: Any) -> UnfurledLink:
    return UnfurledLink(
        team_id=row.team_id,
        channel_id=row.channel_id,
        message_ts=row.message_ts,
        url=row.url,
        task_id=row.task_id,
        account=row.account,
        full=bool(row.full),
        status=row.status,
        unfurled_at=row.unfurled_at,
        cameras=row.cameras,
        id=row.id,
    )


def of_tasks(account: str, task_ids: Sequence[str], since: datetime) -> Any:
    """The links of these tasks of ``account`` unfurled since ``since``."""
    return (
        select(unfurled_links)
        .where(
            unfurled_links.c.account == account,
            unfurled_links.c.task_id.in_(list(task_ids)),
            unfurled_links.c.unfurled_at >= since,
        )
        .order_by(unfurled_links.c.id)
    )


def links_of(rows: Any) -> list[UnfurledLink]:
    return [_link(row) for row in rows]


def _beyond(condition: Any, keep: int) -> Any:
    """Delete the rows matching ``condition`` past the newest ``keep``."""
    old = (
        select(unfurled_links.c.id)
        .where(condition)
        .order_by(unfurled_links.c.unfurled_at.desc(), unfurled_links.c.id.desc())
        .offset(keep)
        .limit(1_000_000)
    )
    return delete(unfurled_links).where(unfurled_links.c.id.in_(old))


class UnfurledLinkStore:
    """The tracked links: record an unfurl, note a refresh, purge the old ones."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, link: UnfurledLink) -> None:
        """Track ``link`` (again: its row is updated), keeping the bounds."""
        if len(link.url) > URL_MAX:
            return
        module = postgresql if self._db.dialect == "postgresql" else sqlite
        values = {
            "team_id": link.team_id,
            "channel_id": link.channel_id,
            "message_ts": link.message_ts,
            "url": link.url,
            "task_id": link.task_id,
            "account": link.account,
            "full": link.full,
            "status": link.status,
            "unfurled_at": link.unfurled_at,
            "cameras": link.cameras,
        }
        insert = module.insert(unfurled_links).values(**values)
        changes = {k: v for k, v in values.items() if k not in _KEY}
        upsert = insert.on_conflict_do_update(index_elements=list(_KEY), set_=changes)
        of_task = (unfurled_links.c.account == link.account) & (
            unfurled_links.c.task_id == link.task_id
        )
        async with self._db.engine.begin() as conn:
            await conn.execute(upsert)
            await conn.execute(_beyond(of_task, MAX_PER_TASK))
            await conn.execute(_beyond(unfurled_links.c.team_id == link.team_id, MAX_PER_WORKSPACE))

    async def refreshed(self, link_id: int, status: int, changed_at: datetime | None) -> None:
        """The link was unfurled again showing ``status``, which it changed to at
        ``changed_at``; not over a later change's (two unfurls landing out of order)."""
        condition = unfurled_links.c.id == link_id
        values: dict[str, Any] = {"status": status}
        if changed_at is not None:
            shown = unfurled_links.c.changed_at
            condition = condition & or_(shown.is_(None), shown <= changed_at)
            values["changed_at"] = changed_at
        statement = unfurled_links.update().where(condition).values(**values)
        async with self._db.engine.begin() as conn:
            await conn.execute(statement)

    async def of_tasks(
        self, account: str, task_ids: Sequence[str], since: datetime
    ) -> list[UnfurledLink]:
        async with self._db.engine.connect() as conn:
            return links_of(await conn.execute(of_tasks(account, task_ids, since)))

    async def purge(self, before: datetime) -> int:
        """Remove links unfurled before ``before``; how many."""
        statement = delete(unfurled_links).where(unfurled_links.c.unfurled_at < before)
        async with self._db.engine.begin() as conn:
            return (await conn.execute(statement)).rowcount
