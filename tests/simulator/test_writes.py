"""The simulator's write and camera endpoints over the wire, on both APIs: error shapes,
the Password on the device list (as IVC sends it), the write limit, faults on writes."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.simulator import Fault
from bot.simulator.cameras import (
    HOSTILE_NAMES,
    IPC_TYPE,
    NVR_TYPE,
    OFFLINE,
    ONLINE,
    ROOT_ORGANIZATION,
    SimCatalog,
)
from bot.simulator.server import CHANNELS_PATH, CREATE_PATH, DELETE_PATH, DEVICES_PATH
from tests.support.simulator import RunningSim, new_task_for


def _body(sim, name, **change):
    return {**new_task_for(sim, name).body(with_describe=False), **change}


def test_ivc_create_answers_the_new_task_in_the_envelope(simulator: RunningSim):
    resp = simulator.post(CREATE_PATH, _body(simulator.sim, "wire-create"))
    payload = resp.json()
    assert (resp.status_code, payload["Code"], payload["StatusCode"]) == (200, 0, 200)
    assert payload["Data"]["TaskName"] == "wire-create" and payload["Data"]["Status"] == 2
    assert resp.headers["RequestId"] == payload["RequestId"]


def test_ivc_refusals_carry_the_code_in_the_message(simulator: RunningSim):
    resp = simulator.post(CREATE_PATH, _body(simulator.sim, "bad name"))
    payload = resp.json()
    assert (resp.status_code, payload["Code"], payload["StatusCode"]) == (400, 500, 400)
    assert payload["Message"].startswith("InvalidParameterValue.IllegalName: ")
    missing = simulator.post(DELETE_PATH, {"TaskId": "0" * 32}).json()
    assert missing["StatusCode"] == 404
    assert missing["Message"].startswith("ResourceNotFound.RetrieveTaskNotExist: ")
    not_json = simulator.post(CREATE_PATH, ["not", "an", "object"]).json()
    assert not_json["Message"].startswith("InvalidParameter: ")


def test_api3_refusals_are_response_errors(simulator: RunningSim):
    body = _body(simulator.sim, "api3-window", EndTime=_body(simulator.sim, "x")["StartTime"])
    resp = simulator.call("AddRecordRetrieveTask", body)
    assert resp.status_code == 200
    assert resp.json()["Response"]["Error"]["Code"] == (
        "InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime"
    )
    unknown = simulator.call("DescribeDeviceChannel", {"DeviceId": "nope"}).json()
    assert unknown["Response"]["Error"]["Code"] == "ResourceNotFound"


def test_the_device_list_carries_the_password_as_ivc_does(simulator: RunningSim):
    query = {"OrganizationId": ROOT_ORGANIZATION, "PageSize": "5", "IsContainSubLevel": "true"}
    ivc = simulator.get(DEVICES_PATH, query).json()["Data"]
    assert set(ivc) == {"TotalCount", "List"} and len(ivc["List"]) == 5
    assert all(d["Password"].startswith("PW-sim-") for d in ivc["List"])
    api3 = simulator.call(
        "ListDevices",
        {"OrganizationId": ROOT_ORGANIZATION, "PageSize": 5, "IsContainSubLevel": True},
    ).json()["Response"]
    assert api3["TotalCount"] == ivc["TotalCount"]
    assert [d["DeviceId"] for d in api3["Data"]] == [d["Id"] for d in ivc["List"]]
    assert "Id" not in api3["Data"][0] and {"ClusterName", "ChannelNum"} <= set(api3["Data"][0])
    assert not {"DeviceId", "ClusterName", "ChannelNum"} & set(ivc["List"][0])


def test_channels_on_both_apis(simulator: RunningSim):
    device = simulator.sim.catalog.devices[4]
    ivc = simulator.get(CHANNELS_PATH, {"DeviceId": device.device_id}).json()["Data"]
    api3 = simulator.call("DescribeDeviceChannel", {"DeviceId": device.device_id}).json()
    assert ivc == device.channel_records("ivc") and "PtzType" in ivc[0]
    assert api3["Response"]["Data"] == device.channel_records("cloudapi")
    assert "PTZType" in api3["Response"]["Data"][0]
    renamed = [
        {("PtzType" if k == "PTZType" else k): v for k, v in c.items()}
        for c in api3["Response"]["Data"]
    ]
    assert renamed == ivc


def test_api3_writes_allow_five_per_second_on_the_clock(simulator: RunningSim):
    codes = []
    for i in range(7):
        resp = simulator.call("AddRecordRetrieveTask", _body(simulator.sim, f"rate-{i}"))
        codes.append(resp.json()["Response"].get("Error", {}).get("Code"))
    assert codes == [None] * 5 + ["RequestLimitExceeded"] * 2
    assert simulator.call("ListRecordRetrieveTasks").json()["Response"].get("Error") is None
    simulator.clock.advance(1)
    ok = simulator.call("AddRecordRetrieveTask", _body(simulator.sim, "rate-7")).json()
    assert "Error" not in ok["Response"]
    # the /ivc/ endpoints document no write limit
    for i in range(7):
        assert simulator.post(CREATE_PATH, _body(simulator.sim, f"ivc-rate-{i}")).status_code == 200


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
def test_answer_lost_creates_the_task_and_drops_the_connection(simulator: RunningSim, api):
    simulator.sim.set_fault(Fault.ANSWER_LOST)
    body = _body(simulator.sim, "answer-lost")
    with pytest.raises(httpx.HTTPError):
        if api == "ivc":
            simulator.post(CREATE_PATH, body)
        else:
            simulator.call("AddRecordRetrieveTask", body)
    assert [r["TaskName"] for r in simulator.sim.records()].count("answer-lost") == 1
    with pytest.raises(httpx.HTTPError):
        simulator.list_tasks()  # a read's answer is lost too
    simulator.sim.set_fault(Fault.NONE)
    simulator.sim.set_write_fault(Fault.ANSWER_LOST)  # writes only
    assert simulator.list_tasks().json()["Code"] == 0


@pytest.mark.parametrize("fault", [Fault.CODE_500, Fault.RATE_LIMITED, Fault.HTTP_500])
def test_faults_that_refuse_a_write_create_nothing(simulator: RunningSim, fault):
    simulator.sim.set_write_fault(fault)
    resp = simulator.post(CREATE_PATH, _body(simulator.sim, "refused-by-fault"))
    assert resp.status_code != 200 or resp.json()["Code"] != 0
    assert "refused-by-fault" not in [r["TaskName"] for r in simulator.sim.records()]


def test_a_malformed_answer_still_creates(simulator: RunningSim):
    simulator.sim.set_write_fault(Fault.INVALID_JSON)
    resp = simulator.post(CREATE_PATH, _body(simulator.sim, "garbled"))
    with pytest.raises(json.JSONDecodeError):
        resp.json()
    assert "garbled" in [r["TaskName"] for r in simulator.sim.records()]


def test_write_fault_is_set_through_the_control_api(simulator: RunningSim):
    url = simulator.base_url + "/_sim/control"
    stats = httpx.post(url, json={"write_fault": "answer-lost"}).json()
    assert stats["write_fault"] == "answer-lost" and stats["fault"] == "none"
    assert httpx.post(url, json={"write_fault": None}).json()["write_fault"] is None
    assert httpx.post(url, json={"write_fault": "nope"}).status_code == 400


def test_delete_refuses_a_retrieving_task(simulator: RunningSim):
    created = simulator.post(CREATE_PATH, _body(simulator.sim, "del-me")).json()["Data"]
    simulator.clock.advance(simulator.sim.pace_seconds)
    refused = simulator.post(DELETE_PATH, {"TaskId": created["TaskId"]}).json()
    assert refused["Message"].startswith("ResourceInUse.RetrieveTaskExecuting: ")
    simulator.clock.advance(simulator.sim.pace_seconds)
    assert simulator.post(DELETE_PATH, {"TaskId": created["TaskId"]}).json()["Code"] == 0


def test_the_catalog_has_organizations_ipcs_nvrs_and_hostile_names():
    catalog = SimCatalog.generate(5_000)
    kinds = {d.device_type for d in catalog.devices}
    assert kinds == {IPC_TYPE, NVR_TYPE}
    assert all(d.channel_count == 1 for d in catalog.devices if d.device_type == IPC_TYPE)
    nvrs = [d.channel_count for d in catalog.devices if d.device_type == NVR_TYPE]
    assert min(nvrs) >= 1 and max(nvrs) >= 24
    assert {ONLINE, OFFLINE} <= {d.status for d in catalog.devices}
    assert set(HOSTILE_NAMES) & {d.name for d in catalog.devices}
    assert catalog.channel_total == 5_001  # plus one device of another tenant
    under_root = catalog.devices_in(ROOT_ORGANIZATION, sub_levels=True, keyword=None, status=None)
    only_root = catalog.devices_in(ROOT_ORGANIZATION, sub_levels=False, keyword=None, status=None)
    assert len(only_root) < len(under_root) == len(catalog.devices) - 1
    ids = [d.channel_id(n) for d in catalog.devices for n in d.channel_numbers()]
    assert len(set(ids)) == len(ids)


def test_a_large_catalog_is_generated_lazily():
    catalog = SimCatalog.generate(5_000)
    assert len(catalog.devices) < 1_000, "channels are built on demand"
    assert len(catalog.devices[4].channel_records("ivc")) == catalog.devices[4].channel_count
