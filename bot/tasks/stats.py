"""Counts and capacity per status group, for the summary view."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.ivc.models import Task
from bot.tasks.selection import StatusGroup, status_group


@dataclass(frozen=True, slots=True)
class GroupStats:
    """How many tasks a group holds and their total capacity in MB."""

    count: int = 0
    capacity_mb: float = 0.0


@dataclass(frozen=True, slots=True)
class StatusStats:
    """Stats per display group; ``unknown_statuses`` lists the raw unknown values seen."""

    groups: dict[StatusGroup, GroupStats]
    unknown_statuses: tuple[int, ...] = ()

    @property
    def total(self) -> GroupStats:
        """All groups together."""
        return GroupStats(
            sum(stats.count for stats in self.groups.values()),
            sum(stats.capacity_mb for stats in self.groups.values()),
        )


def usable_capacity(capacity_mb: float) -> float:
    """Capacity that can be added up: NaN, infinite and negative values count as 0."""
    return capacity_mb if math.isfinite(capacity_mb) and capacity_mb > 0 else 0.0


def status_stats(tasks: Iterable[Task]) -> StatusStats:
    """Count tasks and add up capacity per status group (every group present, maybe zero)."""
    counts = dict.fromkeys(StatusGroup, 0)
    capacity = dict.fromkeys(StatusGroup, 0.0)
    unknown: set[int] = set()
    for task in tasks:
        group = status_group(task)
        counts[group] += 1
        capacity[group] += usable_capacity(task.capacity_mb)
        if group is StatusGroup.UNKNOWN:
            unknown.add(int(task.status))
    groups = {group: GroupStats(counts[group], capacity[group]) for group in StatusGroup}
    return StatusStats(groups, tuple(sorted(unknown)))
