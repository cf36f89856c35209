"""The simulator answers like Tencent, with Tencent's official SDK and tccli as the oracle:
every success fits the SDK's response model (no field it lacks, api.json's types, every field
it says an answer has), every refusal comes out of the official ``IssClient`` as a code the
SDK lists, and the ``/ivc/`` endpoints put the same code in ``Message``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

from bot.simulator import (
    CHANNELS_PATH,
    CREATE_PATH,
    DELETE_PATH,
    DETAILS_PATH,
    DEVICES_PATH,
    PLAYBACK_PATH,
    Simulator,
    codes,
    tc3_check,
)
from bot.simulator import auth as ivc_auth
from bot.simulator.cameras import IPC_TYPE, NVR_TYPE, OFFLINE, ROOT_ORGANIZATION
from bot.simulator.cloudapi import ENDPOINTS, VERSION
from bot.simulator.parameters import PARAMETERS
from bot.simulator.recordings import CASES
from bot.simulator.tasks import NO_ARCHIVE, RETRIEVED
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim, new_task_for
from tests.support.tencent_sdk import (
    ACTIONS,
    deserialize_warnings,
    is_known_code,
    iss_client,
    members,
    model_fields,
    request_model,
    response_model,
    response_problems,
    sdk_request,
)

Params = dict[str, Any]
NOW = datetime(2025, 10, 1, tzinfo=UTC)  # the FakeClock's start
SAME_DAY = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 Beijing
BEIJING_23H = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)


def _codes_of(module: Any) -> set[str]:
    return {v for k, v in vars(module).items() if k.isupper() and isinstance(v, str)}


def test_every_code_the_simulator_defines_is_tencents():
    ivc_messages = {v for k, v in vars(ivc_auth).items() if k.isupper() and ": " in str(v)}
    defined = (
        _codes_of(codes)
        | {v for v in _codes_of(tc3_check) if v.startswith("AuthFailure.")}
        | {message.partition(":")[0] for message in ivc_messages}
        | {ivc_auth.malformed("x").partition(":")[0]}
        | {ivc_auth.missing_signed_header("x").partition(":")[0]}
        | codes.ON_REQUEST
    )
    assert {code for code in defined if not is_known_code(code)} == set()


def test_the_simulators_parameters_are_the_sdk_request_models():
    assert set(PARAMETERS) == set(ENDPOINTS) == set(ACTIONS)
    for action, parameters in PARAMETERS.items():
        assert set(parameters) == model_fields(request_model(action)), action
        spec = members(f"{action}Request")
        for name, parameter in parameters.items():
            assert parameter.kind == spec[name]["type"], (action, name)
            assert parameter.required == bool(spec[name]["required"]), (action, name)


# Successes ------------------------------------------------------------------------------------
def _body(running: RunningSim, name: str, **change: Any) -> Params:
    """A create body on the simulator's cameras (``new_task_for``'s keywords, then fields)."""
    task_kw = {k: change.pop(k) for k in ("channels", "start", "hours", "describe") if k in change}
    return {**new_task_for(running.sim, name, **task_kw).body(with_describe=True), **change}


def _created(running: RunningSim, name: str, **change: Any) -> str:
    task_id: str = running.sim.create_task(_body(running, name, **change), api="ivc")["TaskId"]
    return task_id


def _playable(sim: Simulator) -> Params:
    for task_id in sim.task_ids():
        details = sim.details(task_id)
        if details is None or details["Status"] != RETRIEVED:
            continue
        for channel in details["Channels"]:
            if channel["Status"] != NO_ARCHIVE:
                window = {"StartTime": details["StartTime"], "EndTime": details["EndTime"]}
                return {"ChannelId": channel["ChannelId"], **window}
    raise AssertionError("no playable channel")


def _device(sim: Simulator, check: Callable[[Any], bool]) -> str:
    return next(d.device_id for d in sim.catalog.devices if check(d))


def _success_params(running: RunningSim, action: str) -> list[Params]:
    """Requests of ``action`` the simulator answers with a success (state made for them)."""
    sim = running.sim
    if action == "ListRecordRetrieveTasks":
        _created(running, "listed-plain")
        _created(running, "listed-noted", describe="客诉复核")
        return [{}]
    if action == "DescribeRecordRetrieveTask":
        created = _created(running, "described", describe="取证")
        return [{"TaskId": task_id} for task_id in [created, *sim.task_ids()[:12]]]
    if action == "AddRecordRetrieveTask":
        return [
            _body(running, "added-plain", channels=3),
            _body(running, "added-noted", describe="monthly audit"),
        ]
    if action == "DeleteRecordRetrieveTask":
        return [{"TaskId": _created(running, f"deleted-{i}")} for i in range(2)]
    if action == "ListDevices":
        return [
            {"OrganizationId": ROOT_ORGANIZATION, "IsContainSubLevel": True, "PageSize": 1000},
            {"OrganizationId": "1004"},
            {"OrganizationId": ROOT_ORGANIZATION, "Keyword": "NVR", "Status": 1},
            {"OrganizationId": ROOT_ORGANIZATION, "PageNumber": 99},
        ]
    if action == "DescribeDeviceChannel":
        kinds = (
            lambda d: d.device_type == IPC_TYPE,
            lambda d: d.device_type == NVR_TYPE,
            lambda d: d.status == OFFLINE,
        )
        return [{"DeviceId": _device(sim, kind)} for kind in kinds]
    if action == "ListOrganizationChannels":
        return _organization_channels()
    if action == "DescribeVideoDownloadUrl":
        return _downloadable(sim)
    if action == "DescribeRecordFile":
        return _recorded(sim)
    assert action == "DescribeRecordPlaybackUrl"
    return [_playable(sim)]


def _recorded(sim: Simulator) -> list[Params]:
    """A camera's recordings in each case the simulator serves, over 10:00–11:00 Beijing, with
    and without the spans' playback addresses (``WithUrl``)."""
    start = int(SAME_DAY.timestamp())
    asked = []
    devices = [d for d in sim.catalog.devices if d.device_type == NVR_TYPE][:1]
    devices += [d for d in sim.catalog.devices if d.device_type == IPC_TYPE][:3]
    for device, case in zip(devices, CASES, strict=True):
        channel = device.channel_id(1)
        sim.set_recording(channel, case)
        window = {"DeviceId": device.device_id, "ChannelId": channel}
        asked.append({**window, "StartTime": start, "EndTime": start + 3600})
        asked.append({**window, "StartTime": start, "EndTime": start + 7200, "WithUrl": True})
    return asked


def _organization_channels() -> list[Params]:
    """Channel pages the simulator answers: a first and a last page, by device name, by
    channel name, past the end, and matching nothing (a null List)."""
    org = {"OrganizationId": "1004", "PageSize": 7}
    return [
        {**org, "PageNumber": 1},
        {**org, "PageNumber": 3, "PageSize": 40},
        {**org, "PageNumber": 1, "DeviceName": "nvr"},
        {**org, "PageNumber": 1, "ChannelName": "gate"},
        {**org, "PageNumber": 99},
        {**org, "PageNumber": 1, "DeviceName": "zzz-no-such-device"},
    ]


def _downloadable(sim: Simulator) -> list[Params]:
    """Downloads the simulator answers: the first hour of a playable window, as mp4 with the
    actual times asked, as ts with every optional field, and with none of them."""
    played = _playable(sim)
    start = played["StartTime"]
    end = min(played["EndTime"], start + 3600)
    window = {"ChannelId": played["ChannelId"], "BeginTime": str(start), "EndTime": str(end)}
    return [
        {**window, "FileType": "mp4", "Expires": 600, "IsRespActualTime": True},
        {
            **window,
            "FileType": "ts",
            "Expires": 86_400,
            "IsRespActualTime": False,
            "IsInternal": False,
            "IsSupportG711": True,
        },
        {**window, "FileType": "mp4"},
    ]


@pytest.mark.parametrize("action", ACTIONS)
def test_every_success_fits_the_sdk_response_model(simulator: RunningSim, action):
    for params in _success_params(simulator, action):
        response = simulator.call(action, params).json()["Response"]
        assert "Error" not in response, (params, response)
        assert response_problems(action, response) == [], params
        assert deserialize_warnings(response_model(action), response) == [], params


def test_the_checker_refuses_the_fields_tencent_does_not_send(simulator: RunningSim):
    """What the simulator used to invent fails the oracle: Data on a delete, ChannelCount on a
    new task, Id on a device, PtzType on a channel."""
    created = simulator.call("AddRecordRetrieveTask", _body(simulator, "invented")).json()
    data = created["Response"]["Data"]
    assert response_problems("AddRecordRetrieveTask", created["Response"]) == []
    invented = {**created["Response"], "Data": {**data, "ChannelCount": 2}}
    assert response_problems("AddRecordRetrieveTask", invented)
    assert response_problems("DeleteRecordRetrieveTask", {"RequestId": "r", "Data": {}})
    device = simulator.sim.catalog.devices[0]
    devices = {"RequestId": "r", "TotalCount": 1, "Data": [device.record("ivc")]}
    assert response_problems("ListDevices", devices)
    channels = {"RequestId": "r", "Data": device.channel_records("ivc")}
    assert response_problems("DescribeDeviceChannel", channels)
    assert deserialize_warnings(response_model("DescribeDeviceChannel"), channels)


IVC_ENVELOPE = {"RequestId", "Code", "StatusCode", "Message", "Data"}
IVC_DEVICE = {
    "Id",
    "Code",
    "Name",
    "AccessProtocol",
    "Type",
    "ClusterId",
    "TransportProtocol",
    "Password",
    "Description",
    "Status",
    "OrganizationId",
}
IVC_CHANNEL = {
    "ChannelId",
    "ChannelCode",
    "DeviceId",
    "Name",
    "Status",
    "PtzType",
    "Manufacturer",
    "Resolution",
    "State",
}
IVC_TASK = {
    "TaskId",
    "TaskName",
    "StartTime",
    "EndTime",
    "Mode",
    "Expiration",
    "Status",
    "Capacity",
}


def test_the_ivc_endpoints_keep_their_documented_shapes(simulator: RunningSim):
    device = _device(simulator.sim, lambda d: d.device_type == NVR_TYPE)
    query = {"OrganizationId": ROOT_ORGANIZATION, "PageSize": "1000", "IsContainSubLevel": "true"}
    devices = simulator.get(DEVICES_PATH, query).json()
    channels = simulator.get(CHANNELS_PATH, {"DeviceId": device}).json()
    created = simulator.post(CREATE_PATH, _body(simulator, "ivc-shape")).json()
    deleted = simulator.post(DELETE_PATH, {"TaskId": created["Data"]["TaskId"]}).json()
    for answer in (devices, channels, created, deleted):
        assert set(answer) == IVC_ENVELOPE and answer["Code"] == 0, answer
    assert set(devices["Data"]) == {"TotalCount", "List"}
    assert all(set(record) == IVC_DEVICE for record in devices["Data"]["List"])
    assert all(set(record) == IVC_CHANNEL for record in channels["Data"])
    assert set(created["Data"]) == IVC_TASK and deleted["Data"] == {}


# Refusals -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Refused:
    """A request the simulator refuses with ``code``; ``ivc``: the ``/ivc/`` endpoints can be
    asked the same; ``raw``: sent as is (the SDK's request model cannot hold it)."""

    name: str
    action: str
    params: Callable[[RunningSim], Params]
    code: str
    ivc: bool = True
    raw: bool = False
    version: str = VERSION
    secret_id: str = SIM_SECRET_ID
    secret_key: str = SIM_SECRET_KEY
    skew: float = 0


def _duplicate(running: RunningSim) -> Params:
    _created(running, "taken")
    return _body(running, "taken")


def _retrieving(running: RunningSim) -> Params:
    task_id = _created(running, "busy")
    running.clock.advance(running.sim.pace_seconds)
    return {"TaskId": task_id}


def _mismatch(running: RunningSim) -> Params:
    first, second = running.sim.catalog.devices[:2]
    channels = [{"DeviceId": first.device_id, "ChannelId": second.channel_id(1)}]
    return _body(running, "mismatch", Channels=channels)


def _unknown_channel(running: RunningSim) -> Params:
    device = running.sim.catalog.devices[0]
    return _body(running, "nochannel", Channels=[{"DeviceId": device.device_id, "ChannelId": "x"}])


def _raw_tasks(running: RunningSim) -> None:
    """A retrieved task on ``ch-1`` (archive) and ``ch-2`` (none), a pending one on ``ch-p``."""
    start = int(SAME_DAY.timestamp())
    running.sim.set_tasks(
        [
            {
                "TaskId": task_id,
                "TaskName": f"t-{status}",
                "StartTime": start,
                "EndTime": start + 3600,
                "Mode": 1,
                "Expiration": 7,
                "Status": status,
                "Capacity": 10.0,
                "Channels": [
                    {
                        "DeviceId": "dev",
                        "DeviceName": "Gate",
                        "ChannelId": channel,
                        "ChannelName": channel,
                        "Status": channel_status,
                    }
                    for channel, channel_status in channels
                ],
            }
            for task_id, status, channels in (
                ("a" * 32, 0, [("ch-1", 0), ("ch-2", NO_ARCHIVE)]),
                ("b" * 32, 2, [("ch-p", 2)]),
            )
        ]
    )


def _play(channel: str, *, expire: bool = False) -> Callable[[RunningSim], Params]:
    def params(running: RunningSim) -> Params:
        _raw_tasks(running)
        if expire:
            running.sim.expire_copy("a" * 32)
        start = int(SAME_DAY.timestamp())
        return {"ChannelId": channel, "StartTime": start, "EndTime": start + 3600}

    return params


def _download(
    channel: str, *, expire: bool = False, **change: Any
) -> Callable[[RunningSim], Params]:
    """A download of ``channel`` over the raw tasks' hour (``change``: fields replaced)."""

    def params(running: RunningSim) -> Params:
        window = _play(channel, expire=expire)(running)
        start, end = window["StartTime"], window["EndTime"]
        body = {"ChannelId": channel, "BeginTime": str(start), "EndTime": str(end)}
        return {**body, "FileType": "mp4", **change}

    return params


def _fill_write_limit(running: RunningSim) -> Params:
    while running.sim.admit_write():
        pass
    return _body(running, "limited")


def _fault(fault: str) -> Callable[[RunningSim], Params]:
    def params(running: RunningSim) -> Params:
        running.sim.set_fault(fault)
        return {}

    return params


def _field(name: str, value: Any) -> Callable[[RunningSim], Params]:
    return lambda running: _body(running, "refused", **{name: value})


def _without(name: str) -> Callable[[RunningSim], Params]:
    return lambda running: {k: v for k, v in _body(running, "refused").items() if k != name}


def _window(start: datetime, hours: float) -> Callable[[RunningSim], Params]:
    return lambda running: _body(running, "refused", start=start, hours=hours)


ADD, DETAILS, DELETE = (
    "AddRecordRetrieveTask",
    "DescribeRecordRetrieveTask",
    "DeleteRecordRetrieveTask",
)
DEVICES, CHANNELS, PLAY = "ListDevices", "DescribeDeviceChannel", "DescribeRecordPlaybackUrl"
ORG_CHANNELS = "ListOrganizationChannels"
_CHANNEL_PAGE = {"OrganizationId": "1000", "PageNumber": 1, "PageSize": 10}
DOWNLOAD = "DescribeVideoDownloadUrl"
_LATE = str(int(SAME_DAY.timestamp()) + 14 * 3600)  # 00:00 Beijing, the next day
RECORDS = "DescribeRecordFile"
UNKNOWN_ID = "f" * 32


def _records(start: datetime, hours: float, **change: Any) -> Callable[[RunningSim], Params]:
    """``DescribeRecordFile`` of the first catalog camera (``change``: fields replaced)."""

    def params(running: RunningSim) -> Params:
        device = running.sim.catalog.devices[0]
        first = int(start.timestamp())
        window = {"StartTime": first, "EndTime": first + int(hours * 3600)}
        ids = {"DeviceId": device.device_id, "ChannelId": device.channel_id(1)}
        return {**ids, **window, **change}

    return params


def _records_of_another_device(running: RunningSim) -> Params:
    first, second = running.sim.catalog.devices[:2]
    return _records(SAME_DAY, 1, ChannelId=second.channel_id(1))(running) | {
        "DeviceId": first.device_id
    }


REFUSALS = [
    Refused("unknown task", DETAILS, lambda r: {"TaskId": UNKNOWN_ID}, codes.TASK_NOT_EXIST),
    Refused("details without TaskId", DETAILS, lambda r: {}, codes.MISSING_PARAMETER),
    Refused("a taken name", ADD, _duplicate, codes.NAME_REPEAT),
    Refused("an empty name", ADD, _field("TaskName", ""), codes.EMPTY_NAME),
    Refused("a name of 33", ADD, _field("TaskName", "a" * 33), codes.TOO_LONG_NAME),
    Refused("a name with a space", ADD, _field("TaskName", "front gate"), codes.ILLEGAL_NAME),
    Refused("no Expiration", ADD, _without("Expiration"), codes.MISSING_TASK_PARAM),
    Refused("mode 2", ADD, _field("Mode", 2), codes.INVALID_MODE),
    Refused("0 days kept", ADD, _field("Expiration", 0), codes.INVALID_EXPIRATION),
    Refused("366 days kept", ADD, _field("Expiration", 366), codes.INVALID_EXPIRATION),
    Refused("33 channels", ADD, lambda r: _body(r, "many", channels=33), codes.CHANNELS_EXCEED),
    Refused("no channel", ADD, _field("Channels", []), codes.CHANNELS_EXCEED),
    Refused("a negative time", ADD, _field("StartTime", -5), codes.INVALID_TIME),
    Refused("end before start", ADD, _window(SAME_DAY, -1), codes.START_NOT_BEFORE_END),
    Refused(
        "start in the future", ADD, _window(NOW + timedelta(hours=1), 1), codes.START_IN_FUTURE
    ),
    Refused("longer than a day", ADD, _window(SAME_DAY, 25), codes.TOO_LONG),
    Refused("9 minutes", ADD, _window(SAME_DAY, 0.15), codes.TOO_SHORT),
    Refused("across midnight", ADD, _window(BEIJING_23H, 2), codes.NOT_SAME_DAY),
    Refused(
        "an unknown device",
        ADD,
        _field("Channels", [{"DeviceId": UNKNOWN_ID, "ChannelId": "1"}]),
        codes.DEVICE_NOT_EXIST,
    ),
    Refused("an unknown channel", ADD, _unknown_channel, codes.CHANNEL_NOT_EXIST),
    Refused("another device's channel", ADD, _mismatch, codes.DEVICE_MISMATCH_CHANNEL),
    Refused(
        "delete an unknown task", DELETE, lambda r: {"TaskId": UNKNOWN_ID}, codes.TASK_NOT_EXIST
    ),
    Refused("delete a retrieving task", DELETE, _retrieving, codes.TASK_EXECUTING),
    Refused(
        "an unknown organization",
        DEVICES,
        lambda r: {"OrganizationId": "99999"},
        codes.ORGANIZATION_NOT_EXIST,
    ),
    Refused(
        "page 0",
        DEVICES,
        lambda r: {"OrganizationId": "1000", "PageNumber": 0},
        codes.INVALID_PAGE_NUMBER,
    ),
    Refused(
        "pages of 10001",
        DEVICES,
        lambda r: {"OrganizationId": "1000", "PageSize": 10_001},
        codes.INVALID_PAGE_SIZE,
    ),
    Refused("devices without organization", DEVICES, lambda r: {}, codes.MISSING_PARAMETER),
    Refused(
        "channels of an unknown organization",
        ORG_CHANNELS,
        lambda r: {**_CHANNEL_PAGE, "OrganizationId": "99999"},
        codes.ORGANIZATION_NOT_EXIST,
        ivc=False,
    ),
    Refused(
        "channel page 0",
        ORG_CHANNELS,
        lambda r: {**_CHANNEL_PAGE, "PageNumber": 0},
        codes.INVALID_PAGE_NUMBER,
        ivc=False,
    ),
    Refused(
        "channel pages of 0",
        ORG_CHANNELS,
        lambda r: {**_CHANNEL_PAGE, "PageSize": 0},
        codes.INVALID_PAGE_SIZE,
        ivc=False,
    ),
    Refused(
        "a channel name of 33 bytes",
        ORG_CHANNELS,
        lambda r: {**_CHANNEL_PAGE, "ChannelName": "门" * 11},
        codes.INVALID_PARAMETER_VALUE,
        ivc=False,
    ),
    Refused(
        "channels without a page size",
        ORG_CHANNELS,
        lambda r: {"OrganizationId": "1000", "PageNumber": 1},
        codes.MISSING_PARAMETER,
        ivc=False,
    ),
    Refused(
        "channels of an unknown device",
        CHANNELS,
        lambda r: {"DeviceId": UNKNOWN_ID},
        codes.RESOURCE_NOT_FOUND,
    ),
    Refused("play a pending task", PLAY, _play("ch-p"), codes.VIDEO_ARCHIVED),
    Refused("play an expired copy", PLAY, _play("ch-1", expire=True), codes.VIDEO_ARCHIVED),
    Refused("play no recording", PLAY, _play("ch-2"), codes.VIDEO_NOT_FOUND),
    Refused("play an unknown channel", PLAY, _play("nope"), codes.CHANNEL_NOT_EXIST),
    Refused(
        "download a pending task", DOWNLOAD, _download("ch-p"), codes.VIDEO_ARCHIVED, ivc=False
    ),
    Refused(
        "download an expired copy",
        DOWNLOAD,
        _download("ch-1", expire=True),
        codes.VIDEO_ARCHIVED,
        ivc=False,
    ),
    Refused("download no recording", DOWNLOAD, _download("ch-2"), codes.VIDEO_NOT_FOUND, ivc=False),
    Refused(
        "download an unknown channel",
        DOWNLOAD,
        _download("nope"),
        codes.CHANNEL_NOT_EXIST,
        ivc=False,
    ),
    Refused(
        "download 61 minutes",
        DOWNLOAD,
        _download("ch-1", EndTime=str(int(SAME_DAY.timestamp()) + 3660)),
        codes.TOO_LONG,
        ivc=False,
    ),
    Refused(
        "download across midnight",
        DOWNLOAD,
        _download("ch-1", BeginTime=str(int(_LATE) - 600), EndTime=str(int(_LATE) + 600)),
        codes.NOT_SAME_DAY,
        ivc=False,
    ),
    Refused(
        "download an end before the start",
        DOWNLOAD,
        _download("ch-1", EndTime=str(int(SAME_DAY.timestamp()) - 60)),
        codes.START_NOT_BEFORE_END,
        ivc=False,
    ),
    Refused(
        "download a time that is no number",
        DOWNLOAD,
        _download("ch-1", BeginTime="9am"),
        codes.INVALID_TIME,
        ivc=False,
    ),
    Refused(
        "download an avi",
        DOWNLOAD,
        _download("ch-1", FileType="avi"),
        codes.INVALID_FILE_TYPE,
        ivc=False,
    ),
    Refused(
        "download a link of 0 seconds",
        DOWNLOAD,
        _download("ch-1", Expires=0),
        codes.INVALID_PARAMETER_VALUE,
        ivc=False,
    ),
    Refused("recordings over a day", RECORDS, _records(SAME_DAY, 25), codes.TOO_LONG, ivc=False),
    Refused(
        "recordings across midnight",
        RECORDS,
        _records(BEIJING_23H, 2),
        codes.NOT_SAME_DAY,
        ivc=False,
    ),
    Refused(
        "recordings ending before they start",
        RECORDS,
        _records(SAME_DAY, -1),
        codes.START_NOT_BEFORE_END,
        ivc=False,
    ),
    Refused(
        "recordings of an unknown device",
        RECORDS,
        _records(SAME_DAY, 1, DeviceId=UNKNOWN_ID),
        codes.DEVICE_NOT_EXIST,
        ivc=False,
    ),
    Refused(
        "recordings of an unknown channel",
        RECORDS,
        _records(SAME_DAY, 1, ChannelId="nope"),
        codes.CHANNEL_NOT_EXIST,
        ivc=False,
    ),
    Refused(
        "recordings of another device's channel",
        RECORDS,
        _records_of_another_device,
        codes.DEVICE_MISMATCH_CHANNEL,
        ivc=False,
    ),
    Refused(
        "recordings without a ChannelId",
        RECORDS,
        lambda r: {k: v for k, v in _records(SAME_DAY, 1)(r).items() if k != "ChannelId"},
        codes.MISSING_PARAMETER,
        ivc=False,
    ),
    Refused(
        "an unknown parameter",
        DETAILS,
        lambda r: {"TaskId": UNKNOWN_ID, "Verbose": True},
        codes.UNKNOWN_PARAMETER,
        ivc=False,
        raw=True,
    ),
    Refused(
        "a number for a string",
        DETAILS,
        lambda r: {"TaskId": 7},
        codes.INVALID_PARAMETER,
        ivc=False,
        raw=True,
    ),
    Refused(
        "an unknown action",
        "DeleteEverything",
        lambda r: {},
        codes.INVALID_ACTION,
        ivc=False,
        raw=True,
    ),
    Refused(
        "an unknown version",
        DETAILS,
        lambda r: {"TaskId": UNKNOWN_ID},
        codes.NO_SUCH_VERSION,
        ivc=False,
        version="2017-03-12",
    ),
    Refused(
        "a sixth write in a second", ADD, _fill_write_limit, codes.REQUEST_LIMIT_EXCEEDED, ivc=False
    ),
    Refused(
        "an internal error",
        "ListRecordRetrieveTasks",
        _fault("code-500"),
        codes.INTERNAL_ERROR,
        ivc=False,
    ),
    Refused(
        "rate limited",
        "ListRecordRetrieveTasks",
        _fault("rate-limited"),
        codes.REQUEST_LIMIT_EXCEEDED,
        ivc=False,
    ),
    Refused(
        "a wrong key",
        "ListRecordRetrieveTasks",
        lambda r: {},
        tc3_check.SIGNATURE_FAILURE,
        ivc=False,
        secret_key="nope",
    ),
    Refused(
        "an unknown SecretId",
        "ListRecordRetrieveTasks",
        lambda r: {},
        tc3_check.SECRET_ID_NOT_FOUND,
        ivc=False,
        secret_id="AKIDnobody",
    ),
    Refused(
        "a clock 6 minutes off",
        "ListRecordRetrieveTasks",
        lambda r: {},
        tc3_check.SIGNATURE_EXPIRE,
        ivc=False,
        skew=360,
    ),
]


def test_every_code_the_simulator_defines_is_met_by_a_refusal():
    assert _codes_of(codes) <= {case.code for case in REFUSALS}


@pytest.mark.parametrize("case", REFUSALS, ids=[case.name for case in REFUSALS])
def test_each_refusal_comes_out_of_the_official_client_as_a_listed_code(
    simulator: RunningSim, case: Refused
):
    params = case.params(simulator)
    with (
        iss_client(
            simulator.base_url,
            secret_id=case.secret_id,
            secret_key=case.secret_key,
            clock=lambda: simulator.clock() + case.skew,
            version=case.version,
        ) as (client, _),
        pytest.raises(TencentCloudSDKException) as caught,
    ):
        if case.raw:
            client.call_json(case.action, params)
        else:
            getattr(client, case.action)(sdk_request(case.action, params))
    error = caught.value
    assert (error.code, is_known_code(error.code)) == (case.code, True), error.message
    assert error.requestId and SIM_SECRET_KEY not in error.message


def _ivc_answer(running: RunningSim, action: str, params: Params) -> dict[str, Any]:
    """The ``/ivc/`` endpoint's answer to the same request (query strings for a GET)."""
    query = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()}
    paths = {DETAILS: DETAILS_PATH, DEVICES: DEVICES_PATH, CHANNELS: CHANNELS_PATH}
    paths[PLAY] = PLAYBACK_PATH
    if action == ADD:
        body = {k: v for k, v in params.items() if k != "Describe"}
        answer: dict[str, Any] = running.post(CREATE_PATH, body).json()
    elif action == DELETE:
        answer = running.post(DELETE_PATH, params).json()
    else:
        answer = running.get(paths[action], query).json()
    return answer


IVC_REFUSALS = [case for case in REFUSALS if case.ivc]


@pytest.mark.parametrize("case", IVC_REFUSALS, ids=[case.name for case in IVC_REFUSALS])
def test_the_ivc_endpoints_refuse_alike_with_the_code_in_the_message(
    simulator: RunningSim, case: Refused
):
    answer = _ivc_answer(simulator, case.action, case.params(simulator))
    assert set(answer) == IVC_ENVELOPE and answer["Data"] is None
    assert answer["Code"] == 500 and answer["StatusCode"] != 200
    assert answer["Message"].startswith(f"{case.code}: "), answer["Message"]
