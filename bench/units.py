"""u1: the speed of pure paths, each beside a baseline.

The unit tests prove what these paths compute; how fast they do it is measured here, in
process, and reported, never asserted (a busy machine slows everything alike). Each figure is
the median over rounds of the best of a few runs, in milliseconds, next to a baseline measured
on the same data in the same round: the floor of touching that data at all. ``old_limit_ms``
is the wall-clock limit the unit test used to assert, for comparison only. Each figure's
``baseline`` field says what its baseline is.

- ``diff_first`` / ``diff_second``: ``diff_tasks`` on 100,000 tasks, first with no memory,
  then with 10 % moved to retrieved and 1,000 gone; baseline: one dict of id → status.
- ``summary_input``: ``build_report_input`` (a status report's input) on 100,000 tasks;
  baseline: the same dict.
- ``render_first_page``: ``render_list`` of the first page (20 tasks) of 10,000 tasks;
  baseline: ``json.dumps`` of the raw IVC records of the same 20 tasks, the page's data as IVC
  sends it. The display order of the 10,000 tasks is memoised per snapshot (``order_of``), so
  the best run renders from it. The old test allowed 3× ``json.dumps`` of all 10,000 raw
  records: that baseline is kept as ``old_baseline_ms`` and ``old_limit_ms`` is 3× it, the
  limit in this round. Figures under 1 ms keep three decimals.
- ``select_page_2`` / ``select_page_5000``: ``TaskOrder.of(tasks).page(...)`` (order, then
  one page) on 100,000 tasks; baseline:
  ``sorted`` of the tasks by start.
- ``sim_huge_list``: the simulator's 100,000-task body, generated and parsed back
  (``huge_list_json`` + ``json.loads``); baseline: ``json.loads`` alone.
- ``sim_huge_list_http_first`` / ``_cached``: the simulator serving that body over loopback
  HTTP, first and second (cached) time; baseline: its 40-task list.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from bench.stats import Rounds, rounded
from bot.commands import parse_command
from bot.features.tasks.task_list import render_list
from bot.ivc.models import Task, TaskStatus
from bot.simulator import Fault
from bot.simulator.payloads import huge_list_json
from bot.subscriptions.diff import diff_tasks
from bot.subscriptions.report_input import build_report_input
from bot.tasks import DEFAULT_PAGE_SIZE, TaskOrder
from bot.tasks.ordering import order_of
from tests.support.simulator import RunningSim, running_sim
from tests.support.tasks import NOW, make_snapshot, make_tasks

BIG = 100_000
PAGE_TASKS = 10_000
OLD_LIMITS_MS = {
    "diff_first": 900,
    "diff_second": 900,
    "summary_input": 1000,
    "select_page_2": 1000,
    "select_page_5000": 2000,
    "sim_huge_list": 3000,
    "sim_huge_list_http_first": 3000,
    "sim_huge_list_http_cached": 3000,
}
OLD_RATIOS = {"render_first_page": 3.0}  # of ``old_baseline_ms``
BASELINES = {
    "diff_first": "dict of TaskId -> status of the 100,000 tasks",
    "diff_second": "dict of TaskId -> status of the 100,000 tasks",
    "summary_input": "dict of TaskId -> status of the 100,000 tasks",
    "select_page_2": "sorted() of the 100,000 tasks by start",
    "select_page_5000": "sorted() of the 100,000 tasks by start",
    "render_first_page": (
        f"json.dumps of the raw IVC records of the {DEFAULT_PAGE_SIZE} tasks on the rendered "
        "page (the same page of the same 10,000 tasks)"
    ),
    "sim_huge_list": "json.loads of the same 100,000-task body, generated once",
    "sim_huge_list_http_first": "the simulator's 40-task list over loopback HTTP",
    "sim_huge_list_http_cached": "the simulator's 40-task list over loopback HTTP",
}
OLD_BASELINES = {
    "render_first_page": "json.dumps of the raw IVC records of all 10,000 tasks",
}


def best_ms(work: Callable[[], object], runs: int) -> float:
    """The best of ``runs`` timings of ``work()``, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _ms(value: float) -> float:
    """A figure in ms: one decimal, three under 1 ms (a page's baseline is a few µs)."""
    return rounded(value, 1 if abs(value) >= 1 else 3)


def _status_index(tasks: list[Task]) -> dict[str, int]:
    return {t.task_id: int(t.status) for t in tasks}


def _raw(task: Task) -> dict[str, object]:
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


@contextmanager
def _huge_list_sim() -> Iterator[RunningSim]:
    with running_sim(clock=time.time) as sim:
        yield sim


def _one_round(figures: Rounds, runs: int) -> None:
    tasks = make_tasks(BIG)
    index = lambda: _status_index(tasks)  # noqa: E731 - the baseline of the 100k cases
    first = diff_tasks({}, tasks, NOW)
    moved = [
        replace(t, status=TaskStatus.RETRIEVED) if i % 10 == 0 else t
        for i, t in enumerate(tasks[:-1000])
    ]
    add = figures.add
    add("diff_first_ms", best_ms(lambda: diff_tasks({}, tasks, NOW), runs))
    add("diff_second_ms", best_ms(lambda: diff_tasks(first.memory, moved, NOW), runs))
    add("diff_first_baseline_ms", best_ms(index, runs))
    add("diff_second_baseline_ms", figures.values["diff_first_baseline_ms"][-1])
    memory = diff_tasks({}, tasks, NOW - timedelta(hours=23, minutes=30)).memory
    since = NOW - timedelta(days=1)
    add("summary_input_ms", best_ms(lambda: build_report_input(tasks, memory, since, NOW), runs))
    add("summary_input_baseline_ms", best_ms(index, runs))
    add("select_page_2_ms", best_ms(lambda: TaskOrder.of(tasks).page(page=2), runs))
    add("select_page_5000_ms", best_ms(lambda: TaskOrder.of(tasks).page(page=5_000), runs))
    add("select_page_2_baseline_ms", best_ms(lambda: sorted(tasks, key=lambda t: t.start), runs))
    add("select_page_5000_baseline_ms", figures.values["select_page_2_baseline_ms"][-1])

    page_tasks = tasks[:PAGE_TASKS]
    snapshot, command = make_snapshot(page_tasks), parse_command("")
    shown = order_of(snapshot).page(page=1, page_size=DEFAULT_PAGE_SIZE).items
    raw_page = {"Code": 0, "StatusCode": 200, "Data": [_raw(t) for t in shown]}
    raw_all = {"Code": 0, "StatusCode": 200, "Data": [_raw(t) for t in page_tasks]}
    add("render_first_page_ms", best_ms(lambda: render_list(snapshot, command, now=NOW), runs))
    add("render_first_page_baseline_ms", best_ms(lambda: json.dumps(raw_page), runs))
    add("render_first_page_old_baseline_ms", best_ms(lambda: json.dumps(raw_all), runs))

    now = time.time()
    body = huge_list_json(1, now)
    add("sim_huge_list_ms", best_ms(lambda: json.loads(huge_list_json(1, now)), max(1, runs // 2)))
    add("sim_huge_list_baseline_ms", best_ms(lambda: json.loads(body), max(1, runs // 2)))
    with _huge_list_sim() as sim:
        add("sim_huge_list_http_baseline_ms", best_ms(lambda: sim.list_tasks(timeout=60), runs))
        sim.sim.set_fault(Fault.HUGE_LIST)
        add("sim_huge_list_http_first_ms", best_ms(lambda: sim.list_tasks(timeout=60), 1))
        add("sim_huge_list_http_cached_ms", best_ms(lambda: sim.list_tasks(timeout=60), runs))
    for name in ("sim_huge_list_http_first", "sim_huge_list_http_cached"):
        add(f"{name}_baseline_ms", figures.values["sim_huge_list_http_baseline_ms"][-1])


FIGURES = (
    "diff_first",
    "diff_second",
    "summary_input",
    "select_page_2",
    "select_page_5000",
    "render_first_page",
    "sim_huge_list",
    "sim_huge_list_http_first",
    "sim_huge_list_http_cached",
)


def run_u1(*, rounds: int, runs: int) -> dict[str, Any]:
    figures = Rounds()
    for _ in range(rounds):
        _one_round(figures, runs)
    out: dict[str, Any] = {"rounds": rounds, "best_of_runs": runs, "figures": {}}
    for name in FIGURES:
        ms, base = figures.median(f"{name}_ms"), figures.median(f"{name}_baseline_ms")
        figure: dict[str, Any] = {
            "ms": _ms(ms),
            "baseline_ms": _ms(base),
            "baseline": BASELINES[name],
            "ratio": rounded(ms / base, 2),
            "spread_ms": [_ms(v) for v in figures.spread(f"{name}_ms", 6)],
            "old_limit_ms": OLD_LIMITS_MS.get(name),
            "old_limit_ratio": OLD_RATIOS.get(name),
        }
        if name in OLD_BASELINES:  # the old limit was a ratio to another baseline
            old = figures.median(f"{name}_old_baseline_ms")
            figure["old_baseline_ms"] = _ms(old)
            figure["old_baseline"] = OLD_BASELINES[name]
            figure["old_limit_ms"] = _ms(OLD_RATIOS[name] * old)
        out["figures"][name] = figure
    out["note"] = "figures only: nothing here is a pass/fail limit"
    return out
