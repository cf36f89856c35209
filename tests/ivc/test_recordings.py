"""Is there anything to retrieve? ``DescribeRecordFile`` read by the app: the parser, each
camera's case (archived, not archived, none; spans clipped, merged, covering the window or
not), and the check of a new task's cameras through the API 3.0 client against the simulator
over loopback: concurrent, paced to the account's call rate, voided by one failed camera; the
IVC API refuses without a request."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.ivc.call_rate import CallRate, PacedBackend
from bot.ivc.errors import IvcHttpError, IvcMalformedError, IvcRefusedError
from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.recording_check import (
    RecordingCase,
    check_recordings,
    classify,
    merged_spans,
)
from bot.ivc.recordings import (
    RecordFiles,
    RecordFilesNeedCloudApiError,
    RecordSpan,
    RecordWindow,
    record_files,
)
from bot.ivc.refusals import Refusal
from bot.simulator.recordings import ARCHIVED, MISSING, PARTIAL, UNARCHIVED
from tests.ivc.test_call_rate import Sleeper, most_in_any_second
from tests.support.clock import FakeClock
from tests.support.simulator import RunningSim, backend_for

START = int(datetime(2025, 9, 1, 2, 0, tzinfo=UTC).timestamp())  # 10:00 Beijing
END = START + 3600
REF = ChannelRef("d", "c")


def test_the_parser_reads_tips_and_spans_and_never_keeps_an_address() -> None:
    data = {
        "Tips": 1,
        "List": [
            {"Begin": START, "End": START + 60, "HlsUrl": "https://x/hls.m3u8?token=SECRET"},
            {"Begin": "soon", "End": START},
            {"Begin": START + 60, "End": START},
            None,
        ],
    }
    files = record_files(data, "rid")
    assert files == RecordFiles(True, (RecordSpan(START, START + 60),), "rid", skipped=3)
    assert "SECRET" not in repr(files)
    assert record_files({"Tips": 0, "List": None}, "") == RecordFiles(False, ())
    bad_data: list[Any] = [None, [], {"Tips": 2}, {"Tips": True}, {"Tips": "1"}]
    for bad in [*bad_data, {"Tips": 0, "List": {}}]:
        with pytest.raises(IvcMalformedError):
            record_files(bad, "rid")


def test_spans_are_clipped_to_the_window_and_merged() -> None:
    spans = (
        RecordSpan(START - 600, START + 600),
        RecordSpan(START + 630, START + 1200),  # a 30 s gap: joined
        RecordSpan(START + 2000, START + 2400),
        RecordSpan(END + 10, END + 20),  # outside
    )
    assert merged_spans(spans, START, END) == (
        RecordSpan(START, START + 1200),
        RecordSpan(START + 2000, START + 2400),
    )


@pytest.mark.parametrize(
    ("tips", "spans", "case", "whole"),
    [
        (1, [(START - 60, END + 60)], RecordingCase.ARCHIVED, True),
        (1, [(START + 30, END - 30)], RecordingCase.ARCHIVED, True),  # within a minute
        (1, [(START, START + 600)], RecordingCase.ARCHIVED, False),
        (1, [], RecordingCase.ARCHIVED, True),  # IVC says archived without spans
        (0, [(START, END)], RecordingCase.NOT_ARCHIVED, True),
        (0, [(END + 60, END + 600)], RecordingCase.NONE, False),  # only outside the window
        (0, [], RecordingCase.NONE, False),
    ],
)
def test_each_camera_gets_its_case(tips, spans, case, whole) -> None:
    files = RecordFiles(tips == 1, tuple(RecordSpan(b, e) for b, e in spans))
    camera = classify(REF, files, START, END)
    assert (camera.case, camera.whole_window) == (case, whole)


def _task(running: RunningSim, cases: list[str]) -> NewTask:
    """A task on catalog cameras, each served as its case."""
    refs = []
    for device in running.sim.catalog.devices:
        for number in device.channel_numbers():
            refs.append(ChannelRef(device.device_id, device.channel_id(number)))
    chosen = refs[: len(cases)]
    for ref, case in zip(chosen, cases, strict=True):
        running.sim.set_recording(ref.channel_id, case)
    begin = datetime.fromtimestamp(START, UTC)
    return NewTask("check", begin, begin + timedelta(hours=1), 7, tuple(chosen))


async def test_the_check_asks_once_per_camera_and_gives_each_case(simulator: RunningSim) -> None:
    task = _task(simulator, [ARCHIVED, UNARCHIVED, MISSING, PARTIAL])
    async with backend_for("cloudapi", simulator) as client:
        assert client.serves_record_files
        check = await check_recordings(client, task)
    assert check.failure is None
    assert [c.case for c in check.cameras] == [
        RecordingCase.ARCHIVED,
        RecordingCase.NOT_ARCHIVED,
        RecordingCase.NONE,
        RecordingCase.ARCHIVED,
    ]
    assert [c.whole_window for c in check.cameras] == [True, True, False, False]
    assert check.archived == (task.channels[0], task.channels[3]) and not check.all_archived
    sent = [json.loads(r.body) for r in simulator.sim.requests if r.endpoint == "recordings"]
    assert sorted((b["ChannelId"], b["StartTime"], b["EndTime"]) for b in sent) == sorted(
        (ref.channel_id, START, END) for ref in task.channels
    )


async def test_32_cameras_are_checked_at_once_within_the_call_rate(simulator: RunningSim) -> None:
    task = _task(simulator, [ARCHIVED] * 32)
    clock = FakeClock(0)
    rate = CallRate(20, clock=clock, sleep=Sleeper(clock))
    times: list[float] = []
    async with backend_for("cloudapi", simulator) as client:
        real = client.record_files

        async def timed(window: RecordWindow) -> RecordFiles:
            times.append(clock())
            return await real(window)

        client.record_files = timed  # type: ignore[method-assign]
        check = await check_recordings(PacedBackend(client, rate), task)
    assert check.all_archived and len(check.cameras) == 32
    assert len(times) == 32 and most_in_any_second(times) <= 20 and rate.waited >= 1


async def test_one_failed_camera_voids_the_check(simulator: RunningSim) -> None:
    task = _task(simulator, [ARCHIVED, ARCHIVED])
    simulator.sim.set_cloudapi_error("ResourceNotFound.VideoNotFound")
    async with backend_for("cloudapi", simulator) as client:
        refused = await check_recordings(client, task)
        assert refused.failure is not None and refused.cameras == ()
        assert isinstance(refused.failure.error, IvcRefusedError)
        assert refused.failure.error.reason is Refusal.NO_RECORDING
        assert refused.failure.ref == task.channels[0], "the first camera in the form's order"
        simulator.sim.set_cloudapi_error(None)
        simulator.sim.set_fault("http-500")
        failed = await check_recordings(client, task)
    assert failed.failure is not None and isinstance(failed.failure.error, IvcHttpError)


async def test_an_unknown_channel_is_a_refusal_of_the_check(simulator: RunningSim) -> None:
    device = simulator.sim.catalog.devices[0]
    begin = datetime.fromtimestamp(START, UTC)
    task = NewTask("x", begin, begin + timedelta(hours=1), 7, (ChannelRef(device.device_id, "no"),))
    async with backend_for("cloudapi", simulator) as client:
        check = await check_recordings(client, task)
    assert check.failure is not None and isinstance(check.failure.error, IvcRefusedError)
    assert check.failure.error.reason is Refusal.UNKNOWN_CHANNEL


async def test_the_ivc_api_cannot_check_and_sends_nothing(simulator: RunningSim) -> None:
    async with backend_for("ivc", simulator) as client:
        assert not client.serves_record_files
        with pytest.raises(RecordFilesNeedCloudApiError):
            await client.record_files(RecordWindow("d", "c", START, END))
    assert simulator.sim.requests_served == 0
