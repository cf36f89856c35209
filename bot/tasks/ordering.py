"""The display order of a fetched task list, computed once per list rather than per request.

``order_of`` memoises it per ``TaskSnapshot`` holding only weak references, so an order never
keeps an old task list alive.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter

from bot.ivc.models import Task
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.pagination import DEFAULT_PAGE_SIZE, Page, clamp_page
from bot.tasks.selection import (
    GROUP_OF_FILTER,
    GROUP_OF_STATUS,
    StatusFilter,
    StatusGroup,
    matches_query,
    sort_key,
)

MEMO_SIZE = 4
_GROUPS = len(StatusGroup)
_by_task_id = attrgetter("task_id")
_by_start = attrgetter("start")


def _in_display_order(group: list[Task]) -> list[Task]:
    """One status group sorted newest start first, then by TaskId (as ``sort_key`` orders).

    Two stable sorts on attributes the tasks already hold (no key tuple per task). A naive
    start cannot be compared with an aware one, so a group holding one uses ``sort_key``.
    """
    if any(task.start.tzinfo is None for task in group):
        group.sort(key=sort_key)
        return group
    group.sort(key=_by_task_id)
    group.sort(key=_by_start, reverse=True)  # reverse keeps equal starts in TaskId order
    return group


@dataclass(frozen=True, slots=True, eq=False)
class TaskOrder:
    """All tasks of a list in display order; group ``g`` is ``tasks[bounds[g]:bounds[g + 1]]``."""

    tasks: tuple[Task, ...]
    bounds: tuple[int, ...]

    @classmethod
    def of(cls, tasks: Iterable[Task]) -> TaskOrder:
        """Group and order ``tasks`` (one pass to group, then a sort per group)."""
        groups: list[list[Task]] = [[] for _ in range(_GROUPS)]
        group_of = GROUP_OF_STATUS.get
        unknown = StatusGroup.UNKNOWN
        for task in tasks:
            groups[group_of(task.status, unknown)].append(task)
        ordered: list[Task] = []
        bounds = [0]
        for group in groups:
            ordered += _in_display_order(group)
            bounds.append(len(ordered))
        return cls(tuple(ordered), tuple(bounds))

    def count(self, group: StatusGroup) -> int:
        """How many tasks the display group holds."""
        return self.bounds[group + 1] - self.bounds[group]

    def _span(self, status_filter: StatusFilter) -> tuple[int, int]:
        group = GROUP_OF_FILTER.get(status_filter)
        if group is None:
            return 0, len(self.tasks)
        return self.bounds[group], self.bounds[group + 1]

    def select(
        self, status_filter: StatusFilter = StatusFilter.ALL, query: str | None = None
    ) -> Sequence[Task]:
        """The tasks passing the filter and the search, in display order."""
        low, high = self._span(status_filter)
        if query:
            folded = query.casefold()
            return [task for task in islice(self.tasks, low, high) if matches_query(task, folded)]
        if low == 0 and high == len(self.tasks):
            return self.tasks
        return self.tasks[low:high]

    def page(
        self,
        status_filter: StatusFilter = StatusFilter.ALL,
        query: str | None = None,
        *,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Page:
        """One page of the selection: a slice, or a scan in display order for a search."""
        size = max(1, page_size)
        if query:
            chosen = self.select(status_filter, query)
            low, total = 0, len(chosen)
        else:
            chosen = self.tasks
            low, high = self._span(status_filter)
            total = high - low
        number = clamp_page(page, total, size)
        start = low + (number - 1) * size
        end = min(start + size, low + total)
        return Page(tuple(chosen[start:end]), number, size, total)


class _OrderMemo:
    """The orders of the last few snapshots, keyed by snapshot identity.

    Entries hold a weak reference to their snapshot and go when it does. A snapshot made
    by ``dataclasses.replace`` of a live one (the stale copy served while IVC fails) shares
    its task tuple and therefore its order. Meant for one event loop: lookups never await,
    and the entry list is replaced, never changed in place, so a weakref callback firing
    during a lookup can at worst cost a recomputation or leave a dead entry to the next
    lookup, which prunes it; the memo never holds more than ``size`` entries.
    """

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = max(1, size)
        self._entries: tuple[tuple[weakref.ref[TaskSnapshot], TaskOrder], ...] = ()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, snapshot: TaskSnapshot) -> TaskOrder:
        entries = self._entries
        if entries:  # the common case: the newest snapshot again
            held = entries[0][0]()
            if held is snapshot:
                return entries[0][1]
        live = []
        found: TaskOrder | None = None
        for ref, order in entries:
            held = ref()
            if held is None:
                continue
            if found is None and (held is snapshot or held.tasks is snapshot.tasks):
                found = order
            live.append((ref, order))
        order = found if found is not None else TaskOrder.of(snapshot.tasks)
        ref = weakref.ref(snapshot, self._forget)
        rest = [entry for entry in live if entry[0]() is not snapshot]
        self._entries = ((ref, order), *rest[: self._size - 1])
        return order

    def _forget(self, dead: weakref.ref[TaskSnapshot]) -> None:
        self._entries = tuple(entry for entry in self._entries if entry[0] is not dead)

    def clear(self) -> None:
        self._entries = ()


_MEMO = _OrderMemo()


def order_of(snapshot: TaskSnapshot) -> TaskOrder:
    """The display order of ``snapshot``'s tasks, computed on first use and then reused."""
    return _MEMO.get(snapshot)
