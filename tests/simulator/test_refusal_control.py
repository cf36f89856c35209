"""``Simulator.set_refusal``: one kind of call answers a listed code, on each API that has the
call and in that API's envelope, until cleared; only listed codes and known kinds of call are
accepted, and the simulator's own checks still come first."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulator import PLAYBACK_PATH, codes
from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.simulator.server import CREATE_PATH, DELETE_PATH, DEVICES_PATH
from bot.simulator.simulator import REFUSABLE_ENDPOINTS
from tests.simulator.test_playback import END, RETRIEVED_ID, START, _task
from tests.support.simulator import RunningSim, new_task_for

CASES = [
    ("create", "ivc", codes.NAME_REPEAT),
    ("create", "cloudapi", "InvalidParameterValue.InvalidName"),
    ("delete", "ivc", codes.TASK_EXECUTING),
    ("delete", "cloudapi", codes.TASK_EXECUTING),
    ("playback", "ivc", codes.VIDEO_NOT_FOUND),
    ("playback", "cloudapi", codes.VIDEO_ARCHIVED),
    ("download", "cloudapi", codes.CHANNEL_NOT_EXIST),
    ("devices", "ivc", codes.ORGANIZATION_NOT_EXIST),
    ("devices", "cloudapi", "InvalidParameterValue.OrganizationIDNotExisted"),
    ("organization_channels", "cloudapi", codes.ORGANIZATION_NOT_EXIST),
]
"""Each kind of call on each API that has it, with a listed code to answer."""


def _deletable(running: RunningSim) -> str:
    """A TaskId the simulator would delete (not retrieving)."""
    return str(next(r["TaskId"] for r in running.sim.records() if r["Status"] != 1))


def _ivc_call(running: RunningSim, endpoint: str, task_id: str) -> dict[str, Any]:
    """One ``/ivc/`` call of ``endpoint``: the envelope, with the HTTP status added."""
    if endpoint == "create":
        resp = running.post(CREATE_PATH, new_task_for(running.sim, "ctl").body(with_describe=False))
    elif endpoint == "delete":
        resp = running.post(DELETE_PATH, {"TaskId": task_id})
    elif endpoint == "playback":
        window = {"ChannelId": "ch-1", "StartTime": str(START), "EndTime": str(END)}
        resp = running.get(PLAYBACK_PATH, window)
    else:
        resp = running.get(DEVICES_PATH, {"OrganizationId": ROOT_ORGANIZATION, "PageSize": "5"})
    return {**resp.json(), "http": resp.status_code}


def _cloudapi_call(running: RunningSim, endpoint: str, task_id: str) -> dict[str, Any]:
    """One API 3.0 call of ``endpoint``: its ``Response``."""
    window = {"ChannelId": "ch-1", "StartTime": START, "EndTime": END}
    action, params = {
        "create": (
            "AddRecordRetrieveTask",
            new_task_for(running.sim, "ctl").body(with_describe=True),
        ),
        "delete": ("DeleteRecordRetrieveTask", {"TaskId": task_id}),
        "playback": ("DescribeRecordPlaybackUrl", window),
        "download": (
            "DescribeVideoDownloadUrl",
            {"ChannelId": "ch-1", "BeginTime": str(START), "EndTime": str(END), "FileType": "mp4"},
        ),
        "devices": ("ListDevices", {"OrganizationId": ROOT_ORGANIZATION, "PageSize": 5}),
        "organization_channels": (
            "ListOrganizationChannels",
            {"OrganizationId": ROOT_ORGANIZATION, "PageNumber": 1, "PageSize": 5},
        ),
    }[endpoint]
    resp = running.call(action, params)
    assert resp.status_code == 200
    response: dict[str, Any] = resp.json()["Response"]
    return response


def _answered(running: RunningSim, endpoint: str, api: str, task_id: str) -> str | None:
    """The code one call of ``endpoint`` on ``api`` answers (None: a success), its envelope
    checked."""
    if api == "ivc":
        payload = _ivc_call(running, endpoint, task_id)
        if payload["Code"] == 0:
            return None
        code, _, _ = payload["Message"].partition(": ")
        assert payload["StatusCode"] == payload["http"] in (400, 404) and payload["Data"] is None
        assert payload["http"] == (404 if code.startswith("ResourceNotFound") else 400)
        return code
    response = _cloudapi_call(running, endpoint, task_id)
    if "Error" not in response:
        return None
    assert set(response) == {"Error", "RequestId"} and response["Error"]["Message"]
    return str(response["Error"]["Code"])


@pytest.mark.parametrize(("endpoint", "api", "code"), CASES)
def test_a_kind_of_call_answers_the_code_set_until_cleared(
    simulator: RunningSim, endpoint: str, api: str, code: str
) -> None:
    if endpoint in ("playback", "download"):
        simulator.sim.set_tasks([_task(RETRIEVED_ID, 0, [("ch-1", 0)])])
    task_id = _deletable(simulator)
    simulator.sim.set_refusal(endpoint, code)
    assert _answered(simulator, endpoint, api, task_id) == code
    assert _answered(simulator, endpoint, api, task_id) == code, "every call, not just one"
    assert simulator.sim.calls[endpoint] == 2
    simulator.sim.set_refusal(endpoint, None)
    assert _answered(simulator, endpoint, api, task_id) is None


def test_only_the_kind_of_call_named_is_refused(simulator: RunningSim) -> None:
    simulator.sim.set_refusal("playback", codes.VIDEO_ARCHIVED)
    assert _answered(simulator, "devices", "cloudapi", "") is None
    assert _answered(simulator, "create", "ivc", "") is None


def test_the_simulators_own_checks_come_first(simulator: RunningSim) -> None:
    simulator.sim.set_refusal("delete", codes.TASK_EXECUTING)
    assert _answered(simulator, "delete", "ivc", "0" * 32) == codes.TASK_NOT_EXIST
    simulator.sim.set_refusal("playback", codes.VIDEO_NOT_FOUND)
    no_channel = _answered(simulator, "playback", "cloudapi", "")
    assert no_channel == codes.CHANNEL_NOT_EXIST, "no task names the channel"


def test_set_create_refusal_is_the_create_refusal(simulator: RunningSim) -> None:
    simulator.sim.set_create_refusal(codes.ILLEGAL_NAME)
    assert simulator.sim.refusals == {"create": codes.ILLEGAL_NAME}
    simulator.sim.set_create_refusal(None)
    assert simulator.sim.refusals == {}


@pytest.mark.parametrize(
    ("endpoint", "code"),
    [
        ("create", "InvalidParameterValue.Invented"),
        ("create", "ResourceNotFound.VideoNotFound: text"),
        ("list", codes.INTERNAL_ERROR),
        ("channels", codes.RESOURCE_NOT_FOUND),
        ("", codes.VIDEO_ARCHIVED),
    ],
)
def test_only_listed_codes_and_known_kinds_of_call_are_accepted(
    simulator: RunningSim, endpoint: str, code: str
) -> None:
    with pytest.raises(ValueError):
        simulator.sim.set_refusal(endpoint, code)
    assert simulator.sim.refusals == {}


def test_every_kind_of_call_is_covered() -> None:
    assert {endpoint for endpoint, _, _ in CASES} == REFUSABLE_ENDPOINTS
