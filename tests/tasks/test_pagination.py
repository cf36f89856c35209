"""Pages of the ordered selection, including the edges."""

import pytest

from bot.tasks import Page, StatusFilter, paginate, select, select_page
from tests.support.tasks import make_tasks

TASKS = make_tasks(1_000)
ORDERED = select(TASKS)


def test_first_page_is_the_first_twenty() -> None:
    page = select_page(TASKS)
    assert page.items == tuple(ORDERED[:20])
    assert (page.page, page.total, page.pages) == (1, 1_000, 50)
    assert (page.first_index, page.last_index) == (1, 20)
    assert not page.has_previous and page.has_next


@pytest.mark.parametrize("number", [1, 2, 17, 49, 50])
def test_every_page_matches_a_full_sort(number: int) -> None:
    page = select_page(TASKS, page=number)
    start = (number - 1) * 20
    assert page.items == tuple(ORDERED[start : start + 20])


def test_walking_all_pages_visits_every_task_once() -> None:
    seen = [t.task_id for n in range(1, 51) for t in select_page(TASKS, page=n).items]
    assert len(seen) == len(set(seen)) == 1_000


def test_last_page_holds_the_remainder() -> None:
    page = select_page(make_tasks(45), page=3)
    assert len(page.items) == 5
    assert (page.first_index, page.last_index, page.has_next) == (41, 45, False)


@pytest.mark.parametrize(("asked", "got"), [(51, 50), (10**9, 50), (0, 1), (-3, 1)])
def test_out_of_range_pages_clamp(asked: int, got: int) -> None:
    page = select_page(TASKS, page=asked)
    assert page.page == got
    assert len(page.items) == 20


def test_empty_selection_has_one_empty_page() -> None:
    page = select_page(TASKS, StatusFilter.PENDING, "no-such-task", page=4)
    assert page == Page((), 1, 20, 0)
    assert (page.pages, page.first_index, page.last_index, page.has_next) == (1, 0, 0, False)


def test_custom_page_size_and_non_positive_sizes() -> None:
    assert len(select_page(TASKS, page_size=7).items) == 7
    assert len(select_page(TASKS, page_size=0).items) == 1


def test_paginate_a_plain_sequence() -> None:
    page = paginate(ORDERED, 3, 100)
    assert page.items == tuple(ORDERED[200:300])
    assert paginate(ORDERED, 99, 100).page == 10
