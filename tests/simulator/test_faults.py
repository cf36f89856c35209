"""Each fault's observable behaviour over real HTTP, switchable while running."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from bot.simulator import Fault, auth
from bot.simulator.payloads import HUGE_LIST_SIZE
from tests.support.simulator import LIST_PATH, RunningSim


def test_latency_applies_without_a_fault(simulator: RunningSim):
    simulator.sim.latency_ms = 300
    started = time.perf_counter()
    resp = simulator.list_tasks()
    assert time.perf_counter() - started >= 0.3
    assert resp.json()["Code"] == 0


def test_latency_fault_uses_latency_ms(simulator: RunningSim):
    simulator.sim.latency_ms = 250
    simulator.sim.set_fault(Fault.LATENCY)
    started = time.perf_counter()
    assert simulator.list_tasks().status_code == 200
    assert time.perf_counter() - started >= 0.25


def test_latency_fault_defaults_to_two_seconds(simulator: RunningSim):
    simulator.sim.set_fault("latency")
    with pytest.raises(httpx.ReadTimeout):
        simulator.list_tasks(timeout=0.5)


def test_http_500_is_plain_text_and_needs_no_signature(simulator: RunningSim):
    simulator.sim.set_fault(Fault.HTTP_500)
    resp = httpx.get(simulator.base_url + LIST_PATH)
    assert resp.status_code == 500
    assert resp.headers["content-type"].startswith("text/plain")
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.text)


def test_http_502_is_a_gateway_html_page(simulator: RunningSim):
    simulator.sim.set_fault(Fault.HTTP_502_HTML)
    resp = simulator.list_tasks()
    assert resp.status_code == 502
    assert resp.headers["content-type"].startswith("text/html")
    assert resp.text.startswith("<html>") and "502 Bad Gateway" in resp.text


def test_code_500_is_an_error_envelope_with_http_200(simulator: RunningSim):
    simulator.sim.set_fault(Fault.CODE_500)
    resp = simulator.list_tasks()
    assert resp.status_code == 200
    body = resp.json()
    assert (body["Code"], body["StatusCode"], body["Message"]) == (500, 500, "internal error")
    assert body["Data"] is None


def test_signature_rejected_refuses_good_signatures(simulator: RunningSim):
    simulator.sim.set_fault(Fault.SIGNATURE_REJECTED)
    resp = simulator.list_tasks()
    assert resp.status_code == 403
    assert resp.json()["Message"] == auth.SIGNATURE_MISMATCH
    assert resp.json()["StatusCode"] == 403


def test_invalid_json_is_truncated_json(simulator: RunningSim):
    simulator.sim.set_fault(Fault.INVALID_JSON)
    resp = simulator.list_tasks()
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.text.startswith('{"RequestId":')
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.text)


def test_data_null(simulator: RunningSim):
    simulator.sim.set_fault(Fault.DATA_NULL)
    body = simulator.list_tasks().json()
    assert (body["Code"], body["StatusCode"], body["Data"]) == (0, 200, None)
    assert "Data" in body


def test_wrong_types_mixes_bad_records_with_good_ones(simulator: RunningSim):
    good = simulator.sim.records()
    simulator.sim.set_fault(Fault.WRONG_TYPES)
    data = simulator.list_tasks().json()["Data"]
    assert [r for r in data if r in good] == good
    bad = [r for r in data if r not in good]
    assert "not a task" in bad
    dicts = [r for r in bad if isinstance(r, dict)]
    assert any(r.get("StartTime") == "yesterday" for r in dicts)
    assert any(r.get("Capacity") == "big" for r in dicts)
    assert any(r.get("Status") == "2" for r in dicts)
    assert any("TaskId" not in r for r in dicts)


def test_wrong_types_without_tasks_still_sends_bad_records(simulator_factory):
    running = simulator_factory(tasks=0, fault="wrong-types")
    data = running.list_tasks().json()["Data"]
    assert "not a task" in data and len(data) >= 5


def test_huge_list_is_served_twice(simulator: RunningSim):
    simulator.sim.set_fault(Fault.HUGE_LIST)
    for _ in range(2):  # the second answer comes from the cached body
        resp = simulator.list_tasks(timeout=60)  # a bound on the wait, not a speed limit
        body = resp.json()
        assert body["Code"] == 0 and body["RequestId"] == resp.headers["RequestId"]
        assert len(body["Data"]) == HUGE_LIST_SIZE


def test_drop_connection_is_a_transport_error(simulator: RunningSim):
    simulator.sim.set_fault(Fault.DROP_CONNECTION)
    with pytest.raises(httpx.RemoteProtocolError):
        simulator.list_tasks()
    with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.get(simulator.base_url + LIST_PATH)
    assert simulator.sim.list_requests == 2


def test_faults_switch_while_running(simulator: RunningSim):
    simulator.sim.set_fault("http-500")
    assert simulator.list_tasks().status_code == 500
    simulator.sim.set_fault(Fault.NONE)
    assert simulator.list_tasks().json()["Code"] == 0


def test_fault_selected_at_start(simulator_factory):
    running = simulator_factory(fault=Fault.DATA_NULL)
    assert running.list_tasks().json()["Data"] is None


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (Fault.DATA_NULL, lambda r: r.json()["Data"] is None),
        (Fault.CODE_500, lambda r: r.json()["Code"] == 500),
        (Fault.HTTP_500, lambda r: r.status_code == 500),
        (
            Fault.WRONG_TYPES,
            lambda r: (
                r.json()["Data"]["StartTime"] == "yesterday"
                and "camera" in r.json()["Data"]["Channels"]
            ),
        ),
        (Fault.HUGE_LIST, lambda r: r.json()["Data"]["Channels"]),  # details unaffected
    ],
)
def test_faults_apply_to_details(simulator: RunningSim, fault: Fault, check):
    task_id = simulator.sim.task_ids()[0]
    simulator.sim.set_fault(fault)
    assert check(simulator.details(task_id))
