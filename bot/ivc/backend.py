"""What the task source needs from an IVC backend (the ``/ivc/`` API or API 3.0)."""

from __future__ import annotations

from typing import Protocol

from bot.ivc.models import TaskDetails, TaskList


class TaskBackend(Protocol):
    """A client of one IVC API; every failure is raised as an ``IvcError`` subclass."""

    base_url: str

    async def list_tasks(self) -> TaskList:
        """Every retrieval task."""
        ...

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels."""
        ...

    async def aclose(self) -> None:
        """Release the HTTP connections."""
        ...
