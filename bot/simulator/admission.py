"""What every simulated API request goes through first: counting, latency, early faults."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from aiohttp import web

from bot.simulator import payloads
from bot.simulator.faults import WRITE_ENDPOINTS, Fault, effective_latency_ms
from bot.simulator.recorded import RecordedRequest
from bot.simulator.state import SimState

SERVER_NAME = "tencent-iss"
SIM_KEY: web.AppKey[SimState] = web.AppKey("simulator")

# Faults a gateway or the transport produces before IVC checks anything.
EARLY_FAULTS = (Fault.DROP_CONNECTION, Fault.HTTP_500, Fault.HTTP_502_HTML)


@dataclass(frozen=True, slots=True)
class Admission:
    """The simulator, the fault in force, a new RequestId, and an early answer if any."""

    sim: SimState
    fault: Fault
    request_id: str
    early: web.Response | None


async def admit(request: web.Request, recorded: RecordedRequest) -> Admission:
    """Count the request, wait the latency, and apply the transport and gateway faults."""
    sim = request.app[SIM_KEY]
    sim.count(recorded.endpoint, recorded, recorded.api)
    fault = sim.fault_for(recorded.endpoint)
    delay_ms = effective_latency_ms(fault, sim.latency_ms)
    if delay_ms > 0:
        await asyncio.sleep(delay_ms / 1000)
    if fault is Fault.ANSWER_LOST and recorded.endpoint not in WRITE_ENDPOINTS:
        drop_connection(request)  # a read has no effect: its answer is simply lost
    early = early_fault_response(fault, request) if fault in EARLY_FAULTS else None
    return Admission(sim, fault, str(uuid.uuid4()), early)


def early_fault_response(fault: Fault, request: web.Request) -> web.Response:
    if fault is Fault.DROP_CONNECTION:
        drop_connection(request)
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


def drop_connection(request: web.Request) -> None:
    """Close the TCP connection without answering, and abandon the handler."""
    if request.transport is not None:
        request.transport.close()
    raise asyncio.CancelledError
