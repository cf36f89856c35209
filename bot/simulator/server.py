"""The aiohttp application: the two IVC read endpoints, their faults, and the control API."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.simulator import payloads
from bot.simulator.auth import SIGNATURE_MISMATCH, SignedRequest, check_request
from bot.simulator.faults import Fault, effective_latency_ms, parse_fault
from bot.simulator.recorded import RecordedRequest
from bot.simulator.tasks import generate_record

if TYPE_CHECKING:
    from bot.simulator.simulator import Simulator

LIST_PATH = "/ivc/record/retrievetasklsit/query"
DETAILS_PATH = "/ivc/record/retrievetaskdetails/query"
CONTROL_PATH = "/_sim/control"
STATS_PATH = "/_sim/stats"
SERVER_NAME = "tencent-iss"
JSON_TYPE = "application/json"

_SIM_KEY: web.AppKey[Simulator] = web.AppKey("simulator")

# Faults a gateway or the transport produces before IVC checks anything.
_EARLY_FAULTS = (Fault.DROP_CONNECTION, Fault.HTTP_500, Fault.HTTP_502_HTML)


def build_app(sim: Simulator) -> web.Application:
    """The routes of the simulated IVC service, bound to ``sim``."""
    app = web.Application()
    app[_SIM_KEY] = sim
    app.router.add_get(LIST_PATH, list_tasks)
    app.router.add_get(DETAILS_PATH, task_details)
    app.router.add_post(CONTROL_PATH, control)
    app.router.add_get(STATS_PATH, stats)
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


def early_fault_response(fault: Fault, request: web.Request) -> web.Response:
    if fault is Fault.DROP_CONNECTION:
        _drop(request)
    if fault is Fault.HTTP_500:
        return web.Response(
            status=500, text="Internal Server Error", headers={"Server": SERVER_NAME}
        )
    return web.Response(
        status=502,
        text=payloads.gateway_html(502, "Bad Gateway"),
        content_type="text/html",
        headers={"Server": "nginx"},
    )


def _drop(request: web.Request) -> None:
    """Close the TCP connection without answering, and abandon the handler."""
    if request.transport is not None:
        request.transport.close()
    raise asyncio.CancelledError


# The IVC endpoints ----------------------------------------------------------------------
async def _admit(
    request: web.Request, endpoint: str
) -> tuple[Simulator, Fault, str, web.Response | None]:
    """Count, delay, apply early faults and check the signature.

    Returns the simulator, the fault in force, the RequestId and a response to send
    instead of the endpoint's own (None when the request may proceed).
    """
    sim = request.app[_SIM_KEY]
    sim.count(endpoint, _record(endpoint, request))
    fault = sim.fault
    delay_ms = effective_latency_ms(fault, sim.latency_ms)
    if delay_ms > 0:
        await asyncio.sleep(delay_ms / 1000)
    request_id = str(uuid.uuid4())
    if fault in _EARLY_FAULTS:
        return sim, fault, request_id, early_fault_response(fault, request)
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


def _record(endpoint: str, request: web.Request) -> RecordedRequest:
    return RecordedRequest(
        endpoint=endpoint,
        method=request.method,
        path=request.rel_url.raw_path,
        params=dict(request.rel_url.query.items()),
        headers=dict(request.headers.items()),
    )


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
        records = payloads.wrong_types_list(records, _template(sim, records))
    return data_response(request_id, records, fault)


def _template(sim: Simulator, records: list[Any]) -> dict[str, Any]:
    """A good record to break for WRONG_TYPES (a generated one if there is none)."""
    for record in records:
        if isinstance(record, dict):
            return record
    now = sim.clock()
    return {**generate_record(random.Random(sim.seed), now, 0), "Status": 2}


async def task_details(request: web.Request) -> web.Response:
    """``GET /ivc/record/retrievetaskdetails/query?TaskId=...``: one task and its channels."""
    sim, fault, request_id, early = await _admit(request, "details")
    if early is not None:
        return early
    task_id = request.rel_url.query.get("TaskId")
    if not task_id:
        return error_response(request_id, 400, "missing TaskId")
    details = sim.details(task_id)
    if details is None:
        return error_response(request_id, 404, "task not found")
    if fault is Fault.WRONG_TYPES:
        details = payloads.wrong_types_details(details)
    return data_response(request_id, details, fault)


# Control endpoints (unsigned, not counted) -------------------------------------------------
async def stats(request: web.Request) -> web.Response:
    """``GET /_sim/stats``: counters and settings."""
    return web.json_response(request.app[_SIM_KEY].stats())


async def control(request: web.Request) -> web.Response:
    """``POST /_sim/control`` with ``{"fault": NAME, "latency_ms": N, "reset_counters": true}``."""
    sim = request.app[_SIM_KEY]
    try:
        body = await request.json()
        changes = _parse_control(body)
    except (json.JSONDecodeError, ValueError) as exc:
        return web.json_response({"error": str(exc)}, status=400)
    if "fault" in changes:
        sim.set_fault(changes["fault"])
    if "latency_ms" in changes:
        sim.latency_ms = changes["latency_ms"]
    if changes.get("reset_counters"):
        sim.reset_counters()
    return web.json_response(sim.stats())


def _parse_control(body: Any) -> dict[str, Any]:
    """Validate a control body; raises ``ValueError`` saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object")
    unknown = set(body) - {"fault", "latency_ms", "reset_counters"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    if "fault" in body:
        changes["fault"] = parse_fault(str(body["fault"]))
    if "latency_ms" in body:
        latency = body["latency_ms"]
        if isinstance(latency, bool) or not isinstance(latency, int | float) or latency < 0:
            raise ValueError("latency_ms must be a number >= 0")
        changes["latency_ms"] = float(latency)
    if "reset_counters" in body:
        changes["reset_counters"] = bool(body["reset_counters"])
    return changes
