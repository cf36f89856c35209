"""The list and details endpoints over real loopback HTTP, counters and the control API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.simulator import DETAILS_PATH, LIST_PATH, RunningSim

CONTROL = "/_sim/control"
STATS = "/_sim/stats"


def assert_envelope(
    resp: httpx.Response,
    *,
    http: int = 200,
    code: int = 0,
    status_code: int = 200,
    message: str = "ok",
) -> dict[str, Any]:
    assert resp.status_code == http
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers["server"] == "tencent-iss"
    body = resp.json()
    assert body["RequestId"] == resp.headers["RequestId"]
    assert len(body["RequestId"]) >= 16
    assert (body["Code"], body["StatusCode"], body["Message"]) == (code, status_code, message)
    return body


def test_signed_list_request_gets_every_task(simulator: RunningSim):
    body = assert_envelope(simulator.list_tasks())
    assert len(body["Data"]) == 40
    assert body["Data"] == simulator.sim.records()
    assert {t["Status"] for t in body["Data"]} == {0, 1, 2}


def test_each_answer_has_its_own_request_id(simulator: RunningSim):
    ids = {simulator.list_tasks().headers["RequestId"] for _ in range(3)}
    assert len(ids) == 3


def test_chinese_names_are_sent_as_utf8(simulator: RunningSim):
    resp = simulator.list_tasks()
    names = [t["TaskName"] for t in resp.json()["Data"]]
    chinese = next(n for n in names if any("\u4e00" <= ch <= "\u9fff" for ch in n))
    assert chinese.encode() in resp.content


def test_tasks_progress_over_fake_time(simulator: RunningSim):
    first = {t["TaskId"]: t["Status"] for t in simulator.list_tasks().json()["Data"]}
    simulator.clock.advance(simulator.sim.pace_seconds)
    second = {t["TaskId"]: t["Status"] for t in simulator.list_tasks().json()["Data"]}
    assert second == {tid: {2: 1, 1: 0, 0: 0}[s] for tid, s in first.items()}
    simulator.clock.advance(simulator.sim.pace_seconds)
    assert {t["Status"] for t in simulator.list_tasks().json()["Data"]} == {0}


def test_details_endpoint(simulator: RunningSim):
    task = simulator.list_tasks().json()["Data"][5]
    body = assert_envelope(simulator.details(task["TaskId"]))
    data = body["Data"]
    assert {k: v for k, v in data.items() if k != "Channels"} == task
    assert 1 <= len(data["Channels"]) <= 6
    for channel in data["Channels"]:
        assert set(channel) == {"DeviceId", "DeviceName", "ChannelId", "ChannelName", "Status"}
        assert channel["Status"] in (0, 1, 2, 3)


def test_details_of_unknown_task_is_404_envelope(simulator: RunningSim):
    assert_envelope(
        simulator.details("0" * 32),
        http=404,
        code=500,
        status_code=404,
        message="ResourceNotFound.RetrieveTaskNotExist: the task does not exist",
    )


def test_details_without_task_id_is_400_envelope(simulator: RunningSim):
    body = assert_envelope(
        simulator.get(DETAILS_PATH),
        http=400,
        code=500,
        status_code=400,
        message="MissingParameter: the parameter TaskId is missing",
    )
    assert body["Data"] is None


def test_hostile_and_large_task_lists_are_served_verbatim(simulator: RunningSim):
    hostile = {"TaskId": "a" * 32, "TaskName": "<@U123> *x* `y` 🎥\n\u202e", "Status": 9}
    simulator.sim.set_tasks([hostile, "oops", *({"TaskId": f"{i:032x}"} for i in range(1000))])
    data = simulator.list_tasks().json()["Data"]
    assert data[0] == hostile and data[1] == "oops" and len(data) == 1002
    simulator.sim.add_task({"TaskId": "b" * 32, "TaskName": "added"})
    assert simulator.list_tasks().json()["Data"][-1]["TaskName"] == "added"


def test_empty_task_list_is_an_empty_array(simulator_factory):
    running = simulator_factory(tasks=0)
    assert assert_envelope(running.list_tasks())["Data"] == []


def test_counters_count_every_api_request_but_not_control(simulator: RunningSim):
    sim = simulator.sim
    simulator.list_tasks()
    simulator.list_tasks()
    httpx.get(simulator.base_url + LIST_PATH)  # unsigned: rejected, still counted
    simulator.details("0" * 32)
    httpx.get(simulator.base_url + STATS)
    httpx.post(simulator.base_url + CONTROL, json={})
    assert (sim.requests_served, sim.list_requests, sim.details_requests) == (4, 3, 1)
    stats = httpx.get(simulator.base_url + STATS).json()
    assert stats["requests_served"] == 4
    assert stats["list_requests"] == 3
    assert stats["details_requests"] == 1
    assert stats["fault"] == "none" and stats["tasks"] == 40


def test_control_endpoint_switches_fault_and_latency(simulator: RunningSim):
    resp = httpx.post(simulator.base_url + CONTROL, json={"fault": "code-500", "latency_ms": 5})
    assert resp.status_code == 200
    assert resp.json()["fault"] == "code-500" and resp.json()["latency_ms"] == 5
    assert simulator.sim.fault == "code-500" and simulator.sim.latency_ms == 5
    assert simulator.list_tasks().json()["Code"] == 500
    httpx.post(simulator.base_url + CONTROL, json={"fault": "none", "latency_ms": 0})
    assert simulator.list_tasks().json()["Code"] == 0


def test_control_endpoint_resets_counters(simulator: RunningSim):
    simulator.list_tasks()
    resp = httpx.post(simulator.base_url + CONTROL, json={"reset_counters": True})
    assert resp.json()["requests_served"] == 0
    assert simulator.sim.requests_served == 0


def test_control_endpoint_rejects_bad_input(simulator: RunningSim):
    url = simulator.base_url + CONTROL
    for body in ({"fault": "nope"}, {"latency_ms": -1}, {"latency_ms": "fast"}, {"x": 1}, [1]):
        resp = httpx.post(url, json=body)
        assert resp.status_code == 400, body
        assert resp.json()["error"]
    assert httpx.post(url, content=b"{not json").status_code == 400
    assert simulator.sim.fault == "none" and simulator.sim.latency_ms == 0


def test_fault_names_are_listed_when_unknown(simulator: RunningSim):
    resp = httpx.post(simulator.base_url + CONTROL, json={"fault": "nope"})
    assert "drop-connection" in resp.json()["error"]


def test_requests_are_recorded_and_reset_with_the_counters(simulator: RunningSim):
    simulator.list_tasks()
    httpx.get(simulator.base_url + DETAILS_PATH, params={"TaskId": "x"})
    assert [r.endpoint for r in simulator.sim.requests] == ["list", "details"]
    assert "Authorization" not in simulator.sim.requests[1].headers
    simulator.sim.reset_counters()
    assert not simulator.sim.requests and simulator.sim.requests_served == 0
