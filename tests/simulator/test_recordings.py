"""The simulator's ``DescribeRecordFile`` over the wire (API 3.0 only): each channel's case
decided from the channel and the seed (or set by a test), the spans of each case, ``Tips`` as
Tencent defines it, the documented refusals, and footage that is not archived playing without
a retrieval."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bot.simulator import Fault, Simulator, codes
from bot.simulator.recordings import (
    ARCHIVED,
    CASES,
    MISSING,
    PARTIAL,
    UNARCHIVED,
    decided_case,
    recorded_spans,
)
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim

START = 1_700_006_400  # 2023-11-15 00:00 UTC (08:00 Beijing)
HOUR = 3600
RECORDS = "DescribeRecordFile"


def _camera(sim: Simulator, index: int = 0) -> tuple[str, str]:
    device = sim.catalog.devices[index]
    return device.device_id, device.channel_id(1)


def _ask(running: RunningSim, device: str, channel: str, start: int, end: int, **more: Any):
    body = {"DeviceId": device, "ChannelId": channel, "StartTime": start, "EndTime": end, **more}
    return running.call(RECORDS, body).json()["Response"]


def test_each_channels_case_is_decided_by_the_channel_and_the_seed() -> None:
    one = Simulator(secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY, seed=1)
    channels = [d.channel_id(n) for d in one.catalog.devices for n in d.channel_numbers()]
    cases = Counter(one.recordings.case(c) for c in channels)
    assert set(cases) == set(CASES), "every case occurs"
    assert cases[ARCHIVED] > len(channels) / 2, "most channels are archived"
    again = Simulator(secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY, seed=1)
    assert [again.recordings.case(c) for c in channels] == [
        one.recordings.case(c) for c in channels
    ]
    other = [decided_case(2, c) for c in channels]
    assert other != [decided_case(1, c) for c in channels], "another seed, other cases"


@pytest.mark.parametrize(
    ("case", "tips", "spans"),
    [
        (ARCHIVED, 1, [(START, START + 1800), (START + 1800, START + HOUR)]),
        (PARTIAL, 1, [(START, START + 1200), (START + 2400, START + HOUR)]),
        (UNARCHIVED, 0, [(START, START + 1800), (START + 1800, START + HOUR)]),
        (MISSING, 0, None),
    ],
)
def test_each_case_answers_its_tips_and_spans(
    simulator: RunningSim, case: str, tips: int, spans: Any
) -> None:
    device, channel = _camera(simulator.sim)
    simulator.sim.set_recording(channel, case)
    data = _ask(simulator, device, channel, START, START + HOUR)["Data"]
    listed = None if data["List"] is None else [(s["Begin"], s["End"]) for s in data["List"]]
    assert (data["Tips"], listed) == (tips, spans)
    simulator.sim.set_recording(channel, None)
    assert simulator.sim.recordings.case(channel) == decided_case(1, channel)


def test_spans_are_cut_to_the_window_and_never_pass_now(simulator: RunningSim) -> None:
    assert recorded_spans(ARCHIVED, START + 600, START + 2000) == [
        (START + 600, START + 1800),
        (START + 1800, START + 2000),
    ]
    assert recorded_spans(PARTIAL, START + 1300, START + 2300) == [], "inside the silence"
    device, channel = _camera(simulator.sim)
    simulator.sim.set_recording(channel, ARCHIVED)
    now = int(simulator.clock())
    today = now - now % 86_400 - 8 * HOUR  # 00:00 Beijing of the fake clock's day (or before)
    data = _ask(simulator, device, channel, today, today + 86_399)["Data"]
    assert max(s["End"] for s in data["List"]) <= now


def test_with_url_each_span_has_a_fresh_playback_address(simulator: RunningSim) -> None:
    device, channel = _camera(simulator.sim)
    simulator.sim.set_recording(channel, UNARCHIVED)
    data = _ask(simulator, device, channel, START, START + HOUR, WithUrl=True)["Data"]
    urls = [s["HlsUrl"] for s in data["List"]]
    assert len(set(urls)) == 2 and all(u.startswith("https://playback.ivc-sim.test/") for u in urls)
    plain = _ask(simulator, device, channel, START, START + HOUR)["Data"]
    assert all("HlsUrl" not in s for s in plain["List"])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"EndTime": START + 86_401}, codes.TOO_LONG),
        ({"StartTime": START + 15 * HOUR, "EndTime": START + 17 * HOUR}, codes.NOT_SAME_DAY),
        ({"EndTime": START}, codes.START_NOT_BEFORE_END),
        ({"DeviceId": "f" * 32}, codes.DEVICE_NOT_EXIST),
        ({"ChannelId": "nope"}, codes.CHANNEL_NOT_EXIST),
        ({"StartTime": "0"}, codes.INVALID_PARAMETER),
        ({"Verbose": True}, codes.UNKNOWN_PARAMETER),
    ],
)
def test_the_documented_refusals(simulator: RunningSim, change: dict[str, Any], code: str) -> None:
    device, channel = _camera(simulator.sim)
    body = {"DeviceId": device, "ChannelId": channel, "StartTime": START, "EndTime": START + HOUR}
    response = simulator.call(RECORDS, {**body, **change}).json()["Response"]
    assert response["Error"]["Code"] == code


def test_another_devices_channel_is_refused(simulator: RunningSim) -> None:
    (device, _), (_, channel) = _camera(simulator.sim, 0), _camera(simulator.sim, 1)
    response = _ask(simulator, device, channel, START, START + HOUR)
    assert response["Error"]["Code"] == codes.DEVICE_MISMATCH_CHANNEL


def test_the_ivc_api_has_no_such_endpoint_and_the_faults_apply(simulator: RunningSim) -> None:
    assert simulator.get("/ivc/record/file/query").status_code == 404
    device, channel = _camera(simulator.sim)
    simulator.sim.set_fault(Fault.WRONG_TYPES)
    assert isinstance(_ask(simulator, device, channel, START, START + HOUR)["Data"]["Tips"], str)
    simulator.sim.set_fault(Fault.DATA_NULL)
    assert _ask(simulator, device, channel, START, START + HOUR)["Data"] is None
    assert simulator.sim.calls["recordings"] == 2


def test_footage_not_archived_plays_without_a_retrieval(simulator: RunningSim) -> None:
    simulator.sim.set_tasks([])
    _, channel = _camera(simulator.sim)
    body = {"ChannelId": channel, "StartTime": START, "EndTime": START + HOUR}
    simulator.sim.set_recording(channel, UNARCHIVED)
    played = simulator.call("DescribeRecordPlaybackUrl", body).json()["Response"]
    assert played["Data"]["Hls"].startswith("https://playback.ivc-sim.test/")
    simulator.sim.set_recording(channel, ARCHIVED)
    refused = simulator.call("DescribeRecordPlaybackUrl", body).json()["Response"]
    assert refused["Error"]["Code"] == codes.VIDEO_ARCHIVED, "archived: retrieve it first"


def test_an_unknown_case_is_refused() -> None:
    sim = Simulator(secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY)
    with pytest.raises(ValueError, match="unknown recording case"):
        sim.set_recording("x", "cold")
