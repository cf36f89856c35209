"""Both IVC clients against the simulator over loopback HTTP: data, every fault, signing.

Every test taking ``client`` or ``make_backend`` runs once per API (``ivc_api``): the
``/ivc/`` endpoints (``IvcClient``) and Tencent Cloud API 3.0 (``CloudApiClient``).
"""

import asyncio
import dataclasses
import logging

import pytest

from bot.ivc import (
    IvcApiError,
    IvcAuthError,
    IvcHttpError,
    IvcMalformedError,
    IvcNotFoundError,
    IvcRateLimitError,
    IvcTimeoutError,
    IvcTransportError,
    TaskStatus,
)
from bot.ivc.source import TaskSource
from bot.simulator import Fault
from tests.support.cloudapi import (
    DETAILS_ACTION,
    LIST_ACTION,
    recorded_verifies_with_tencentcloud_sdk,
)
from tests.support.simulator import (
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    backend_for,
    recorded_verifies_with_cos_sdk,
    served_records,
)

# What each API says for the same failure: (ivc, cloudapi).
AUTH_CODES = {
    "wrong key": ((500, 403), ("AuthFailure.SignatureFailure", None)),
    "skewed clock": ((500, 403), ("AuthFailure.SignatureExpire", None)),
}


def auth_code(case, ivc_api):
    ivc, cloudapi = AUTH_CODES[case]
    return ivc if ivc_api == "ivc" else cloudapi


@pytest.fixture
async def client(make_backend, simulator):
    async with make_backend(simulator) as c:
        yield c


async def test_list_returns_typed_tasks(client, simulator, ivc_api):
    result = await client.list_tasks()
    records = served_records(simulator.sim, ivc_api)
    assert len(result.tasks) == len(records)
    assert result.skipped == 0
    assert result.request_id
    statuses = {t.status for t in result.tasks}
    assert statuses == {TaskStatus.PENDING, TaskStatus.RETRIEVING, TaskStatus.RETRIEVED}
    first = result.tasks[0]
    raw = records[0]
    assert first.task_id == raw["TaskId"]
    assert first.name == raw["TaskName"]
    assert first.start.tzinfo is not None and first.start.utcoffset().total_seconds() == 0
    assert int(first.start.timestamp()) == raw["StartTime"]
    assert first.capacity_mb == float(raw["Capacity"])
    assert isinstance(first.capacity_mb, float)
    assert (first.describe, first.channel_count) == (raw.get("Describe"), raw.get("ChannelCount"))


async def test_cloudapi_tasks_carry_describe_and_channel_count(simulator):
    async with backend_for("cloudapi", simulator) as c:
        tasks = (await c.list_tasks()).tasks
    assert all(isinstance(t.channel_count, int) and t.channel_count >= 1 for t in tasks)
    assert any(t.describe for t in tasks) and all(isinstance(t.describe, str) for t in tasks)
    assert all(t.capacity_mb.is_integer() for t in tasks), "API 3.0 declares Capacity an int"


async def test_unknown_status_is_kept_not_fatal(client, simulator, ivc_api):
    record = dict(served_records(simulator.sim, ivc_api)[0], TaskId="f" * 32, Status=7)
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


async def test_code_500_names_message_code_and_request_id(client, simulator, ivc_api):
    simulator.sim.set_fault(Fault.CODE_500)
    with pytest.raises(IvcApiError) as caught:
        await client.list_tasks()
    error = caught.value
    assert type(error) is IvcApiError
    assert error.request_id and error.request_id in str(error)
    assert error.api_message in str(error)
    if ivc_api == "ivc":
        assert error.code == 500 and error.status_code == 500 and "StatusCode 500" in str(error)
    else:
        assert error.code == "InternalError" and error.status_code is None
        assert "InternalError" in str(error) and "try again" in str(error)


@pytest.mark.parametrize(
    ("fault", "error", "hint"),
    [
        (Fault.SIGNATURE_REJECTED, IvcAuthError, "IVC_SECRET_KEY"),
        (Fault.RATE_LIMITED, IvcRateLimitError, "CACHE_TTL_SECONDS"),
        (Fault.DROP_CONNECTION, IvcTransportError, "IVC_BASE_URL"),
    ],
)
async def test_fault_is_its_error_with_a_one_line_hint(client, simulator, fault, error, hint):
    simulator.sim.set_fault(fault)
    with pytest.raises(error) as caught:
        await client.list_tasks()
    assert hint in str(caught.value) and "\n" not in str(caught.value)


async def test_wrong_key_is_rejected_by_simulator(make_backend, simulator, ivc_api):
    async with make_backend(simulator, key="not-the-key") as c:
        with pytest.raises(IvcAuthError) as caught:
            await c.list_tasks()
    assert (caught.value.code, caught.value.status_code) == auth_code("wrong key", ivc_api)
    assert "IVC_SECRET_KEY" in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_skewed_clock_gets_expired_signature(make_backend, simulator, ivc_api):
    async with make_backend(simulator, clock=lambda: simulator.clock() - 3600) as c:
        with pytest.raises(IvcAuthError) as caught:
            await c.list_tasks()
    assert (caught.value.code, caught.value.status_code) == auth_code("skewed clock", ivc_api)


async def test_unknown_secret_id_is_named(make_backend, simulator):
    async with make_backend(simulator, secret_id="AKIDnobody") as c:
        with pytest.raises(IvcAuthError) as caught:
            await c.list_tasks()
    assert "SecretIdNotFound" in str(caught.value) and "IVC_SECRET_ID" in str(caught.value)


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


async def test_latency_beyond_timeout_is_timeout_error(make_backend, simulator):
    simulator.sim.latency_ms = 1500
    async with make_backend(simulator, timeout=0.3) as c:
        with pytest.raises(IvcTimeoutError):
            await c.list_tasks()


async def test_refused_connection_is_transport_error(make_backend):
    async with make_backend("http://127.0.0.1:9", timeout=2) as c:
        with pytest.raises(IvcTransportError) as caught:
            await c.list_tasks()
    assert "IVC_BASE_URL" in str(caught.value)


async def test_security_token_is_sent(make_backend, simulator_with_token):
    sim, token = simulator_with_token
    async with make_backend(sim, token=token) as c:
        assert (await c.list_tasks()).tasks
    async with make_backend(sim) as c:
        with pytest.raises(IvcAuthError) as caught:
            await c.list_tasks()
    assert "TokenFailure" in str(caught.value)


async def test_200_concurrent_cold_calls_reach_upstream_once(make_backend, simulator):
    simulator.sim.latency_ms = 200
    source = TaskSource(
        make_backend(simulator), ttl=30, max_stale=600, details_ttl=30, clock=simulator.clock
    )
    try:
        before = simulator.sim.list_requests
        results = await asyncio.gather(*(source.list() for _ in range(200)))
    finally:
        await source.aclose()
    assert simulator.sim.list_requests - before == 1
    assert len({id(r) for r in results}) == 1


async def test_stale_if_error_and_recovery_through_the_wire(make_backend, simulator):
    source = TaskSource(
        make_backend(simulator), ttl=30, max_stale=600, details_ttl=30, clock=simulator.clock
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


async def test_ivc_client_requests_verify_under_tencents_cos_sdk(simulator):
    async with backend_for("ivc", simulator) as client:
        await client.list_tasks()
        task_id = simulator.sim.records()[0]["TaskId"]
        await client.task_details(task_id)
    list_request, details_request = simulator.sim.requests
    assert details_request.params == {"TaskId": task_id}
    assert recorded_verifies_with_cos_sdk(list_request)
    assert recorded_verifies_with_cos_sdk(details_request)
    assert not recorded_verifies_with_cos_sdk(details_request, secret_key="another-key")


async def test_cloudapi_requests_carry_the_documented_headers_and_body(simulator):
    async with backend_for("cloudapi", simulator, region="ap-guangzhou") as client:
        await client.list_tasks()
        task_id = simulator.sim.records()[0]["TaskId"]
        await client.task_details(task_id)
    list_request, details_request = simulator.sim.requests
    for request, action in ((list_request, LIST_ACTION), (details_request, DETAILS_ACTION)):
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert (request.method, request.path, request.api) == ("POST", "/", "cloudapi")
        assert headers["content-type"] == "application/json; charset=utf-8"
        assert headers["x-tc-action"] == action
        assert headers["x-tc-version"] == "2023-05-17"
        assert headers["x-tc-region"] == "ap-guangzhou"
        assert headers["x-tc-timestamp"] == str(int(simulator.clock()))
        assert headers["authorization"].startswith(
            f"TC3-HMAC-SHA256 Credential={SIM_SECRET_ID}/2025-10-01/iss/tc3_request, "
            "SignedHeaders=content-type;host, Signature="
        )
        assert "x-tc-token" not in headers
    assert list_request.body == b"{}"
    assert details_request.body == f'{{"TaskId":"{task_id}"}}'.encode()


async def test_cloudapi_without_region_sends_no_region_header(simulator):
    async with backend_for("cloudapi", simulator) as client:
        await client.list_tasks()
    assert "x-tc-region" not in {k.lower() for k in simulator.sim.requests[-1].headers}


async def test_counters_count_both_apis(simulator):
    for api in ("ivc", "cloudapi"):
        async with backend_for(api, simulator) as client:
            await client.list_tasks()
    stats = simulator.sim.stats()
    assert (stats["requests_served"], stats["list_requests"], stats["cloudapi_requests"]) == (
        2,
        2,
        1,
    )
    assert SIM_SECRET_KEY not in repr(simulator.sim.requests)


async def test_cloudapi_client_requests_verify_under_tencent_cloud_sdk(simulator_with_token):
    running, token = simulator_with_token
    async with backend_for("cloudapi", running, token=token) as client:
        await client.list_tasks()
        task_id = running.sim.records()[0]["TaskId"]
        await client.task_details(task_id)
    list_request, details_request = running.sim.requests
    assert {k.lower(): v for k, v in list_request.headers.items()}["x-tc-token"] == token
    for request in (list_request, details_request):
        assert recorded_verifies_with_tencentcloud_sdk(request, SIM_SECRET_ID, SIM_SECRET_KEY)
    assert not recorded_verifies_with_tencentcloud_sdk(list_request, SIM_SECRET_ID, "other-key")
    assert not recorded_verifies_with_tencentcloud_sdk(
        dataclasses.replace(details_request, body=b'{"TaskId":"x"}'), SIM_SECRET_ID, SIM_SECRET_KEY
    )
