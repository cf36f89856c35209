"""Generated tasks look like IVC's, are deterministic, and progress over fake time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.simulator import Simulator
from bot.simulator.names import MAX_NAME_LENGTH, NAME_PATTERN
from bot.simulator.payloads import (
    HUGE_LIST_SIZE,
    WRONG_TYPE_MUTATIONS,
    huge_list_json,
    wrong_types_list,
)
from bot.simulator.tasks import MAX_CAPACITY_MB
from tests.support.clock import FakeClock

PACE = 100.0
HEX32 = re.compile(r"^[0-9a-f]{32}$")
BEIJING = timedelta(hours=8)


def make_sim(clock: FakeClock | None = None, **kw) -> Simulator:
    kw.setdefault("pace_seconds", PACE)
    return Simulator(secret_id="id", secret_key="key", clock=clock or FakeClock(), **kw)


def assert_valid_task(rec: dict[str, Any]) -> None:
    assert set(rec) == {
        "TaskId",
        "TaskName",
        "StartTime",
        "EndTime",
        "Mode",
        "Expiration",
        "Status",
        "Capacity",
    }
    assert HEX32.match(rec["TaskId"])
    assert NAME_PATTERN.match(rec["TaskName"]), rec["TaskName"]
    assert len(rec["TaskName"]) <= MAX_NAME_LENGTH
    assert type(rec["StartTime"]) is int and type(rec["EndTime"]) is int
    assert 0 < rec["EndTime"] - rec["StartTime"] <= 86_400
    for offset in (timedelta(0), BEIJING):  # same day in UTC and in Beijing time
        start = datetime.fromtimestamp(rec["StartTime"], UTC) + offset
        end = datetime.fromtimestamp(rec["EndTime"], UTC) + offset
        assert start.date() == end.date()
    assert rec["Mode"] == 1
    assert 1 <= rec["Expiration"] <= 365
    assert rec["Status"] in (0, 1, 2)
    assert type(rec["Capacity"]) in (int, float)
    assert 1 <= rec["Capacity"] <= MAX_CAPACITY_MB


def test_generated_tasks_are_valid_and_varied():
    records = make_sim(tasks=200).records()
    assert len(records) == 200
    for rec in records:
        assert_valid_task(rec)
    assert {r["Status"] for r in records} == {0, 1, 2}
    assert {type(r["Capacity"]) for r in records} == {int, float}
    names = [r["TaskName"] for r in records]
    assert any(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    assert any(re.fullmatch(r"[A-Za-z0-9_-]+", n) for n in names)
    assert len({r["TaskId"] for r in records}) == 200
    assert len({r["StartTime"] for r in records}) > 150


def test_three_tasks_cover_every_status():
    assert sorted(r["Status"] for r in make_sim(tasks=3).records()) == [0, 1, 2]


def test_same_seed_same_tasks_other_seed_other_tasks():
    assert make_sim(seed=7).records() == make_sim(seed=7).records()
    assert make_sim(seed=7).records() != make_sim(seed=8).records()


def test_tasks_progress_one_stage_per_pace():
    clock = FakeClock()
    sim = make_sim(clock, tasks=60)
    before = {r["TaskId"]: r["Status"] for r in sim.records()}
    clock.advance(PACE)
    after = {r["TaskId"]: r["Status"] for r in sim.records()}
    expected = {2: 1, 1: 0, 0: 0}
    assert after == {tid: expected[status] for tid, status in before.items()}
    clock.advance(PACE)
    assert {r["Status"] for r in sim.records()} == {0}


def test_pending_task_moves_at_exact_stage_boundaries():
    clock = FakeClock()
    sim = make_sim(clock, tasks=5)
    task_id = sim.task_ids()[0]
    sim.set_task_status(task_id, 2)

    def status() -> int:
        return next(r["Status"] for r in sim.records() if r["TaskId"] == task_id)

    assert status() == 2
    clock.advance(PACE - 0.001)
    assert status() == 2
    clock.advance(0.001)
    assert status() == 1
    clock.advance(PACE)
    assert status() == 0


def test_unknown_status_is_pinned():
    clock = FakeClock()
    sim = make_sim(clock, tasks=3)
    task_id = sim.task_ids()[1]
    sim.set_task_status(task_id, 7)
    clock.advance(10 * PACE)
    assert next(r for r in sim.records() if r["TaskId"] == task_id)["Status"] == 7


def test_set_task_status_unknown_id_raises():
    with pytest.raises(KeyError):
        make_sim(tasks=2).set_task_status("f" * 32, 0)


def test_raw_records_are_served_verbatim_and_never_progress():
    clock = FakeClock()
    sim = make_sim(clock)
    hostile: list[Any] = [
        {"TaskId": "x", "TaskName": "<script>alert(1)</script> *bold* 🎥", "Status": 2},
        "just a string",
        42,
        None,
        {"nested": {"Status": 1}},
    ]
    sim.set_tasks(hostile)
    hostile[0]["Status"] = 0  # the simulator keeps its own copy
    clock.advance(100 * PACE)
    assert sim.records() == [
        {"TaskId": "x", "TaskName": "<script>alert(1)</script> *bold* 🎥", "Status": 2},
        "just a string",
        42,
        None,
        {"nested": {"Status": 1}},
    ]
    sim.add_task({"TaskId": "y"})
    assert sim.records()[-1] == {"TaskId": "y"}
    sim.set_task_status("x", 1)
    assert sim.records()[0]["Status"] == 1


def _channels(sim: Simulator, task_id: str) -> list[dict[str, Any]]:
    details = sim.details(task_id)
    assert details is not None
    channels: list[dict[str, Any]] = details["Channels"]
    return channels


def test_details_channels_follow_the_task():
    clock = FakeClock()
    sim = make_sim(clock, tasks=30)
    for task_id in sim.task_ids():
        sim.set_task_status(task_id, 2)
    per_task = [_channels(sim, t) for t in sim.task_ids()]
    channels = [c for task_channels in per_task for c in task_channels]
    assert all(1 <= len(task_channels) <= 6 for task_channels in per_task)
    assert {c["Status"] for c in channels} == {2, 3}
    assert all(
        set(c) == {"DeviceId", "DeviceName", "ChannelId", "ChannelName", "Status"} for c in channels
    )
    clock.advance(PACE * 1.5)  # halfway through retrieving: some channels done
    mid = {c["Status"] for t in sim.task_ids() for c in _channels(sim, t)}
    assert mid == {0, 1, 3}
    clock.advance(PACE)
    done = {c["Status"] for t in sim.task_ids() for c in _channels(sim, t)}
    assert done == {0, 3}


def test_details_of_unknown_task_is_none():
    assert make_sim(tasks=2).details("0" * 32) is None


def test_huge_list_is_valid():
    records = json.loads(huge_list_json(1, FakeClock()()))
    assert len(records) == HUGE_LIST_SIZE
    assert len({r["TaskId"] for r in records}) == HUGE_LIST_SIZE
    for rec in records[:: HUGE_LIST_SIZE // 500]:
        assert_valid_task(rec)


def test_wrong_types_list_mixes_every_mutation_with_the_good_records():
    good = make_sim(tasks=10).records()
    mixed = wrong_types_list(good, good[0])
    assert [r for r in mixed if r in good] == good
    bad = [r for r in mixed if r not in good]
    assert len(bad) == len(WRONG_TYPE_MUTATIONS)
    assert "not a task" in bad
    dicts = [r for r in bad if isinstance(r, dict)]
    assert {"StartTime": "yesterday"}.items() <= next(
        r for r in dicts if r.get("StartTime") == "yesterday"
    ).items()
    assert any(r.get("Capacity") == "big" for r in dicts)
    assert any(r.get("Status") == "2" for r in dicts)
    assert any("TaskId" not in r for r in dicts)


@pytest.mark.parametrize("kw", [{"tasks": -1}, {"pace_seconds": 0}, {"fault": "nope"}])
def test_invalid_settings_are_refused(kw):
    with pytest.raises(ValueError):
        make_sim(**kw)


def test_repr_never_shows_the_secret_key():
    sim = Simulator(secret_id="id", secret_key="sk-SUPER-secret", security_token="tok-secret")
    assert "sk-SUPER-secret" not in repr(sim)
    assert "sk-SUPER-secret" not in repr(sim.credentials)
    assert "tok-secret" not in repr(sim.credentials)
