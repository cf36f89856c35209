"""Status groups, status filters and the display order of tasks.

Order: retrieving, then pending, then retrieved, then unknown statuses; newest start first
within each group, then TaskId for a stable order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum, IntEnum

from bot.clock import epoch_seconds
from bot.ivc.models import Task, TaskStatus


class StatusFilter(Enum):
    """Which tasks a list shows."""

    ALL = "all"
    PENDING = "pending"
    RETRIEVING = "retrieving"
    RETRIEVED = "retrieved"


class StatusGroup(IntEnum):
    """Display groups in display order; UNKNOWN holds statuses this app does not know."""

    RETRIEVING = 0
    PENDING = 1
    RETRIEVED = 2
    UNKNOWN = 3


GROUP_OF_STATUS: Mapping[int, StatusGroup] = {
    TaskStatus.RETRIEVING: StatusGroup.RETRIEVING,
    TaskStatus.PENDING: StatusGroup.PENDING,
    TaskStatus.RETRIEVED: StatusGroup.RETRIEVED,
}
"""The display group of each known task status (the one status-to-group table)."""

GROUP_OF_FILTER: Mapping[StatusFilter, StatusGroup] = {
    StatusFilter.PENDING: StatusGroup.PENDING,
    StatusFilter.RETRIEVING: StatusGroup.RETRIEVING,
    StatusFilter.RETRIEVED: StatusGroup.RETRIEVED,
}
"""The one group a status filter shows (``ALL`` shows every group and is not here)."""


def group_of_status(status: int) -> StatusGroup:
    """The display group of a raw or known status; values this app does not know: UNKNOWN."""
    return GROUP_OF_STATUS.get(status, StatusGroup.UNKNOWN)


def status_group(task: Task) -> StatusGroup:
    """The display group of a task's status."""
    return GROUP_OF_STATUS.get(task.status, StatusGroup.UNKNOWN)


def sort_key(task: Task) -> tuple[int, float, str]:
    """Key giving the display order (group, newest start first, TaskId)."""
    seconds = epoch_seconds(task.start)
    return (GROUP_OF_STATUS.get(task.status, StatusGroup.UNKNOWN), -seconds, task.task_id)


def matches_query(task: Task, folded_query: str) -> bool:
    """True when the casefolded query is a substring of the task's name or TaskId."""
    return folded_query in task.name.casefold() or folded_query in task.task_id.casefold()


def _filtered(tasks: Iterable[Task], status_filter: StatusFilter, query: str | None) -> list[Task]:
    """One pass over the tasks keeping those that pass the status filter and the search."""
    group = GROUP_OF_FILTER.get(status_filter)
    folded = query.casefold() if query else ""
    chosen: list[Task] | None = None
    if group is not None:  # one dict lookup per task, no call: this runs over every task
        group_of = GROUP_OF_STATUS.get
        chosen = [task for task in tasks if group_of(task.status) is group]
    if folded:
        return [
            task for task in (tasks if chosen is None else chosen) if matches_query(task, folded)
        ]
    return list(tasks) if chosen is None else chosen


def select(
    tasks: Iterable[Task], status_filter: StatusFilter = StatusFilter.ALL, query: str | None = None
) -> list[Task]:
    """All tasks passing the filter and search, in display order."""
    return sorted(_filtered(tasks, status_filter, query), key=sort_key)
