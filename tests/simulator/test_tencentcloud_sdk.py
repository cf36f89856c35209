"""The simulator's API 3.0 accepts requests signed and sent by Tencent Cloud's own SDK
(``tencentcloud-sdk-python``: ``CommonClient``, and ``IssClient`` for every action the simulator
serves, whose answers deserialize into the SDK's models with no unknown field), and refuses bad
ones alike.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

from bot.simulator.cameras import NVR_TYPE, ROOT_ORGANIZATION
from bot.simulator.cloudapi import ENDPOINTS
from tests.support.cloudapi import DETAILS_ACTION, LIST_ACTION, sdk_call
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim, new_task_for
from tests.support.tencent_sdk import iss_client, model_fields, response_model, sdk_request


def call(running: RunningSim, action: str, params: dict[str, Any] | None = None, **kw):
    kw.setdefault("secret_id", SIM_SECRET_ID)
    kw.setdefault("secret_key", SIM_SECRET_KEY)
    kw.setdefault("now", running.clock())
    return sdk_call(running.base_url, action, params or {}, **kw)


def test_sdk_signed_list_is_accepted(simulator: RunningSim):
    response = call(simulator, LIST_ACTION)
    assert response["Data"] == simulator.sim.cloudapi_records()
    assert response["RequestId"]
    assert simulator.sim.requests[-1].api == "cloudapi"


def test_sdk_signed_details_is_accepted(simulator: RunningSim):
    task_id = simulator.sim.records()[2]["TaskId"]
    response = call(simulator, DETAILS_ACTION, {"TaskId": task_id})
    assert response["Data"]["TaskId"] == task_id and response["Data"]["Channels"]


def test_sdk_with_token(simulator_with_token):
    running, token = simulator_with_token
    assert call(running, LIST_ACTION, token=token)["Data"]
    with pytest.raises(TencentCloudSDKException) as caught:
        call(running, LIST_ACTION)
    assert caught.value.code == "AuthFailure.TokenFailure"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"secret_key": "not-the-key"}, "AuthFailure.SignatureFailure"),
        ({"secret_id": "AKIDnobody"}, "AuthFailure.SecretIdNotFound"),
        ({"skew": 301}, "AuthFailure.SignatureExpire"),
        ({"skew": -301}, "AuthFailure.SignatureExpire"),
    ],
)
def test_sdk_bad_requests_get_the_api_3_error(simulator: RunningSim, change, code):
    skew = change.pop("skew", 0)
    with pytest.raises(TencentCloudSDKException) as caught:
        call(simulator, LIST_ACTION, now=simulator.clock() + skew, **change)
    assert caught.value.code == code
    assert caught.value.requestId
    assert SIM_SECRET_KEY not in caught.value.message


def test_sdk_timestamp_within_five_minutes_is_accepted(simulator: RunningSim):
    assert call(simulator, LIST_ACTION, now=simulator.clock() - 300)["Data"]


def test_sdk_unknown_task_is_resource_not_found(simulator: RunningSim):
    with pytest.raises(TencentCloudSDKException) as caught:
        call(simulator, DETAILS_ACTION, {"TaskId": "0" * 32})
    assert caught.value.code == "ResourceNotFound.RetrieveTaskNotExist"


# The official IssClient against every action the simulator serves ------------------------------
def _official_calls(running: RunningSim) -> dict[str, dict[str, Any]]:
    """One successful request of each action the simulator serves (state made for them)."""
    sim = running.sim
    new = new_task_for(sim, "official-client", describe="客诉复核")
    to_delete = sim.create_task(
        new_task_for(sim, "official-delete").body(with_describe=False), api="ivc"
    )
    nvr = next(d for d in sim.catalog.devices if d.device_type == NVR_TYPE)
    retrieved = next(
        details
        for details in map(sim.details, sim.task_ids())
        if details is not None
        and details["Status"] == 0
        and any(c["Status"] != 3 for c in details["Channels"])
    )
    channel = next(c for c in retrieved["Channels"] if c["Status"] != 3)
    sim.set_recording(nvr.channel_id(1), "archived")
    return {
        "ListRecordRetrieveTasks": {},
        "DescribeRecordRetrieveTask": {"TaskId": sim.task_ids()[0]},
        "AddRecordRetrieveTask": new.body(with_describe=True),
        "DeleteRecordRetrieveTask": {"TaskId": to_delete["TaskId"]},
        "ListDevices": {"OrganizationId": ROOT_ORGANIZATION, "IsContainSubLevel": True},
        "DescribeDeviceChannel": {"DeviceId": nvr.device_id},
        "ListOrganizationChannels": {"OrganizationId": nvr.org_id, "PageNumber": 2, "PageSize": 5},
        "DescribeRecordPlaybackUrl": {
            "ChannelId": channel["ChannelId"],
            "StartTime": retrieved["StartTime"],
            "EndTime": retrieved["EndTime"],
            "IsInternal": False,
            "CorrectTimestamp": True,
        },
        "DescribeVideoDownloadUrl": {
            "ChannelId": channel["ChannelId"],
            "BeginTime": str(retrieved["StartTime"]),
            "EndTime": str(min(retrieved["EndTime"], retrieved["StartTime"] + 3600)),
            "FileType": "mp4",
            "Expires": 600,
            "IsRespActualTime": True,
        },
        "DescribeRecordFile": {
            "DeviceId": nvr.device_id,
            "ChannelId": nvr.channel_id(1),
            "StartTime": retrieved["StartTime"],
            "EndTime": retrieved["EndTime"],
            "WithUrl": True,
        },
    }


def test_the_official_client_calls_every_action_and_knows_every_field(simulator: RunningSim):
    calls = _official_calls(simulator)
    assert set(calls) == set(ENDPOINTS)
    with (
        iss_client(
            simulator.base_url,
            secret_id=SIM_SECRET_ID,
            secret_key=SIM_SECRET_KEY,
            clock=simulator.clock,
        ) as (client, received),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        answers = {
            action: getattr(client, action)(sdk_request(action, params))
            for action, params in calls.items()
        }
    assert [str(w.message) for w in caught] == []
    assert [call.action for call in received] == list(calls)
    for call in received:
        model = response_model(call.action)
        assert set(call.response) <= model_fields(model), call.action
        assert isinstance(answers[call.action], model)
    devices = answers["ListDevices"]
    assert devices.TotalCount == len(devices.Data) > 0 and devices.Data[0].DeviceId
    assert {c.PTZType for c in answers["DescribeDeviceChannel"].Data} == {0, 1}
    link = answers["DescribeVideoDownloadUrl"].Data
    assert link.Url.startswith("https://download.ivc-sim.test/") and link.ActualBeginTime
    channels = answers["ListOrganizationChannels"].Data
    assert (channels.PageNumber, channels.PageSize, len(channels.List)) == (2, 5, 5)
    assert channels.TotalCount > 10 and channels.List[0].ChannelId and channels.List[0].DeviceName
    assert answers["AddRecordRetrieveTask"].Data.Describe == "客诉复核"
    assert answers["DescribeRecordPlaybackUrl"].Data.Hls.startswith("https://")
    timeline = answers["DescribeRecordFile"].Data
    assert timeline.Tips == 1 and timeline.List
    assert all(span.HlsUrl.startswith("https://") for span in timeline.List)
