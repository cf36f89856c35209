"""Filtering, search and display order."""

from datetime import timedelta

import pytest

from bot.ivc.models import TaskStatus
from bot.tasks import StatusFilter, StatusGroup, matches_query, select, status_group
from tests.support.tasks import START, make_task, make_tasks


def test_order_is_retrieving_pending_retrieved_unknown() -> None:
    tasks = [
        make_task(task_id="a", status=TaskStatus.RETRIEVED),
        make_task(task_id="b", status=9),
        make_task(task_id="c", status=TaskStatus.PENDING),
        make_task(task_id="d", status=TaskStatus.RETRIEVING),
    ]
    assert [t.task_id for t in select(tasks)] == ["d", "c", "a", "b"]


def test_newest_start_first_within_a_status_then_task_id() -> None:
    tasks = [
        make_task(task_id="old", start=START - timedelta(days=1)),
        make_task(task_id="new-b", start=START),
        make_task(task_id="new-a", start=START),
    ]
    assert [t.task_id for t in select(tasks)] == ["new-a", "new-b", "old"]


def test_unknown_statuses_sort_by_start_too() -> None:
    tasks = [
        make_task(task_id="x", status=7, start=START - timedelta(hours=1)),
        make_task(task_id="y", status=-1, start=START),
    ]
    assert [t.task_id for t in select(tasks)] == ["y", "x"]


def test_naive_and_aware_starts_mix_without_error() -> None:
    tasks = [make_task(task_id="naive", start=START.replace(tzinfo=None)), make_task(task_id="z")]
    assert {t.task_id for t in select(tasks)} == {"naive", "z"}


@pytest.mark.parametrize(
    ("status_filter", "status"),
    [
        (StatusFilter.PENDING, TaskStatus.PENDING),
        (StatusFilter.RETRIEVING, TaskStatus.RETRIEVING),
        (StatusFilter.RETRIEVED, TaskStatus.RETRIEVED),
    ],
)
def test_status_filter_keeps_only_that_status(status_filter: StatusFilter, status: int) -> None:
    tasks = [*make_tasks(30), make_task(task_id="odd", status=5)]
    chosen = select(tasks, status_filter)
    assert len(chosen) == 10
    assert all(t.status == status for t in chosen)


def test_all_keeps_unknown_statuses() -> None:
    tasks = [*make_tasks(3), make_task(task_id="odd", status=5)]
    assert len(select(tasks, StatusFilter.ALL)) == 4


@pytest.mark.parametrize("query", ["LOBBY", "lobby", "bBy-C", "abcdef01", "ABCDEF01"])
def test_search_matches_name_or_id_case_insensitively(query: str) -> None:
    task = make_task(name="Lobby-Cam", task_id="0123456789abcdef0123")
    assert select([task, make_task(name="gate", task_id="ffff")], query=query) == [task]


def test_search_with_no_match_is_empty() -> None:
    assert select(make_tasks(5), query="nothing-like-this") == []


def test_search_combines_with_the_status_filter() -> None:
    tasks = make_tasks(30)
    chosen = select(tasks, StatusFilter.PENDING, query="task-1")
    assert chosen and all(t.status == TaskStatus.PENDING and "task-1" in t.name for t in chosen)


def test_search_uses_full_case_folding() -> None:
    task = make_task(name="Straße-Tor")
    assert select([task], query="STRASSE") == [task]
    assert matches_query(make_task(name="STRASSE"), "straße".casefold())


def test_status_group_of_unknown_value() -> None:
    assert status_group(make_task(status=42)) is StatusGroup.UNKNOWN
    assert status_group(make_task(status=1)) is StatusGroup.RETRIEVING
