"""How a write tells the other replicas that the task list changed: the abstract publisher
``TaskActions`` depends on, and the one for a single replica or SQLite (it tells nobody)."""

from __future__ import annotations

from typing import Protocol


class ChangeNotices(Protocol):
    """Announces, after a create or delete, that the task list (and ``task_id``'s details)
    changed; never raises: the write already happened and its answer must reach the user."""

    async def publish(self, task_id: str | None = None) -> None: ...


class LocalOnly:
    """Tells nobody: other replicas, if any, see the change when their cache's TTL ends."""

    def __repr__(self) -> str:
        return "LocalOnly()"

    async def publish(self, task_id: str | None = None) -> None:
        return None
