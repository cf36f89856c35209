"""The IVC client against the simulator over loopback HTTP: data, every fault, signing."""

import asyncio
import logging

import pytest

from bot.ivc import (
    Credentials,
    IvcApiError,
    IvcAuthError,
    IvcClient,
    IvcHttpError,
    IvcMalformedError,
    IvcNotFoundError,
    IvcTimeoutError,
    IvcTransportError,
    TaskStatus,
)
from bot.ivc.source import TaskSource
from bot.simulator import Fault
from tests.support.simulator import (
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    recorded_verifies_with_cos_sdk,
)


def client_for(simulator, *, key=SIM_SECRET_KEY, token=None, timeout=5.0, clock=None):
    return IvcClient(
        simulator.base_url,
        Credentials(SIM_SECRET_ID, key, token),
        timeout=timeout,
        clock=clock or simulator.clock,
    )


@pytest.fixture
async def client(simulator):
    async with client_for(simulator) as c:
        yield c


async def test_list_returns_typed_tasks(client, simulator):
    result = await client.list_tasks()
    assert len(result.tasks) == len(simulator.sim.records())
    assert result.skipped == 0
    assert result.request_id
    statuses = {t.status for t in result.tasks}
    assert statuses == {TaskStatus.PENDING, TaskStatus.RETRIEVING, TaskStatus.RETRIEVED}
    first = result.tasks[0]
    raw = simulator.sim.records()[0]
    assert first.task_id == raw["TaskId"]
    assert first.name == raw["TaskName"]
    assert first.start.tzinfo is not None and first.start.utcoffset().total_seconds() == 0
    assert int(first.start.timestamp()) == raw["StartTime"]
    assert first.capacity_mb == float(raw["Capacity"])
    assert isinstance(first.capacity_mb, float)


async def test_unknown_status_is_kept_not_fatal(client, simulator):
    record = dict(simulator.sim.records()[0], TaskId="f" * 32, Status=7)
    simulator.sim.set_tasks([record])
    [task] = (await client.list_tasks()).tasks
    assert task.status == 7 and task.known_status is None


async def test_details_include_channels(client, simulator):
    task_id = simulator.sim.records()[0]["TaskId"]
    details = await client.task_details(task_id)
    assert details.task.task_id == task_id
    assert details.channels
    assert all(c.channel_id for c in details.channels)


async def test_details_of_unknown_task_is_not_found(client):
    with pytest.raises(IvcNotFoundError) as caught:
        await client.task_details("0" * 32)
    assert "RequestId" in str(caught.value)
    assert "check the TaskId" in str(caught.value)


async def test_http_500(client, simulator):
    simulator.sim.set_fault(Fault.HTTP_500)
    with pytest.raises(IvcHttpError) as caught:
        await client.list_tasks()
    assert caught.value.status_code == 500 and not caught.value.html
    assert "HTTP 500" in str(caught.value)


async def test_http_502_html_says_gateway(client, simulator):
    simulator.sim.set_fault(Fault.HTTP_502_HTML)
    with pytest.raises(IvcHttpError) as caught:
        await client.list_tasks()
    assert caught.value.html
    assert "gateway" in str(caught.value) and "HTML" in str(caught.value)
    assert "<html" not in str(caught.value).lower()


async def test_code_500_envelope_names_message_status_and_request_id(client, simulator):
    simulator.sim.set_fault(Fault.CODE_500)
    with pytest.raises(IvcApiError) as caught:
        await client.list_tasks()
    error = caught.value
    assert error.code == 500 and error.status_code == 500
    assert error.request_id and error.request_id in str(error)
    assert error.api_message in str(error) and "StatusCode 500" in str(error)


async def test_signature_rejected_is_auth_error_with_hint(client, simulator):
    simulator.sim.set_fault(Fault.SIGNATURE_REJECTED)
    with pytest.raises(IvcAuthError) as caught:
        await client.list_tasks()
    assert "IVC_SECRET_ID and IVC_SECRET_KEY" in str(caught.value)


async def test_wrong_key_is_rejected_by_simulator(simulator):
    async with client_for(simulator, key="not-the-key") as c:
        with pytest.raises(IvcAuthError) as caught:
            await c.list_tasks()
    assert caught.value.status_code == 403
    assert "\n" not in str(caught.value)


async def test_skewed_clock_gets_expired_signature(simulator):
    async with client_for(simulator, clock=lambda: simulator.clock() - 3600) as c:
        with pytest.raises(IvcAuthError):
            await c.list_tasks()


async def test_invalid_json(client, simulator):
    simulator.sim.set_fault(Fault.INVALID_JSON)
    with pytest.raises(IvcMalformedError, match="not valid JSON"):
        await client.list_tasks()


async def test_data_null_is_empty_list(client, simulator):
    simulator.sim.set_fault(Fault.DATA_NULL)
    result = await client.list_tasks()
    assert result.tasks == () and result.skipped == 0


async def test_wrong_types_skips_bad_records_and_keeps_good(client, simulator, caplog):
    simulator.sim.set_fault(Fault.WRONG_TYPES)
    with caplog.at_level(logging.WARNING, logger="bot.ivc"):
        result = await client.list_tasks()
    assert result.tasks, "good records must survive"
    assert result.skipped >= 3
    assert any("skipped" in r.getMessage() for r in caplog.records)
    assert len([r for r in caplog.records if "skipped" in r.getMessage()]) == 1


async def test_huge_list(client, simulator):
    simulator.sim.set_fault(Fault.HUGE_LIST)
    result = await client.list_tasks()
    assert len(result.tasks) == 100_000


async def test_dropped_connection_is_transport_error(client, simulator):
    simulator.sim.set_fault(Fault.DROP_CONNECTION)
    with pytest.raises(IvcTransportError) as caught:
        await client.list_tasks()
    assert "IVC_BASE_URL" in str(caught.value)


async def test_latency_beyond_timeout_is_timeout_error(simulator):
    simulator.sim.latency_ms = 1500
    async with client_for(simulator, timeout=0.3) as c:
        with pytest.raises(IvcTimeoutError):
            await c.list_tasks()


async def test_refused_connection_is_transport_error():
    async with IvcClient("http://127.0.0.1:9", Credentials("id", "key"), timeout=2) as c:
        with pytest.raises(IvcTransportError):
            await c.list_tasks()


async def test_security_token_is_sent(simulator_with_token):
    sim, token = simulator_with_token
    async with client_for(sim, token=token) as c:
        assert (await c.list_tasks()).tasks
    async with client_for(sim) as c:
        with pytest.raises(IvcAuthError):
            await c.list_tasks()


async def test_200_concurrent_cold_calls_reach_upstream_once(simulator):
    simulator.sim.latency_ms = 200
    source = TaskSource(
        client_for(simulator), ttl=30, max_stale=600, details_ttl=30, clock=simulator.clock
    )
    try:
        before = simulator.sim.list_requests
        results = await asyncio.gather(*(source.list() for _ in range(200)))
    finally:
        await source.aclose()
    assert simulator.sim.list_requests - before == 1
    assert len({id(r) for r in results}) == 1


async def test_stale_if_error_and_recovery_through_the_wire(simulator):
    source = TaskSource(
        client_for(simulator), ttl=30, max_stale=600, details_ttl=30, clock=simulator.clock
    )
    try:
        good = await source.list()
        simulator.clock.advance(45)
        simulator.sim.set_fault(Fault.HTTP_502_HTML)
        stale = await source.list()
        assert stale.stale and stale.tasks == good.tasks
        assert isinstance(stale.error, IvcHttpError)
        simulator.clock.advance(600)
        with pytest.raises(IvcHttpError):
            await source.list()
        simulator.sim.set_fault(Fault.NONE)
        fresh = await source.list()
        assert not fresh.stale and fresh.fetched_at > good.fetched_at
    finally:
        await source.aclose()


async def test_client_requests_verify_under_tencents_cos_sdk(client, simulator):
    await client.list_tasks()
    list_request = simulator.sim.requests[-1]
    task_id = simulator.sim.records()[0]["TaskId"]
    await client.task_details(task_id)
    details_request = simulator.sim.requests[-1]
    assert details_request.params == {"TaskId": task_id}
    assert recorded_verifies_with_cos_sdk(list_request)
    assert recorded_verifies_with_cos_sdk(details_request)
    assert not recorded_verifies_with_cos_sdk(details_request, secret_key="another-key")
