"""Rendering a page of a large list costs about as much as serialising the raw list."""

import json
import time
from collections.abc import Callable

from bot.commands import parse_command
from bot.tasks import select_page
from bot.views import render_list
from tests.support.tasks import NOW, make_snapshot, make_tasks


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _raw(task) -> dict[str, object]:
    return {
        "TaskId": task.task_id,
        "TaskName": task.name,
        "StartTime": int(task.start.timestamp()),
        "EndTime": int(task.end.timestamp()),
        "Mode": task.mode,
        "Expiration": task.expiration_days,
        "Status": int(task.status),
        "Capacity": task.capacity_mb,
    }


def test_first_page_of_ten_thousand_within_three_times_json_dumps() -> None:
    tasks = make_tasks(10_000)
    snapshot, command = make_snapshot(tasks), parse_command("")
    raw = {"Code": 0, "StatusCode": 200, "Data": [_raw(t) for t in tasks]}
    render = _best_of(5, lambda: render_list(snapshot, command, now=NOW))
    dumps = _best_of(5, lambda: json.dumps(raw))
    assert render <= 3 * dumps, f"render {render * 1e3:.1f} ms vs json.dumps {dumps * 1e3:.1f} ms"


def test_hundred_thousand_tasks_select_quickly() -> None:
    tasks = make_tasks(100_000)
    assert _best_of(2, lambda: select_page(tasks, page=2)) < 1.0
    assert _best_of(1, lambda: select_page(tasks, page=5_000)) < 2.0
