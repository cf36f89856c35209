"""How a write tells the other replicas that the task list changed: the abstract publisher
``TaskActions`` depends on, the one for a single replica or SQLite (it tells nobody), and
one that tells this process too."""

from __future__ import annotations

from collections.abc import Callable
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


class AlsoHere:
    """Publishes ``notices`` after telling this process (``here``): the other processes hear
    the notice, which skips its own sender."""

    def __init__(self, notices: ChangeNotices, here: Callable[[str | None], None]) -> None:
        self._notices, self._here = notices, here

    def __repr__(self) -> str:
        return f"AlsoHere({self._notices!r})"

    async def publish(self, task_id: str | None = None) -> None:
        self._here(task_id)
        await self._notices.publish(task_id)
