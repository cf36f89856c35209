"""Counts and capacity per status."""

import math

from bot.ivc.models import TaskStatus
from bot.tasks import GroupStats, StatusGroup, status_stats
from tests.support.tasks import make_task


def test_counts_and_capacity_per_group() -> None:
    summary = status_stats(
        [
            make_task(status=TaskStatus.PENDING, capacity_mb=100),
            make_task(status=TaskStatus.PENDING, capacity_mb=50.5),
            make_task(status=TaskStatus.RETRIEVED, capacity_mb=1024),
            make_task(status=8, capacity_mb=1),
            make_task(status=9, capacity_mb=2),
        ]
    )
    assert summary.groups[StatusGroup.PENDING] == GroupStats(2, 150.5)
    assert summary.groups[StatusGroup.RETRIEVED] == GroupStats(1, 1024)
    assert summary.groups[StatusGroup.RETRIEVING] == GroupStats(0, 0.0)
    assert summary.groups[StatusGroup.UNKNOWN] == GroupStats(2, 3)
    assert summary.unknown_statuses == (8, 9)
    assert summary.total == GroupStats(5, 1177.5)


def test_bad_capacities_do_not_poison_the_sum() -> None:
    summary = status_stats(
        [make_task(capacity_mb=-5), make_task(capacity_mb=math.nan), make_task(capacity_mb=3)]
    )
    assert summary.total == GroupStats(3, 3)


def test_empty_list_has_every_group_at_zero() -> None:
    summary = status_stats([])
    assert set(summary.groups) == set(StatusGroup)
    assert summary.total == GroupStats(0, 0.0)
