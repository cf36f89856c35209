"""1,000 tasks paged through with the Previous / Next / Refresh buttons (block_actions)."""

from __future__ import annotations

import json

import pytest

from tests.support.app_fixtures import (
    buttons,
    context_text,
    frozen_records,
    header_text,
    task_ids,
)
from tests.support.blockkit import MAX_BLOCKS

TOTAL = 1000
PAGE = 20


@pytest.fixture
def thousand(in_process):
    records = frozen_records(TOTAL, seed=7)
    assert len({r["TaskId"] for r in records}) == TOTAL
    in_process.reset(records)
    return in_process, records


def test_next_to_the_last_page_then_previous_and_refresh(thousand):
    wire, records = thousand
    every_id = {r["TaskId"] for r in records}

    page = wire.ask("all")
    assert header_text(page) == "All tasks · 1,000"
    assert context_text(page, "tasks_range") == "1–20 of 1,000 · page 1 of 50"
    assert "tasks_prev" not in buttons(page)
    seen = list(task_ids(page))

    for number in range(2, 51):
        page = wire.press(buttons(page)["tasks_next"])
        assert len(page["blocks"]) <= MAX_BLOCKS
        first = (number - 1) * PAGE + 1
        assert context_text(page, "tasks_range") == (
            f"{first:,}–{first + PAGE - 1:,} of 1,000 · page {number} of 50"
        )
        assert header_text(page) == "All tasks · 1,000"
        assert len(task_ids(page)) == PAGE
        seen += task_ids(page)

    last = page
    assert context_text(last, "tasks_range") == "981–1,000 of 1,000 · page 50 of 50"
    assert "1,000" in last["text"] and "981" in last["text"]
    assert "tasks_next" not in buttons(last), "no Next on the last page"
    assert len(seen) == TOTAL and set(seen) == every_id, "every task shown exactly once"
    assert wire.sim.list_requests == 0, "paging reads the cache"

    previous = wire.press(buttons(last)["tasks_prev"])
    assert context_text(previous, "tasks_range") == "961–980 of 1,000 · page 49 of 50"
    assert task_ids(previous) == seen[960:980]
    assert json.loads(buttons(previous)["tasks_next"]["value"])["p"] == 50

    wire.sim.set_tasks(records[:990])
    refreshed = wire.press(buttons(previous)["tasks_refresh"])
    assert wire.sim.list_requests == 1, "Refresh asks IVC again"
    assert header_text(refreshed) == "All tasks · 990"
    assert context_text(refreshed, "tasks_range") == "961–980 of 990 · page 49 of 50"


def test_filtered_pages_keep_their_filter(thousand):
    wire, records = thousand
    pending = [r["TaskId"] for r in records if r["Status"] == 2]
    assert len(pending) > PAGE

    first = wire.ask("pending")
    second = wire.press(buttons(first)["tasks_next"])

    assert header_text(second) == f"Pending tasks · {len(pending):,}"
    assert set(task_ids(first) + task_ids(second)) <= set(pending)
    assert not set(task_ids(first)) & set(task_ids(second))


def test_a_button_with_a_garbled_value_shows_the_first_page(thousand):
    wire, _ = thousand

    page = wire.press({"action_id": "tasks_next", "value": "{not json"})

    assert context_text(page, "tasks_range").startswith("1–20 of 1,000")
