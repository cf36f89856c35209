"""The app's API 3.0 client against Tencent's official SDK and tccli (the oracle): every body
it sends fits the SDK's request model, and Tencent's own example answers parse with the app's
parsers, field for field."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.ivc import CloudApiClient, IvcError
from bot.ivc.camera_records import device_channels, device_page, organization_channel_page
from bot.ivc.cameras import DeviceQuery, DeviceStatus
from bot.ivc.cloud_api import client as client_module
from bot.ivc.cloud_api.response import read_cloudapi_response
from bot.ivc.downloads import MAX_CLIP_SECONDS, DownloadWindow, download_link
from bot.ivc.models import Task
from bot.ivc.organization_channels import OrganizationChannelQuery
from bot.ivc.playback import PlaybackWindow, playback_address
from bot.ivc.recordings import RecordWindow, record_files
from bot.ivc.results import task_details, task_list
from bot.ivc.write_results import created_task, deleted_task
from bot.simulator import Simulator
from bot.simulator.cameras import NVR_TYPE, ROOT_ORGANIZATION
from bot.simulator.tasks import NO_ARCHIVE, RETRIEVED
from tests.support.simulator import RunningSim, backend_for, new_task_for
from tests.support.tencent_sdk import (
    ACTIONS,
    Example,
    api_description,
    examples,
    request_problems,
)

Call = Callable[[CloudApiClient, Simulator], Awaitable[Any]]


def test_the_oracle_covers_every_action_the_client_calls():
    called = {
        value
        for name, value in vars(client_module).items()
        if name.endswith("_ACTION") and isinstance(value, str)
    }
    assert called == set(ACTIONS)
    description = api_description()
    assert description["metadata"]["apiVersion"] == client_module.VERSION
    assert set(ACTIONS) <= set(description["actions"])


# The request bodies the client builds --------------------------------------------------------
def _playable(sim: Simulator) -> PlaybackWindow:
    """A channel and window the simulator plays: a retrieved task's channel with archive."""
    now = sim.clock()
    for task_id in sim.task_ids():
        details = sim.details(task_id)
        if details is None or details["Status"] != RETRIEVED:
            continue
        for channel in details["Channels"]:
            if channel["Status"] != NO_ARCHIVE:
                return PlaybackWindow(
                    channel["ChannelId"], details["StartTime"], details["EndTime"]
                )
    raise AssertionError(f"no playable channel at {now}")


def _downloadable(sim: Simulator, file_type: Any = "mp4") -> DownloadWindow:
    """The first 60 minutes (at most) of a channel and window the simulator plays."""
    played = _playable(sim)
    end = min(played.end, played.start + MAX_CLIP_SECONDS)
    return DownloadWindow(played.channel_id, played.start, end, file_type)


def _camera_window(sim: Simulator) -> RecordWindow:
    """A catalog camera over 10:00–11:00 Beijing on the first task's day."""
    task = new_task_for(sim, "recordings", channels=1)
    ref = task.channels[0]
    return RecordWindow(
        ref.device_id, ref.channel_id, int(task.start.timestamp()), int(task.end.timestamp())
    )


async def _create(client: CloudApiClient, sim: Simulator, **kw: Any) -> Any:
    return await client.create_task(new_task_for(sim, "sdk-contract", **kw))


async def _delete(client: CloudApiClient, sim: Simulator) -> Any:
    created = await _create(client, sim)
    return await client.delete_task(created.task.task_id)


def _nvr(sim: Simulator) -> str:
    return next(d.device_id for d in sim.catalog.devices if d.device_type == NVR_TYPE)


CALLS: dict[str, tuple[str, Call]] = {
    "list": ("ListRecordRetrieveTasks", lambda c, s: c.list_tasks()),
    "details": ("DescribeRecordRetrieveTask", lambda c, s: c.task_details(s.task_ids()[0])),
    "create": ("AddRecordRetrieveTask", lambda c, s: _create(c, s, channels=3)),
    "create with describe": (
        "AddRecordRetrieveTask",
        lambda c, s: _create(c, s, describe="客诉复核"),
    ),
    "delete": ("DeleteRecordRetrieveTask", _delete),
    "devices": (
        "ListDevices",
        lambda c, s: c.list_devices(DeviceQuery(ROOT_ORGANIZATION)),
    ),
    "devices by keyword and status": (
        "ListDevices",
        lambda c, s: c.list_devices(
            DeviceQuery(
                ROOT_ORGANIZATION,
                include_sub_organizations=False,
                keyword="NVR",
                status=DeviceStatus.ONLINE,
                page=2,
                page_size=3,
            )
        ),
    ),
    "channels": ("DescribeDeviceChannel", lambda c, s: c.device_channels(_nvr(s))),
    "organization channels": (
        "ListOrganizationChannels",
        lambda c, s: c.organization_channels(OrganizationChannelQuery("1004", page=2, page_size=5)),
    ),
    "organization channels by device name": (
        "ListOrganizationChannels",
        lambda c, s: c.organization_channels(
            OrganizationChannelQuery(ROOT_ORGANIZATION, device_name="gate")
        ),
    ),
    "organization channels by channel name": (
        "ListOrganizationChannels",
        lambda c, s: c.organization_channels(
            OrganizationChannelQuery(ROOT_ORGANIZATION, channel_name="前门")
        ),
    ),
    "playback": ("DescribeRecordPlaybackUrl", lambda c, s: c.playback_url(_playable(s))),
    "recordings": ("DescribeRecordFile", lambda c, s: c.record_files(_camera_window(s))),
    "download": (
        "DescribeVideoDownloadUrl",
        lambda c, s: c.download_url(_downloadable(s), expires=600),
    ),
    "download as ts, a day's link": (
        "DescribeVideoDownloadUrl",
        lambda c, s: c.download_url(_downloadable(s, "ts"), expires=86_400),
    ),
}


def test_every_action_has_a_call():
    assert {action for action, _ in CALLS.values()} == set(ACTIONS)


@pytest.mark.parametrize("case", list(CALLS))
async def test_each_request_body_fits_the_sdk_request_model(simulator: RunningSim, case):
    action, call = CALLS[case]
    async with backend_for("cloudapi", simulator) as client:
        assert isinstance(client, CloudApiClient)
        await call(client, simulator.sim)
    sent = [r for r in simulator.sim.requests if r.headers.get("X-TC-Action") == action]
    assert sent, f"the client sent no {action}"
    for request in sent:
        assert request.headers["X-TC-Version"] == client_module.VERSION
        body = json.loads(request.body)
        assert request_problems(action, body) == [], body


def test_the_checker_refuses_what_the_sdk_lacks():
    """A key, a nested key, a type or a required parameter the SDK would not accept fails."""
    good = {
        "TaskName": "gate",
        "StartTime": 1,
        "EndTime": 700,
        "Mode": 1,
        "Expiration": 7,
        "Channels": [{"DeviceId": "d", "ChannelId": "c"}],
    }
    assert request_problems("AddRecordRetrieveTask", good) == []
    for bad in (
        {**good, "Note": "x"},
        {**good, "Channels": [{"DeviceId": "d", "ChannelId": "c", "Name": "gate"}]},
        {**good, "StartTime": "1"},
        {**good, "Mode": None},
        {k: v for k, v in good.items() if k != "Expiration"},
    ):
        assert request_problems("AddRecordRetrieveTask", bad), bad
    assert request_problems("ListDevices", {"OrganizationId": 1000})
    assert request_problems("ListDevices", {"OrganizationId": "1", "PageNumber": True})


# Tencent's examples parse with the app's parsers ----------------------------------------------
def _successes(action: str) -> list[Example]:
    found = [e for e in examples(action) if not e.is_error]
    assert found, f"tccli has no successful example of {action}"
    return found


def _read(action: str, example: Example) -> Any:
    body = json.dumps({"Response": example.response}, ensure_ascii=False).encode()
    return read_cloudapi_response(200, "application/json", body, action)


def _same_task(task: Task, raw: dict[str, Any]) -> None:
    assert task.task_id == raw["TaskId"] and task.name == raw["TaskName"]
    assert task.start == datetime.fromtimestamp(raw["StartTime"], UTC)
    assert task.end == datetime.fromtimestamp(raw["EndTime"], UTC)
    assert (task.mode, task.expiration_days, task.status) == (
        raw["Mode"],
        raw["Expiration"],
        raw["Status"],
    )
    assert task.capacity_mb == raw["Capacity"]
    assert task.describe == raw.get("Describe")
    assert task.channel_count == raw.get("ChannelCount")


def test_the_task_list_examples():
    for example in _successes("ListRecordRetrieveTasks"):
        envelope = _read("ListRecordRetrieveTasks", example)
        tasks = task_list(envelope.data, envelope.request_id)
        assert tasks.skipped == 0 and tasks.request_id == example.response["RequestId"]
        raw = example.response["Data"] or []
        assert len(tasks.tasks) == len(raw)
        for task, record in zip(tasks.tasks, raw, strict=True):
            _same_task(task, record)


def test_the_task_details_example():
    for example in _successes("DescribeRecordRetrieveTask"):
        envelope = _read("DescribeRecordRetrieveTask", example)
        raw = example.response["Data"]
        details = task_details(envelope.data, envelope.request_id, example.request["TaskId"])
        _same_task(details.task, raw)
        assert len(details.channels) == len(raw["Channels"])
        for channel, record in zip(details.channels, raw["Channels"], strict=True):
            assert (
                channel.device_id,
                channel.device_name,
                channel.channel_id,
                channel.channel_name,
                channel.status,
            ) == (
                record["DeviceId"],
                record["DeviceName"],
                record["ChannelId"],
                record["ChannelName"],
                record["Status"],
            )


def test_the_create_example():
    for example in _successes("AddRecordRetrieveTask"):
        envelope = _read("AddRecordRetrieveTask", example)
        created = created_task(envelope.data, envelope.request_id)
        _same_task(created.task, example.response["Data"])
        assert created.request_id == example.response["RequestId"]


def test_the_delete_example():
    for example in _successes("DeleteRecordRetrieveTask"):
        envelope = _read("DeleteRecordRetrieveTask", example)
        assert envelope.data is None
        deleted = deleted_task(example.request["TaskId"], envelope.request_id)
        assert deleted.request_id == example.response["RequestId"]


def test_the_device_list_example_keeps_every_field_but_the_password():
    for example in _successes("ListDevices"):
        envelope = _read("ListDevices", example)
        query = DeviceQuery(example.request["OrganizationId"])
        page = device_page(envelope.data, envelope.total_count, query, envelope.request_id)
        raw = example.response["Data"]
        assert page.skipped == 0 and page.total == example.response["TotalCount"]
        assert len(page.devices) == len(raw)
        for device, record in zip(page.devices, raw, strict=True):
            assert (
                device.device_id,
                device.name,
                device.code,
                device.organization_id,
                device.status,
                device.device_type,
                device.access_protocol,
                device.description,
                device.channel_count,
            ) == (
                record["DeviceId"],
                record["Name"],
                record["Code"],
                record["OrganizationId"],
                record["Status"],
                record["Type"],
                record["AccessProtocol"],
                record["Description"],
                record["ChannelNum"],
            )
            assert record["Password"] not in repr(device)


def test_the_channel_example():
    for example in _successes("DescribeDeviceChannel"):
        envelope = _read("DescribeDeviceChannel", example)
        device_id = example.request["DeviceId"]
        channels = device_channels(envelope.data, device_id, envelope.request_id, "cloudapi")
        raw = example.response["Data"]
        assert len(channels) == len(raw)
        for channel, record in zip(channels, raw, strict=True):
            assert (
                channel.channel_id,
                channel.device_id,
                channel.name,
                channel.code,
                channel.online,
                channel.streaming,
                channel.ptz_type,
                channel.manufacturer,
                channel.resolution,
            ) == (
                record["ChannelId"],
                record["DeviceId"],
                record["Name"],
                record["ChannelCode"],
                record["State"] == 1,
                record["Status"] == 1,
                record["PTZType"],
                record["Manufacturer"],
                record["Resolution"],
            )


def test_the_organization_channel_examples():
    """Every example (unfiltered, by device name, by channel name) reads with nothing skipped;
    the page's total is ``TotalCount``, and paging follows the page size asked for (the
    answer's ``PageSize`` counts the channels on the page)."""
    for example in _successes("ListOrganizationChannels"):
        envelope = _read("ListOrganizationChannels", example)
        asked = example.request
        query = OrganizationChannelQuery(
            asked["OrganizationId"],
            page=asked["PageNumber"],
            page_size=asked["PageSize"],
            device_name=asked.get("DeviceName"),
            channel_name=asked.get("ChannelName"),
        )
        page = organization_channel_page(envelope.data, query, envelope.request_id)
        raw = example.response["Data"]
        assert page.skipped == 0 and page.request_id == example.response["RequestId"]
        assert page.total == raw["TotalCount"]
        assert page.has_more == (asked["PageNumber"] * asked["PageSize"] < raw["TotalCount"])
        assert len(page.channels) == len(raw["List"]) == raw["PageSize"]
        for channel, record in zip(page.channels, raw["List"], strict=True):
            assert (
                channel.device_id,
                channel.device_name,
                channel.channel_id,
                channel.channel_name,
                channel.in_plan,
            ) == (
                record["DeviceId"],
                record["DeviceName"],
                record["ChannelId"],
                record["ChannelName"],
                record["InPlan"],
            )


def test_the_playback_example():
    for example in _successes("DescribeRecordPlaybackUrl"):
        envelope = _read("DescribeRecordPlaybackUrl", example)
        address = playback_address(envelope.data, envelope.request_id)
        assert address.url == example.response["Data"]["Hls"]


def test_the_download_examples():
    for example in _successes("DescribeVideoDownloadUrl"):
        envelope = _read("DescribeVideoDownloadUrl", example)
        link = download_link(envelope.data, envelope.request_id)
        raw = example.response["Data"]
        assert link.url == raw["Url"] and link.request_id == example.response["RequestId"]
        assert (link.actual_start, link.actual_end) == (
            int(raw["ActualBeginTime"]),
            int(raw["ActualEndTime"]),
        )
        assert "source=" not in repr(link) and link.host in repr(link)


def test_the_record_file_examples():
    """Tencent's two answers (no recording: ``List`` null; recorded spans, not archived)."""
    seen = set()
    for example in _successes("DescribeRecordFile"):
        envelope = _read("DescribeRecordFile", example)
        files = record_files(envelope.data, envelope.request_id)
        raw = example.response["Data"]
        assert files.skipped == 0 and files.request_id == example.response["RequestId"]
        assert files.archived is (raw["Tips"] == 1)
        assert [(s.begin, s.end) for s in files.spans] == [
            (span["Begin"], span["End"]) for span in raw["List"] or []
        ]
        seen.add(bool(files.spans))
    assert seen == {False, True}, "an answer without spans and one with"


@pytest.mark.parametrize("action", ACTIONS)
def test_the_error_examples_are_api_errors(action):
    for example in examples(action):
        if example.is_error:
            with pytest.raises(IvcError) as caught:
                _read(action, example)
            assert example.response["RequestId"] in str(caught.value)
