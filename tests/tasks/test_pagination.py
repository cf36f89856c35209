"""Pages of the ordered selection (``TaskOrder.page``), including the edges."""

import pytest

from bot.ivc.models import Task
from bot.tasks import Page, StatusFilter, TaskOrder, select
from tests.support.tasks import make_tasks

TASKS = make_tasks(1_000)
ORDERED = select(TASKS)


def page_of(
    tasks: list[Task],
    status_filter: StatusFilter = StatusFilter.ALL,
    query: str | None = None,
    *,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    return TaskOrder.of(tasks).page(status_filter, query, page=page, page_size=page_size)


def test_first_page_is_the_first_twenty() -> None:
    page = page_of(TASKS)
    assert page.items == tuple(ORDERED[:20])
    assert (page.page, page.total, page.pages) == (1, 1_000, 50)
    assert (page.first_index, page.last_index) == (1, 20)
    assert not page.has_previous and page.has_next


@pytest.mark.parametrize("number", [1, 2, 17, 49, 50])
def test_every_page_matches_a_full_sort(number: int) -> None:
    page = page_of(TASKS, page=number)
    start = (number - 1) * 20
    assert page.items == tuple(ORDERED[start : start + 20])


def test_walking_all_pages_visits_every_task_once() -> None:
    seen = [t.task_id for n in range(1, 51) for t in page_of(TASKS, page=n).items]
    assert len(seen) == len(set(seen)) == 1_000


def test_last_page_holds_the_remainder() -> None:
    page = page_of(make_tasks(45), page=3)
    assert len(page.items) == 5
    assert (page.first_index, page.last_index, page.has_next) == (41, 45, False)


@pytest.mark.parametrize(("asked", "got"), [(51, 50), (10**9, 50), (0, 1), (-3, 1)])
def test_out_of_range_pages_clamp(asked: int, got: int) -> None:
    page = page_of(TASKS, page=asked)
    assert page.page == got
    assert len(page.items) == 20


def test_empty_selection_has_one_empty_page() -> None:
    page = page_of(TASKS, StatusFilter.PENDING, "no-such-task", page=4)
    assert page == Page((), 1, 20, 0)
    assert (page.pages, page.first_index, page.last_index, page.has_next) == (1, 0, 0, False)


def test_custom_page_size_and_non_positive_sizes() -> None:
    assert len(page_of(TASKS, page_size=7).items) == 7
    assert len(page_of(TASKS, page_size=0).items) == 1


def test_pages_of_a_larger_size() -> None:
    page = page_of(TASKS, page=3, page_size=100)
    assert page.items == tuple(ORDERED[200:300])
    assert page_of(TASKS, page=99, page_size=100).page == 10


def test_pages_of_a_search_in_one_status() -> None:
    chosen = select(TASKS, StatusFilter.RETRIEVING, "task-1")
    page = page_of(TASKS, StatusFilter.RETRIEVING, "task-1", page=2, page_size=5)
    assert page.items == tuple(chosen[5:10])
    assert page.total == len(chosen)


def test_pages_of_a_hundred_thousand_tasks() -> None:
    tasks = make_tasks(100_000)
    ordered = select(tasks)
    assert page_of(tasks, page=2).items == tuple(ordered[20:40])
    last = page_of(tasks, page=5_000)
    assert last.items == tuple(ordered[-20:])
    assert (last.page, last.pages, last.has_next) == (5_000, 5_000, False)
