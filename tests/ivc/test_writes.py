"""Both clients create and delete tasks on the simulator over loopback HTTP; every documented
refusal arrives as an ``IvcRefusedError`` with its reason and one line.

Every test taking ``client`` runs once per API (``ivc_api``).
"""

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.ivc import IvcError, IvcNotFoundError, IvcRateLimitError, TaskStatus
from bot.ivc.errors import IvcRefusedError
from bot.ivc.new_task import ChannelRef
from bot.ivc.refusals import Refusal
from bot.simulator import Fault
from tests.support.cloudapi import recorded_verifies_with_tencentcloud_sdk
from tests.support.simulator import (
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    backend_for,
    new_task_for,
    recorded_verifies_with_cos_sdk,
)

BEIJING_MIDNIGHT = datetime(2025, 9, 1, 16, 0, tzinfo=UTC)  # 2025-09-02 00:00 in Beijing


@pytest.fixture
async def client(make_backend, simulator):
    async with make_backend(simulator) as c:
        yield c


async def test_create_sends_the_documented_body_and_returns_the_new_task(
    client, simulator, ivc_api
):
    new = new_task_for(simulator.sim, "front-gate_0901", channels=3, describe="客诉复核")
    created = await client.create_task(new)

    body = json.loads(simulator.sim.requests[-1].body)
    expected = {
        "TaskName": "front-gate_0901",
        "StartTime": int(new.start.timestamp()),
        "EndTime": int(new.end.timestamp()),
        "Mode": 1,
        "Expiration": 7,
        "Channels": [{"DeviceId": c.device_id, "ChannelId": c.channel_id} for c in new.channels],
    }
    if ivc_api == "cloudapi":
        expected["Describe"] = "客诉复核"
    assert body == expected
    assert created.task.name == "front-gate_0901" and created.request_id
    assert created.task.status is TaskStatus.PENDING and not created.recovered
    assert (created.task.start, created.task.end) == (new.start, new.end)
    listed = {t.task_id: t for t in (await client.list_tasks()).tasks}
    assert listed[created.task.task_id].name == "front-gate_0901"
    details = await client.task_details(created.task.task_id)
    assert {ChannelRef(c.device_id, c.channel_id) for c in details.channels} == set(new.channels)


async def test_writes_are_signed_as_the_reference_sdks_sign_them(client, simulator, ivc_api):
    await client.create_task(new_task_for(simulator.sim, "signed-create"))
    recorded = simulator.sim.requests[-1]
    assert recorded.method == "POST"
    if ivc_api == "cloudapi":
        assert recorded_verifies_with_tencentcloud_sdk(recorded, SIM_SECRET_ID, SIM_SECRET_KEY)
    else:
        assert recorded_verifies_with_cos_sdk(recorded)


async def test_a_created_task_moves_pending_retrieving_retrieved(client, simulator):
    created = await client.create_task(new_task_for(simulator.sim, "progress-check"))
    seen = []
    for _ in range(3):
        tasks = {t.task_id: t for t in (await client.list_tasks()).tasks}
        seen.append(tasks[created.task.task_id].status)
        simulator.clock.advance(simulator.sim.pace_seconds)
    assert seen == [TaskStatus.PENDING, TaskStatus.RETRIEVING, TaskStatus.RETRIEVED]


async def test_delete_removes_the_task(client, simulator):
    created = await client.create_task(new_task_for(simulator.sim, "to-delete"))
    deleted = await client.delete_task(created.task.task_id)
    assert deleted.task_id == created.task.task_id and deleted.request_id
    assert created.task.task_id not in {t.task_id for t in (await client.list_tasks()).tasks}


async def test_a_retrieving_task_cannot_be_deleted(client, simulator):
    created = await client.create_task(new_task_for(simulator.sim, "busy-task"))
    simulator.clock.advance(simulator.sim.pace_seconds)  # now retrieving
    with pytest.raises(IvcRefusedError) as caught:
        await client.delete_task(created.task.task_id)
    assert caught.value.reason is Refusal.TASK_RETRIEVING
    assert "wait until it is done" in str(caught.value)
    assert created.task.task_id in {t.task_id for t in (await client.list_tasks()).tasks}


async def test_deleting_an_unknown_task_is_not_found(client):
    with pytest.raises(IvcNotFoundError):
        await client.delete_task("0" * 32)


def _refusal_cases():
    day = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    return [
        ("name with a space", {"name": "front gate"}, Refusal.NAME_INVALID),
        ("name with an emoji", {"name": "gate🚪"}, Refusal.NAME_INVALID),
        ("name of 33 characters", {"name": "a" * 33}, Refusal.NAME_INVALID),
        ("end before start", {"end": day - timedelta(minutes=1)}, Refusal.WINDOW_INVALID),
        ("longer than a day", {"end": day + timedelta(days=1, seconds=1)}, Refusal.WINDOW_TOO_LONG),
        (
            "crossing Beijing midnight",
            {
                "start": BEIJING_MIDNIGHT - timedelta(hours=1),
                "end": BEIJING_MIDNIGHT + timedelta(hours=1),
            },
            Refusal.WINDOW_CROSSES_MIDNIGHT,
        ),
        ("0 days kept", {"expiration_days": 0}, Refusal.EXPIRATION_OUT_OF_RANGE),
        ("366 days kept", {"expiration_days": 366}, Refusal.EXPIRATION_OUT_OF_RANGE),
        ("no channel", {"channels": ()}, Refusal.CHANNEL_COUNT),
        ("mode 2", {"mode": 2}, Refusal.MODE_INVALID),
        (
            "unknown device",
            {"channels": (ChannelRef("f" * 32, "1"),)},
            Refusal.UNKNOWN_DEVICE,
        ),
    ]


@pytest.mark.parametrize(
    ("case", "change", "reason"), _refusal_cases(), ids=[c[0] for c in _refusal_cases()]
)
async def test_each_documented_refusal_is_typed_and_one_line(
    client, simulator, case, change, reason
):
    new = dataclasses.replace(new_task_for(simulator.sim, "refused-task"), **change)
    before = len(simulator.sim.records())
    with pytest.raises(IvcRefusedError) as caught:
        await client.create_task(new)
    error = caught.value
    assert error.reason is reason, case
    assert "\n" not in str(error) and error.request_id in str(error)
    assert len(simulator.sim.records()) == before


async def test_more_than_32_channels_is_refused(client, simulator):
    simulator.sim.catalog = type(simulator.sim.catalog).generate(200)
    new = new_task_for(simulator.sim, "many-cameras", channels=33)
    assert len(new.channels) == 33
    with pytest.raises(IvcRefusedError) as caught:
        await client.create_task(new)
    assert caught.value.reason is Refusal.CHANNEL_COUNT


async def test_unknown_channel_of_a_known_device_is_refused(client, simulator):
    good = new_task_for(simulator.sim, "bad-channel", channels=1)
    device_id = good.channels[0].device_id
    new = dataclasses.replace(good, channels=(ChannelRef(device_id, "no-such-channel"),))
    with pytest.raises(IvcRefusedError) as caught:
        await client.create_task(new)
    assert caught.value.reason is Refusal.UNKNOWN_CHANNEL


async def test_a_taken_name_is_refused(client, simulator):
    await client.create_task(new_task_for(simulator.sim, "taken-name"))
    other = new_task_for(simulator.sim, "taken-name", hours=2)
    with pytest.raises(IvcRefusedError) as caught:
        await client.create_task(other)
    assert caught.value.reason is Refusal.NAME_TAKEN
    assert "choose another one" in str(caught.value)


async def test_api3_allows_five_writes_per_second(simulator):
    async with backend_for("cloudapi", simulator) as client:
        for i in range(5):
            await client.create_task(new_task_for(simulator.sim, f"burst-{i}"))
        with pytest.raises(IvcRateLimitError) as caught:
            await client.create_task(new_task_for(simulator.sim, "burst-5"))
        assert "5 task changes per second" in str(caught.value)
        assert "burst-5" not in {t.name for t in (await client.list_tasks()).tasks}
        simulator.clock.advance(1.0)
        created = await client.create_task(new_task_for(simulator.sim, "burst-5"))
    assert created.task.name == "burst-5"


async def test_reads_are_not_held_to_the_write_limit(simulator):
    """Reads take none of the five writes a second, and are still served once writes are
    refused (the fake clock stays in one second)."""
    served = {record["TaskId"] for record in simulator.sim.cloudapi_records()}
    async with backend_for("cloudapi", simulator) as client:
        for _ in range(8):
            assert {t.task_id for t in (await client.list_tasks()).tasks} == served
        for i in range(5):
            await client.create_task(new_task_for(simulator.sim, f"after-reads-{i}"))
        with pytest.raises(IvcRateLimitError):
            await client.create_task(new_task_for(simulator.sim, "one-too-many"))
        listed = {t.name for t in (await client.list_tasks()).tasks}
    assert {f"after-reads-{i}" for i in range(5)} <= listed and "one-too-many" not in listed
    assert (simulator.sim.calls["list"], simulator.sim.calls["create"]) == (9, 6)


async def test_a_rate_limited_write_says_so_on_both_apis(client, simulator):
    simulator.sim.set_write_fault(Fault.RATE_LIMITED)
    with pytest.raises(IvcRateLimitError) as caught:
        await client.delete_task("0" * 32)
    assert "5 task changes per second" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("fault", [Fault.HTTP_500, Fault.DROP_CONNECTION, Fault.CODE_500])
async def test_a_failed_write_is_not_retried(client, simulator, fault):
    simulator.sim.set_write_fault(fault)
    simulator.sim.reset_counters()
    with pytest.raises(IvcError):
        await client.create_task(new_task_for(simulator.sim, "tried-once"))
    assert simulator.sim.calls["create"] == 1
