"""The aiohttp application: the IVC task, write and camera endpoints, API 3.0 (``POST /``),
their faults, and the control API.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.simulator import codes, payloads
from bot.simulator.accounts import ivc_secret_id
from bot.simulator.admission import SERVER_NAME, SIM_KEY, admit, drop_connection
from bot.simulator.auth import SIGNATURE_MISMATCH, SignedRequest, check_request
from bot.simulator.cloudapi import CLOUDAPI_PATH, cloudapi
from bot.simulator.faults import Fault, parse_fault
from bot.simulator.playback import check_playback, wrong_types_playback
from bot.simulator.recorded import RecordedRequest
from bot.simulator.state import SimState
from bot.simulator.writes import SimRefusal, check_device_list, device_id_of, task_id_of

LIST_PATH = "/ivc/record/retrievetasklsit/query"
DETAILS_PATH = "/ivc/record/retrievetaskdetails/query"
CREATE_PATH = "/ivc/record/retrievetask/add"
DELETE_PATH = "/ivc/record/retrievetask/delete"
DEVICES_PATH = "/ivc/urm/resource/getUserResources"
CHANNELS_PATH = "/ivc/cms/device/channel"
PLAYBACK_PATH = "/ivc/record/playback/url"
CONTROL_PATH = "/_sim/control"
STATS_PATH = "/_sim/stats"
ACCOUNTS_PATH = "/_sim/accounts"
JSON_TYPE = "application/json"
RATE_LIMITED_MESSAGE = f"{codes.REQUEST_LIMIT_EXCEEDED}: too many requests, slow down"


def build_app(sim: SimState) -> web.Application:
    """The routes of the simulated IVC service, bound to ``sim``."""
    app = web.Application()
    app[SIM_KEY] = sim
    app.router.add_get(LIST_PATH, list_tasks)
    app.router.add_get(DETAILS_PATH, task_details)
    app.router.add_post(CREATE_PATH, create_task)
    app.router.add_post(DELETE_PATH, delete_task)
    app.router.add_get(DEVICES_PATH, list_devices)
    app.router.add_get(CHANNELS_PATH, device_channels)
    app.router.add_get(PLAYBACK_PATH, playback_url)
    app.router.add_post(CLOUDAPI_PATH, cloudapi)
    app.router.add_post(CONTROL_PATH, control)
    app.router.add_get(STATS_PATH, stats)
    app.router.add_get(ACCOUNTS_PATH, account_stats)
    return app


# Responses -----------------------------------------------------------------------------
def json_response(request_id: str, body: str, *, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        body=body.encode(),
        content_type=JSON_TYPE,
        charset="utf-8",
        headers={"RequestId": request_id, "Server": SERVER_NAME},
    )


def error_response(request_id: str, http_status: int, message: str) -> web.Response:
    """An IVC error envelope: ``Code`` 500, ``StatusCode`` = the HTTP status, no data."""
    body = payloads.envelope(request_id, None, code=500, status_code=http_status, message=message)
    return json_response(request_id, payloads.dumps(body), status=http_status)


def data_response(request_id: str, data: Any, fault: Fault) -> web.Response:
    """An ok envelope around ``data``, shaped by the data faults."""
    if fault is Fault.RATE_LIMITED:
        return error_response(request_id, 429, RATE_LIMITED_MESSAGE)
    if fault is Fault.CODE_500:
        body = payloads.envelope(
            request_id, None, code=500, status_code=500, message="internal error"
        )
        return json_response(request_id, payloads.dumps(body))
    if fault is Fault.DATA_NULL:
        data = None
    text = payloads.dumps(payloads.envelope(request_id, data))
    if fault is Fault.INVALID_JSON:
        text = payloads.truncated(text)
    return json_response(request_id, text)


# The IVC endpoints ----------------------------------------------------------------------
async def _admit(
    request: web.Request, endpoint: str, body: bytes = b""
) -> tuple[SimState, Fault, str, web.Response | None]:
    """Count, delay, apply early faults and check the signature.

    Returns the simulator of the account the signature names, the fault in force, the
    RequestId and a response to send instead of the endpoint's own (None when the request
    may proceed).
    """
    admission = await admit(request, RecordedRequest.of(request, endpoint, body=body))
    sim, fault, request_id = admission.sim, admission.fault, admission.request_id
    if admission.early is not None:
        return sim, fault, request_id, admission.early
    sim = sim.account_for(ivc_secret_id(request.headers.get("Authorization")))
    problem = (
        SIGNATURE_MISMATCH
        if fault is Fault.SIGNATURE_REJECTED
        else check_request(
            SignedRequest(
                request.method,
                request.rel_url.raw_path,
                list(request.rel_url.query.items()),
                request.headers,
            ),
            sim.credentials,
            sim.clock(),
        )
    )
    if problem:
        return sim, fault, request_id, error_response(request_id, 403, problem)
    return sim, fault, request_id, None


async def list_tasks(request: web.Request) -> web.Response:
    """``GET /ivc/record/retrievetasklsit/query``: every task, no pagination."""
    sim, fault, request_id, early = await _admit(request, "list")
    if early is not None:
        return early
    if fault is Fault.HUGE_LIST:
        data = await asyncio.get_running_loop().run_in_executor(None, sim.huge_list_json)
        return web.Response(
            body=payloads.envelope_around(request_id, data),
            content_type=JSON_TYPE,
            charset="utf-8",
            headers={"RequestId": request_id, "Server": SERVER_NAME},
        )
    records = sim.records()
    if fault is Fault.WRONG_TYPES:
        records = payloads.wrong_types_list(records, payloads.template(records, sim))
    return data_response(request_id, records, fault)


async def task_details(request: web.Request) -> web.Response:
    """``GET /ivc/record/retrievetaskdetails/query?TaskId=...``: one task and its channels."""
    sim, fault, request_id, early = await _admit(request, "details")
    if early is not None:
        return early
    task_id = request.rel_url.query.get("TaskId")
    if not task_id:
        refusal = SimRefusal(codes.MISSING_PARAMETER, "the parameter TaskId is missing")
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    details = sim.details(task_id)
    if details is None:
        refusal = SimRefusal(codes.TASK_NOT_EXIST, "the task does not exist", 404)
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    if fault is Fault.WRONG_TYPES:
        details = payloads.wrong_types_details(details)
    return data_response(request_id, details, fault)


# Writes and cameras ----------------------------------------------------------------------
WRITE_REFUSING_FAULTS = (Fault.RATE_LIMITED, Fault.CODE_500)
"""Faults that refuse a write before it happens; the other data faults garble the answer."""


async def create_task(request: web.Request) -> web.Response:
    """``POST /ivc/record/retrievetask/add``: create a task (no ``Describe`` here)."""
    return await _write(request, "create", lambda sim, p: sim.create_task(p, api="ivc"))


async def delete_task(request: web.Request) -> web.Response:
    """``POST /ivc/record/retrievetask/delete`` with ``{"TaskId": ...}``; ``Data`` is ``{}``."""
    return await _write(request, "delete", _delete)


def _delete(sim: SimState, params: dict[str, Any]) -> dict[str, Any]:
    sim.delete_task(task_id_of(params))
    return {}


async def _write(
    request: web.Request, endpoint: str, action: Callable[[SimState, dict[str, Any]], Any]
) -> web.Response:
    body = await request.read()
    sim, fault, request_id, early = await _admit(request, endpoint, body)
    if early is not None:
        return early
    if fault in WRITE_REFUSING_FAULTS:
        return data_response(request_id, None, fault)
    params = _json_object(body)
    if params is None:
        refusal = SimRefusal(codes.INVALID_PARAMETER, "the body must be a JSON object")
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    try:
        data = action(sim, params)
    except SimRefusal as refusal:
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    if fault is Fault.ANSWER_LOST:
        drop_connection(request)
    if fault is Fault.WRONG_TYPES:
        data = payloads.wrong_types_write(data)
    return data_response(request_id, data, fault)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


async def list_devices(request: web.Request) -> web.Response:
    """``GET /ivc/urm/resource/getUserResources?OrganizationId=...``: a page of devices."""
    sim, fault, request_id, early = await _admit(request, "devices")
    if early is not None:
        return early
    try:
        query = check_device_list(dict(request.rel_url.query.items()), from_query=True)
        records, total = sim.list_devices(query, api="ivc")
    except SimRefusal as refusal:
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    if fault is Fault.WRONG_TYPES:
        records = payloads.wrong_types_cameras(records)
    return data_response(request_id, {"TotalCount": total, "List": records}, fault)


async def device_channels(request: web.Request) -> web.Response:
    """``GET /ivc/cms/device/channel?DeviceId=...``: the channels of one device."""
    sim, fault, request_id, early = await _admit(request, "channels")
    if early is not None:
        return early
    try:
        device_id = device_id_of(dict(request.rel_url.query.items()))
        records = sim.device_channels(device_id, api="ivc")
    except SimRefusal as refusal:
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    if fault is Fault.WRONG_TYPES:
        records = payloads.wrong_types_cameras(records)
    return data_response(request_id, records, fault)


# Playing a recording ----------------------------------------------------------------------
async def playback_url(request: web.Request) -> web.Response:
    """``GET /ivc/record/playback/url?ChannelId=...&StartTime=...&EndTime=...``."""
    sim, fault, request_id, early = await _admit(request, "playback")
    if early is not None:
        return early
    try:
        data = sim.playback_url(check_playback(dict(request.rel_url.query), from_query=True))
    except SimRefusal as refusal:
        return error_response(request_id, refusal.http_status, refusal.ivc_message)
    if fault is Fault.WRONG_TYPES:
        data = wrong_types_playback(data)
    return data_response(request_id, data, fault)


# Control endpoints (unsigned, not counted) -------------------------------------------------
async def stats(request: web.Request) -> web.Response:
    """``GET /_sim/stats``: counters and settings."""
    return web.json_response(request.app[SIM_KEY].stats())


async def account_stats(request: web.Request) -> web.Response:
    """``GET /_sim/accounts``: tenants configured, accounts built, requests per SecretId."""
    return web.json_response(request.app[SIM_KEY].accounts.stats())


async def control(request: web.Request) -> web.Response:
    """``POST /_sim/control`` with ``{"fault": NAME, "write_fault": NAME or null (creates and
    deletes only), "latency_ms": N, "reset_counters": true,
    "cloudapi_error": {"Code": ..., "Message": ...} or null}``.
    """
    sim = request.app[SIM_KEY]
    try:
        body = await request.json()
        changes = _parse_control(body)
    except (json.JSONDecodeError, ValueError) as exc:
        return web.json_response({"error": str(exc)}, status=400)
    if "fault" in changes:
        sim.set_fault(changes["fault"])
    if "write_fault" in changes:
        sim.set_write_fault(changes["write_fault"])
    if "latency_ms" in changes:
        sim.latency_ms = changes["latency_ms"]
    if changes.get("reset_counters"):
        sim.reset_counters()
    if "cloudapi_error" in changes:
        sim.set_cloudapi_error(*changes["cloudapi_error"])
    return web.json_response(sim.stats())


def _parse_control(body: Any) -> dict[str, Any]:
    """Validate a control body; raises ``ValueError`` saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object")
    unknown = set(body) - {"fault", "write_fault", "latency_ms", "reset_counters", "cloudapi_error"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    if "fault" in body:
        changes["fault"] = parse_fault(str(body["fault"]))
    if "write_fault" in body:
        value = body["write_fault"]
        changes["write_fault"] = None if value is None else parse_fault(str(value))
    if "latency_ms" in body:
        latency = body["latency_ms"]
        if isinstance(latency, bool) or not isinstance(latency, int | float) or latency < 0:
            raise ValueError("latency_ms must be a number >= 0")
        changes["latency_ms"] = float(latency)
    if "reset_counters" in body:
        changes["reset_counters"] = bool(body["reset_counters"])
    if "cloudapi_error" in body:
        changes["cloudapi_error"] = _parse_cloudapi_error(body["cloudapi_error"])
    return changes


def _parse_cloudapi_error(value: Any) -> tuple[str | None, str]:
    """``{"Code": "...", "Message": "..."}`` or null; raises ``ValueError`` otherwise."""
    if value is None:
        return None, ""
    code = value.get("Code") if isinstance(value, dict) else None
    message = value.get("Message", "") if isinstance(value, dict) else ""
    if not isinstance(code, str) or not code or not isinstance(message, str):
        raise ValueError('cloudapi_error must be {"Code": "...", "Message": "..."} or null')
    return code, message
