"""The simulator's playback addresses over the wire, on both APIs: a fresh address for a
retrieved task's channel and window, a refusal with the service's own code otherwise, and the
faults."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.simulator import PLAYBACK_PATH, Fault
from bot.simulator.playback import PLAYBACK_HOST
from bot.simulator.tasks import DAY
from tests.support.simulator import RunningSim

START = 1_700_006_400  # 2023-11-15 00:00 UTC (08:00 Beijing)
END = START + 3600


def _task(
    task_id: str, status: int, channels: list[tuple[str, int]], **extra: Any
) -> dict[str, Any]:
    return {
        "TaskId": task_id,
        "TaskName": f"t-{task_id[:4]}",
        "StartTime": START,
        "EndTime": END,
        "Mode": 1,
        "Expiration": 7,
        "Status": status,
        "Capacity": 10.0,
        "Channels": [
            {
                "DeviceId": "dev1",
                "DeviceName": "Gate",
                "ChannelId": channel,
                "ChannelName": f"Gate-{channel}",
                "Status": channel_status,
            }
            for channel, channel_status in channels
        ],
        **extra,
    }


RETRIEVED_ID, PENDING_ID, RETRIEVING_ID = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def sim(simulator: RunningSim) -> RunningSim:
    simulator.sim.set_tasks(
        [
            _task(RETRIEVED_ID, 0, [("ch-1", 0), ("ch-2", 3)]),
            _task(PENDING_ID, 2, [("ch-p", 2)]),
            _task(RETRIEVING_ID, 1, [("ch-r", 1)]),
        ]
    )
    return simulator


def _play(sim: RunningSim, api: str, channel: str, start: int = START, end: int = END):
    """(Hls or None, error code or None, RequestId) of one playback call on ``api``."""
    if api == "ivc":
        params = {"ChannelId": channel, "StartTime": str(start), "EndTime": str(end)}
        payload = sim.get(PLAYBACK_PATH, params).json()
        if payload["Code"] != 0:
            return None, payload["Message"].partition(":")[0], payload["RequestId"]
        return payload["Data"]["Hls"], None, payload["RequestId"]
    body = {"ChannelId": channel, "StartTime": start, "EndTime": end}
    response = sim.call("DescribeRecordPlaybackUrl", body).json()["Response"]
    if "Error" in response:
        return None, response["Error"]["Code"], response["RequestId"]
    return response["Data"]["Hls"], None, response["RequestId"]


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
def test_a_retrieved_channel_plays_with_a_fresh_token_each_call(sim, api):
    first, error, _ = _play(sim, api, "ch-1")
    second, _, _ = _play(sim, api, "ch-1", START + 60, END - 60)
    assert error is None and first and second
    one, two = urlsplit(first), urlsplit(second)
    assert one.scheme == "https" and one.hostname == PLAYBACK_HOST
    assert one.path.endswith("hls.m3u8")
    tokens = [parse_qs(u.query)["token"][0] for u in (one, two)]
    assert tokens[0] != tokens[1] and sim.sim.playback_book.tokens[-2:] == tokens
    assert parse_qs(two.query)["starttime"] == [str(START + 60)]
    assert sim.sim.calls["playback"] == 2


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
@pytest.mark.parametrize(
    ("channel", "window", "code"),
    [
        ("ch-p", (START, END), "ResourceUnavailable.VideoArchived"),
        ("ch-r", (START, END), "ResourceUnavailable.VideoArchived"),
        ("ch-1", (START - 60, END), "ResourceUnavailable.VideoArchived"),  # outside the task
        ("ch-2", (START, END), "ResourceNotFound.VideoNotFound"),  # no archived recording
        ("nope", (START, END), "ResourceNotFound.ChannelNotExist"),
        ("ch-1", (START, START + DAY + 1), "InvalidParameterValue.OutOfTimeRange"),
        ("ch-1", (END, START), "InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime"),
        ("ch-1", (START + 15 * 3600, START + 17 * 3600), "InvalidParameterValue.NonSameDay"),
    ],
)
def test_refusals_name_the_reason(sim, api, channel, window, code):
    hls, error, request_id = _play(sim, api, channel, *window)
    assert hls is None and error == code and request_id
    assert not sim.sim.playback_book.tokens


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
def test_an_expired_copy_is_refused(sim, api):
    sim.sim.expire_copy(RETRIEVED_ID)
    assert _play(sim, api, "ch-1")[1] == "ResourceUnavailable.VideoArchived"


def test_a_generated_task_plays_once_retrieved_and_until_its_copy_expires(simulator):
    sim = simulator.sim
    sim.set_tasks([])
    task = sim.create_task(
        {
            "TaskName": "gen",
            "StartTime": START,
            "EndTime": END,
            "Mode": 1,
            "Expiration": 1,
            "Channels": [
                {"DeviceId": d.device_id, "ChannelId": d.channel_id(1)}
                for d in sim.catalog.devices[:1]
            ],
        },
        api="ivc",
    )
    channel = sim.details(task["TaskId"])["Channels"][0]
    if channel["Status"] == 3:
        pytest.skip("the generated channel has no archive")
    cid = channel["ChannelId"]
    assert _play(simulator, "ivc", cid)[1] == "ResourceUnavailable.VideoArchived"
    simulator.clock.advance(2 * sim.pace_seconds + 1)
    assert _play(simulator, "ivc", cid)[0]
    simulator.clock.advance(DAY)
    assert _play(simulator, "ivc", cid)[1] == "ResourceUnavailable.VideoArchived"


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
def test_a_catalog_channel_no_task_holds_is_archived_not_unknown(simulator, api):
    simulator.sim.set_tasks([])
    channel_id = simulator.sim.catalog.devices[0].channel_id(1)
    assert _play(simulator, api, channel_id)[1] == "ResourceUnavailable.VideoArchived"
    assert _play(simulator, api, channel_id + "9")[1] == "ResourceNotFound.ChannelNotExist"


@pytest.mark.parametrize("api", ["ivc", "cloudapi"])
def test_faults_apply(sim, api):
    sim.sim.set_fault(Fault.WRONG_TYPES)
    if api == "ivc":
        params = {"ChannelId": "ch-1", "StartTime": str(START), "EndTime": str(END)}
        assert sim.get(PLAYBACK_PATH, params).json()["Data"] == {"Hls": 12345}
    else:
        body = {"ChannelId": "ch-1", "StartTime": START, "EndTime": END}
        assert sim.call("DescribeRecordPlaybackUrl", body).json()["Response"]["Data"] == {
            "Hls": 12345
        }
    sim.sim.set_fault(Fault.CODE_500)
    assert _play(sim, api, "ch-1")[1] in ("internal error", "InternalError")
    sim.sim.set_fault(Fault.SIGNATURE_REJECTED)
    assert _play(sim, api, "ch-1")[0] is None
