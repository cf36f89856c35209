"""A task's link, ``<PUBLIC_URL>/tasks/<TaskId>``, and the TaskId a posted link names (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

TASKS_PATH = "/tasks/"
_TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""A TaskId a link may name (IVC's are 32 hex digits); the app's page answers the same."""


@dataclass(frozen=True, slots=True)
class TaskLinks:
    """Links under ``base`` (PUBLIC_URL without a trailing slash)."""

    base: str

    def url(self, task_id: str) -> str | None:
        """The task's link, or None for a TaskId no link can name."""
        if not _TASK_ID.fullmatch(task_id):
            return None
        return f"{self.base}{TASKS_PATH}{quote(task_id, safe='')}"

    def task_id_of(self, link: str) -> str | None:
        """The TaskId ``link`` names when it is one of these links (any query or fragment
        ignored; the host compared without case), else None."""
        try:
            posted, ours = urlsplit(link.strip()), urlsplit(self.base)
        except ValueError:
            return None
        if posted.scheme.lower() != ours.scheme.lower():
            return None
        if posted.netloc.lower() != ours.netloc.lower():
            return None
        head = ours.path.rstrip("/") + TASKS_PATH
        if not posted.path.startswith(head):
            return None
        task_id = posted.path[len(head) :].rstrip("/")
        return task_id if _TASK_ID.fullmatch(task_id) else None
