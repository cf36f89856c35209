"""Response bodies: the IVC envelope and the bodies of the data faults."""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from bot.simulator.state import SimState
from bot.simulator.tasks import MAX_CAPACITY_MB, STAGES, generate_record

HUGE_LIST_SIZE = 100_000


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 text kept as is (as IVC sends Chinese names)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def envelope(
    request_id: str, data: Any, *, code: int = 0, status_code: int = 200, message: str = "ok"
) -> dict[str, Any]:
    """The envelope every IVC endpoint answers with."""
    return {
        "RequestId": request_id,
        "Code": code,
        "StatusCode": status_code,
        "Message": message,
        "Data": data,
    }


def envelope_around(request_id: str, data_json: bytes) -> bytes:
    """An ok envelope whose ``Data`` is already-encoded JSON (for the cached huge list)."""
    head = dumps(envelope(request_id, None))[: -len("null}")]
    return head.encode() + data_json + b"}"


def cloudapi_ok(request_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An API 3.0 success: ``{"Response": {...fields, "RequestId": ...}}`` (``fields`` as the
    action's response model has them: ``Data``, ``TotalCount``, or none)."""
    return {"Response": {**fields, "RequestId": request_id}}


def cloudapi_error(request_id: str, code: str, message: str) -> dict[str, Any]:
    """An API 3.0 failure: ``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``."""
    return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}


def cloudapi_around(request_id: str, data_json: bytes) -> bytes:
    """An API 3.0 success whose ``Data`` is already-encoded JSON (the cached huge list)."""
    head = b'{"Response":{"RequestId":' + dumps(request_id).encode() + b',"Data":'
    return head + data_json + b"}}"


def truncated(body: str) -> str:
    """``body`` cut in half: JSON that cannot be parsed."""
    return body[: max(1, len(body) // 2)]


def huge_list_json(seed: int, now: float, size: int = HUGE_LIST_SIZE) -> bytes:
    """``size`` valid tasks as one encoded JSON array; built in well under a second."""
    rng = random.Random(seed)
    base = (int(now) // 86_400 - 30) * 86_400
    ids = rng.randbytes(16 * size).hex()
    records = []
    for i in range(size):
        start = base - (i % 365) * 86_400 + (i * 37) % 50_000
        records.append(
            {
                "TaskId": ids[32 * i : 32 * i + 32],
                "TaskName": f"Bulk-{i:06d}_批量",
                "StartTime": start,
                "EndTime": start + 600 + (i * 13) % 7_000,
                "Mode": 1,
                "Expiration": 1 + i % 365,
                "Status": STAGES[i % 3],
                "Capacity": (1 + (i * 7919) % MAX_CAPACITY_MB) if i % 2 else 1 + (i % 9999) / 4,
            }
        )
    return dumps(records).encode()


def _other_id(task_id: Any, salt: str) -> str:
    return hashlib.md5(f"{task_id}/{salt}".encode()).hexdigest()


# Each mutation turns a good record into one with a wrong field type or shape.
WRONG_TYPE_MUTATIONS: tuple[tuple[str, Any], ...] = (
    ("StartTime as text", lambda r: {**r, "StartTime": "yesterday"}),
    ("Capacity as text", lambda r: {**r, "Capacity": "big"}),
    ("Status as a string", lambda r: {**r, "Status": "2"}),
    ("TaskId missing", lambda r: {k: v for k, v in r.items() if k != "TaskId"}),
    ("record is a string", lambda r: "not a task"),
    ("EndTime null", lambda r: {**r, "EndTime": None}),
    ("TaskName as a number", lambda r: {**r, "TaskName": 12345}),
    ("record is a list", lambda r: [r.get("TaskId"), r.get("TaskName")]),
)


def template(records: list[Any], sim: SimState) -> dict[str, Any]:
    """A good record to break for WRONG_TYPES (a generated one if there is none)."""
    for record in records:
        if isinstance(record, dict):
            return record
    return {**generate_record(random.Random(sim.seed), sim.clock(), 0), "Status": 2}


def wrong_types_list(good: list[Any], template: dict[str, Any]) -> list[Any]:
    """The good records with one broken record after each (more broken ones at the end)."""
    out: list[Any] = []
    for i, (name, mutate) in enumerate(WRONG_TYPE_MUTATIONS):
        if i < len(good):
            out.append(good[i])
        base = {**template, "TaskId": _other_id(template.get("TaskId"), name)}
        out.append(mutate(base))
    out.extend(good[len(WRONG_TYPE_MUTATIONS) :])
    return out


def wrong_types_details(details: dict[str, Any]) -> dict[str, Any]:
    """A details record with wrong field types in the task and in its channels."""
    channels = list(details.get("Channels") or [])
    good = channels[:1]
    bad_status = {**channels[0], "Status": "3"} if channels else {"Status": "3"}
    no_id = {k: v for k, v in bad_status.items() if k != "ChannelId"}
    return {
        **details,
        "StartTime": "yesterday",
        "Capacity": "big",
        "Channels": [*good, "camera", bad_status, no_id],
    }


def gateway_html(status: int, reason: str) -> str:
    """An error page like the one an nginx gateway in front of IVC serves."""
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )


def wrong_types_write(data: Any) -> Any:
    """A write's ``Data`` with a wrong field type (the new task's StartTime as text)."""
    return {**data, "StartTime": "yesterday"} if isinstance(data, dict) and data else data


def wrong_types_cameras(records: list[Any]) -> list[Any]:
    """Device or channel records with broken ones among them."""
    return [*records[:1], "not a record", {"Name": 12345}, [1, 2], *records[1:]]
