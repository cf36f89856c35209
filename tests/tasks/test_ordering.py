"""The display order computed once per task list, and its memo per snapshot."""

import dataclasses
import gc
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ivc.models import TaskStatus
from bot.tasks import Page, StatusFilter, StatusGroup, select
from bot.tasks.ordering import MEMO_SIZE, TaskOrder, _OrderMemo, order_of
from tests.support.tasks import START, make_snapshot, make_task, make_tasks

STATUSES = [TaskStatus.RETRIEVED, TaskStatus.RETRIEVING, TaskStatus.PENDING, 1, 2, 7, -1]

tasks_strategy = st.lists(
    st.builds(
        lambda task_id, name, minutes, status, naive: make_task(
            task_id=task_id,
            name=name,
            start=(START - timedelta(minutes=minutes)).replace(
                tzinfo=None if naive else START.tzinfo
            ),
            status=status,
        ),
        task_id=st.text("abc0", min_size=1, max_size=3),
        name=st.text("aBc-ß", max_size=4),
        minutes=st.integers(0, 5),  # few distinct starts: ties broken by TaskId
        status=st.sampled_from(STATUSES),
        naive=st.sampled_from([False, False, False, True]),  # now and then a naive start
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(tasks=tasks_strategy, query=st.sampled_from([None, "", "a", "B", "ss", "zz"]))
def test_same_order_and_selection_as_select(tasks, query) -> None:
    order = TaskOrder.of(tasks)
    for status_filter in StatusFilter:
        assert list(order.select(status_filter, query)) == select(tasks, status_filter, query)


@settings(max_examples=100, deadline=None)
@given(
    tasks=tasks_strategy,
    query=st.sampled_from([None, "a"]),
    page=st.integers(-2, 12),
    size=st.integers(0, 7),
)
def test_pages_are_slices_of_the_selection(tasks, query, page, size) -> None:
    order = TaskOrder.of(tasks)
    for status_filter in StatusFilter:
        chosen = select(tasks, status_filter, query)
        width = max(1, size)
        number = min(max(1, page), max(1, -(-len(chosen) // width)))
        items = tuple(chosen[(number - 1) * width : number * width])
        expected = Page(items, number, width, len(chosen))
        assert order.page(status_filter, query, page=page, page_size=size) == expected


def test_groups_are_slices_with_counts() -> None:
    tasks = [*make_tasks(30), make_task(task_id="odd", status=5)]
    order = TaskOrder.of(tasks)
    assert [order.count(group) for group in StatusGroup] == [10, 10, 10, 1]
    assert order.select(StatusFilter.PENDING) == tuple(select(tasks, StatusFilter.PENDING))
    assert order.select() is order.tasks  # all tasks: no copy
    assert order.tasks[-1].task_id == "odd"


def test_order_is_computed_once_per_snapshot() -> None:
    snapshot = make_snapshot(make_tasks(50))
    assert order_of(snapshot) is order_of(snapshot)
    stale = dataclasses.replace(snapshot, stale=True)  # same tasks: same order
    assert order_of(stale) is order_of(snapshot)
    other = make_snapshot(make_tasks(50))
    assert order_of(other) is not order_of(snapshot)


def test_memo_is_bounded_and_lets_go_of_dead_snapshots() -> None:
    memo = _OrderMemo()
    alive = [make_snapshot(make_tasks(3)) for _ in range(MEMO_SIZE + 3)]
    orders = [memo.get(snapshot) for snapshot in alive]
    assert len(memo) == MEMO_SIZE
    assert memo.get(alive[-1]) is orders[-1]
    assert memo.get(alive[0]) is not orders[0]  # evicted long ago, computed again
    del alive, orders
    gc.collect()
    assert len(memo) == 0


def test_memo_recomputes_for_a_new_list_of_the_same_tasks() -> None:
    tasks = make_tasks(5)
    memo = _OrderMemo()
    first = memo.get(make_snapshot(tasks))
    second_snapshot = make_snapshot([*tasks, make_task(task_id="new")])
    assert len(memo.get(second_snapshot).tasks) == 6
    assert len(first.tasks) == 5


@pytest.mark.parametrize("size", [1, 2])
def test_memo_of_size_one_or_two_still_answers(size: int) -> None:
    memo = _OrderMemo(size)
    snapshots = [make_snapshot(make_tasks(n)) for n in (1, 2, 3)]
    for snapshot in snapshots:
        assert len(memo.get(snapshot).tasks) == len(snapshot.tasks)
    assert len(memo) == size
