"""Read your writes across replicas through the wire: two
``python -m bot serve`` replicas on one PostgreSQL database, the IVC simulator and the fake
Slack. A manager creates a task with the form on replica A; ``/retrieval-tasks pending`` on
replica B, whose cache (TTL 300 s) holds the list from before the write, shows it once B has
heard A's change notice. The test waits for it with a deadline and records the delay, for
five writes in a row.

The delay is measured from the moment A shows the new task (its form updated with the TaskId;
A publishes the notice before that update) to B's first ``pending`` answer that lists it, so
it includes B's refetch from IVC and one command round trip; with ``-s`` it is printed, and it
is written to ``$RELIABILITY_RESULTS/cross_replica_reads.json``.

Before each write B answers ``pending`` from its cache without asking IVC; before the first,
a task added in the simulator behind the app's back is not in that answer (and is in B's
answer after the write), so only the notice can explain B's refetch.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.ivc.models import TaskStatus
from tests.support.app_fixtures import Wire, baseline_records, dump
from tests.support.polling import wait_until
from tests.support.processes import processes_on_postgres
from tests.support.reliability import record_result
from tests.support.task_form import create_with_form

MANAGER = "U0MGR"
ZONE = "Europe/Paris"
TTL = "300"  # B's cache would keep the old list five minutes
DEADLINE = 15.0  # a failure bound, not the figure (the figure is recorded)
NAME_PREFIX = "replica_write_"
ROUNDS = 5  # writes on A, each waited for on B


def _metric(wire: Wire, name: str) -> float:
    """The value of one sample line of the app's /metrics (0 if absent)."""
    for line in wire.get_metrics().text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def _listening(wire: Wire) -> bool:
    """The replica hears other replicas' writes (its LISTEN connection is up)."""
    return _metric(wire, "retrieval_tasks_change_feed_listening") == 1


def _behind_the_apps_back(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A pending task, newest of all, added to the simulator without the app knowing."""
    newest = max(r["StartTime"] for r in records)
    return {
        **next(r for r in records if r["Status"] == TaskStatus.PENDING),
        "TaskId": "5eaf" * 8,
        "TaskName": "sneaked_in_upstream",
        "StartTime": newest + 60,
        "EndTime": newest + 3660,
    }


@pytest.fixture
def replicas(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Wire, Wire]]:
    """Replicas A and B, ready, each listening for the other's writes."""
    roles = [("a", "serve"), ("b", "serve")]
    with processes_on_postgres(
        postgres_url, tmp_path, roles, manager=MANAGER, zone=ZONE, CACHE_TTL_SECONDS=TTL
    ) as wires:
        for (name, _), wire in zip(roles, wires, strict=True):
            wire.wait_readyz(lambda r: r.status_code == 200)
            wire.wait_ivc_answered()
            wait_until(partial(_listening, wire), f"replica {name} listening", DEADLINE)
        yield wires[0], wires[1]
        for wire in wires:
            wire.check_all_sent()


def _warm_without(b: Wire, *names: str) -> None:
    """B answers ``pending`` from its cache (no IVC call), and ``names`` are not in it."""
    lists_before = b.sim.list_requests
    answer = dump(b.ask("pending"))
    assert b.sim.list_requests == lists_before, "B asked IVC nothing"
    for name in names:
        assert name not in answer, f"B's cached list has no {name}"


def _first_showing(b: Wire, name: str) -> tuple[dict[str, Any], int, float]:
    """B's first ``pending`` answer listing ``name`` (waited for), how many asks it took and
    how long the last one took."""
    asks: list[float] = []

    def shows_it() -> dict[str, Any] | None:
        started = time.monotonic()
        answer = b.ask("pending")
        asks.append(time.monotonic() - started)
        return answer if name in dump(answer) else None

    answer = wait_until(shows_it, f"B's pending list shows {name}", DEADLINE)
    assert answer is not None
    return answer, len(asks), asks[-1]


def test_a_task_created_on_one_replica_shows_on_the_other_after_its_notice(
    replicas: tuple[Wire, Wire],
) -> None:
    a, b = replicas
    yesterday = (datetime.now(ZoneInfo(ZONE)) - timedelta(days=1)).date().isoformat()
    b.ask("pending refresh")
    b.sim.add_task(_behind_the_apps_back(baseline_records()))
    rounds: list[dict[str, float]] = []
    for number in range(1, ROUNDS + 1):
        name = f"{NAME_PREFIX}{number}"
        _warm_without(b, name, *(["sneaked_in_upstream"] if number == 1 else []))
        submitted, shown_on_a = create_with_form(a, MANAGER, name, yesterday)
        answer, asks, last_ask = _first_showing(b, name)
        seen = time.monotonic()
        assert "sneaked_in_upstream" in dump(answer), "B fetched the list again"
        rounds.append(
            {
                "after_a_showed_it_seconds": round(seen - shown_on_a, 3),
                "after_submission_seconds": round(seen - submitted, 3),
                "b_asks_until_shown": asks,
                "b_answer_that_showed_it_seconds": round(last_ask, 3),
            }
        )
    assert _metric(a, 'retrieval_tasks_change_notices_total{event="sent"}') == ROUNDS
    assert _metric(b, 'retrieval_tasks_change_notices_total{event="received"}') == ROUNDS
    assert _metric(a, 'retrieval_tasks_change_notices_total{event="received"}') == 0

    delays = [r["after_a_showed_it_seconds"] for r in rounds]
    figures = {
        "replicas": 2,
        "database": "postgresql",
        "cache_ttl_seconds": float(TTL),
        "writes": ROUNDS,
        "delay_after_a_showed_the_task_seconds": {
            "median": round(statistics.median(delays), 3),
            "max": max(delays),
        },
        "shown_on_bs_first_ask": sum(r["b_asks_until_shown"] == 1 for r in rounds),
        "rounds": rounds,
    }
    path = record_result("cross_replica_reads", figures)
    print(f"cross-replica read-your-writes: {figures} ({path})")
