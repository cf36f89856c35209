"""Tencent Cloud API 3.0 on the simulator: ``POST /`` with the X-TC-* headers, TC3 signed.

The same tasks and faults as the ``/ivc/`` endpoints, each fault in its API 3.0 form.
Errors are HTTP 200 with ``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``.
Each success holds exactly the fields of the action's response model in Tencent's SDK
(``Data``, ``TotalCount`` beside it for ``ListDevices``, nothing but ``RequestId`` for
``DeleteRecordRetrieveTask``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

from aiohttp import web

from bot.simulator import codes, payloads
from bot.simulator.accounts import tc3_secret_id
from bot.simulator.admission import SERVER_NAME, Admission, admit, drop_connection
from bot.simulator.downloads import check_download, wrong_types_download
from bot.simulator.faults import Fault
from bot.simulator.organization_channels import check_organization_channels
from bot.simulator.parameters import check_parameters
from bot.simulator.playback import check_playback, wrong_types_playback
from bot.simulator.recorded import RecordedRequest
from bot.simulator.recordings import check_record_file, wrong_types_record_file
from bot.simulator.state import SimState
from bot.simulator.tc3_check import SIGNATURE_FAILURE, Problem, Tc3Request, check_tc3
from bot.simulator.writes import SimRefusal, check_device_list, device_id_of, task_id_of

CLOUDAPI_PATH = "/"
VERSION = "2023-05-17"
LIST_ACTION = "ListRecordRetrieveTasks"
DETAILS_ACTION = "DescribeRecordRetrieveTask"
CREATE_ACTION = "AddRecordRetrieveTask"
DELETE_ACTION = "DeleteRecordRetrieveTask"
DEVICES_ACTION = "ListDevices"
CHANNELS_ACTION = "DescribeDeviceChannel"
ORG_CHANNELS_ACTION = "ListOrganizationChannels"
PLAYBACK_ACTION = "DescribeRecordPlaybackUrl"
DOWNLOAD_ACTION = "DescribeVideoDownloadUrl"
RECORD_FILE_ACTION = "DescribeRecordFile"
ENDPOINTS = {
    LIST_ACTION: "list",
    DETAILS_ACTION: "details",
    CREATE_ACTION: "create",
    DELETE_ACTION: "delete",
    DEVICES_ACTION: "devices",
    CHANNELS_ACTION: "channels",
    ORG_CHANNELS_ACTION: "organization_channels",
    PLAYBACK_ACTION: "playback",
    DOWNLOAD_ACTION: "download",
    RECORD_FILE_ACTION: "recordings",
}
WRITE_ACTIONS = frozenset({CREATE_ACTION, DELETE_ACTION})
WRITE_LIMITED: Problem = (
    codes.REQUEST_LIMIT_EXCEEDED,
    "your current request frequency exceeds the limit of this action (5/s)",
)
# Tencent's ``_check_error`` in the official SDK only reads bodies typed exactly this.
CONTENT_TYPE = "application/json"

# The API 3.0 error each fault answers with (after the signature check).
FAULT_ERRORS: dict[Fault, Problem] = {
    Fault.RATE_LIMITED: (
        codes.REQUEST_LIMIT_EXCEEDED,
        "your current request frequency exceeds the limit (20/s)",
    ),
    Fault.CODE_500: (codes.INTERNAL_ERROR, "an internal error occurred, please try again later"),
}
REJECTED: Problem = (SIGNATURE_FAILURE, "the provided credentials could not be validated")


def respond(body: bytes | str) -> web.Response:
    data = body.encode() if isinstance(body, str) else body
    return web.Response(body=data, headers={"Content-Type": CONTENT_TYPE, "Server": SERVER_NAME})


def error(request_id: str, problem: Problem) -> web.Response:
    return respond(payloads.dumps(payloads.cloudapi_error(request_id, *problem)))


def data_response(request_id: str, fields: dict[str, Any], fault: Fault) -> web.Response:
    """A success holding ``fields`` (e.g. ``{"Data": ...}``), shaped by the data faults."""
    if fault is Fault.DATA_NULL and "Data" in fields:
        fields = {**fields, "Data": None}
    text = payloads.dumps(payloads.cloudapi_ok(request_id, fields))
    return respond(payloads.truncated(text) if fault is Fault.INVALID_JSON else text)


async def cloudapi(request: web.Request) -> web.Response:
    """``POST /``: the task actions (list, details, add, delete), the camera actions
    (``ListDevices``, ``DescribeDeviceChannel``), playback and downloads."""
    body = await request.read()
    action = request.headers.get("X-TC-Action", "")
    admission = await admit(
        request,
        RecordedRequest.of(request, ENDPOINTS.get(action, "other"), body=body, api="cloudapi"),
    )
    if admission.early is not None:
        return admission.early
    account = admission.sim.account_for(tc3_secret_id(request.headers.get("Authorization")))
    problem = _refusal(request, admission, account, body, action)
    if problem is not None:
        return error(admission.request_id, problem)
    admission = dataclasses.replace(admission, sim=account)
    params = _params(body)
    if params is None:
        return error(
            admission.request_id, (codes.INVALID_PARAMETER, "the body must be a JSON object")
        )
    try:
        check_parameters(action, params)
        if action == LIST_ACTION:
            return await _list(admission)
        if action == DETAILS_ACTION:
            return _details(admission, params)
        if action == ORG_CHANNELS_ACTION:
            return _organization_channels(admission, params)
        if action == PLAYBACK_ACTION:
            return _playback(admission, params)
        if action == DOWNLOAD_ACTION:
            return _download(admission, params)
        if action == RECORD_FILE_ACTION:
            return _record_file(admission, params)
        return _other(request, admission, action, params)
    except SimRefusal as refusal:
        return error(admission.request_id, refusal.problem)


def _refusal(
    request: web.Request, admission: Admission, account: SimState, body: bytes, action: str
) -> Problem | None:
    """Why the request is refused before its action runs (signature, action, faults);
    ``account`` is the one its signature names (its key and write limit)."""
    sim, fault = admission.sim, admission.fault
    if fault is Fault.SIGNATURE_REJECTED:
        return REJECTED
    signed = Tc3Request(
        request.method,
        request.rel_url.raw_path,
        request.rel_url.raw_query_string,
        request.headers,
        body,
    )
    return (
        check_tc3(signed, account.credentials, sim.clock())
        or _check_action(action, request.headers.get("X-TC-Version", ""))
        or sim.cloudapi_error
        or FAULT_ERRORS.get(fault)
        or (WRITE_LIMITED if action in WRITE_ACTIONS and not account.admit_write() else None)
    )


def _check_action(action: str, version: str) -> Problem | None:
    if not action:
        return codes.MISSING_PARAMETER, "the X-TC-Action header is missing"
    if action not in ENDPOINTS:
        return codes.INVALID_ACTION, f"the action {action[:64]!r} is not found"
    if version != VERSION:
        return codes.NO_SUCH_VERSION, f"the version {version[:32]!r} of iss does not exist"
    return None


def _params(body: bytes) -> dict[str, Any] | None:
    try:
        params = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return params if isinstance(params, dict) else None


async def _list(admission: Admission) -> web.Response:
    sim, fault, request_id = admission.sim, admission.fault, admission.request_id
    if fault is Fault.HUGE_LIST:
        data = await asyncio.get_running_loop().run_in_executor(None, sim.huge_list_json)
        return respond(payloads.cloudapi_around(request_id, data))
    records = sim.cloudapi_records()
    if fault is Fault.WRONG_TYPES:
        records = payloads.wrong_types_list(records, payloads.template(records, sim))
    return data_response(request_id, {"Data": records}, fault)


def _details(admission: Admission, params: dict[str, Any]) -> web.Response:
    """``DescribeRecordRetrieveTask``; raises ``SimRefusal``."""
    sim: SimState = admission.sim
    details = sim.details(task_id_of(params), api="cloudapi")
    if details is None:
        raise SimRefusal(codes.TASK_NOT_EXIST, "the task does not exist")
    if admission.fault is Fault.WRONG_TYPES:
        details = payloads.wrong_types_details(details)
    return data_response(admission.request_id, {"Data": details}, admission.fault)


def _other(
    request: web.Request, admission: Admission, action: str, params: dict[str, Any]
) -> web.Response:
    """The write and camera actions; raises ``SimRefusal``."""
    sim, fault, request_id = admission.sim, admission.fault, admission.request_id
    if action == DEVICES_ACTION:
        query = check_device_list(params, from_query=False)
        records, total = sim.list_devices(query, api="cloudapi")
        if fault is Fault.WRONG_TYPES:
            records = payloads.wrong_types_cameras(records)
        return data_response(request_id, {"Data": records, "TotalCount": total}, fault)
    if action == CHANNELS_ACTION:
        channels = sim.device_channels(device_id_of(params), api="cloudapi")
        if fault is Fault.WRONG_TYPES:
            channels = payloads.wrong_types_cameras(channels)
        return data_response(request_id, {"Data": channels}, fault)
    fields: dict[str, Any] = {}
    if action == CREATE_ACTION:
        data = sim.create_task(params, api="cloudapi")
        fields["Data"] = payloads.wrong_types_write(data) if fault is Fault.WRONG_TYPES else data
    else:
        sim.delete_task(task_id_of(params))  # the answer holds only the RequestId
    if fault is Fault.ANSWER_LOST:
        drop_connection(request)
    return data_response(request_id, fields, fault)


def _playback(admission: Admission, params: dict[str, Any]) -> web.Response:
    """``DescribeRecordPlaybackUrl``: a fresh address; raises ``SimRefusal``."""
    data: Any = admission.sim.playback_url(check_playback(params, from_query=False))
    if admission.fault is Fault.WRONG_TYPES:
        data = wrong_types_playback(data)
    return data_response(admission.request_id, {"Data": data}, admission.fault)


def _download(admission: Admission, params: dict[str, Any]) -> web.Response:
    """``DescribeVideoDownloadUrl``: a fresh link; raises ``SimRefusal``."""
    data: Any = admission.sim.download_url(check_download(params))
    if admission.fault is Fault.WRONG_TYPES:
        data = wrong_types_download(data)
    return data_response(admission.request_id, {"Data": data}, admission.fault)


def _organization_channels(admission: Admission, params: dict[str, Any]) -> web.Response:
    """``ListOrganizationChannels``: one page of one organization's channels; raises
    ``SimRefusal``."""
    data = admission.sim.organization_channels(check_organization_channels(params))
    if admission.fault is Fault.WRONG_TYPES and data["List"]:
        data = {**data, "List": payloads.wrong_types_cameras(data["List"])}
    return data_response(admission.request_id, {"Data": data}, admission.fault)


def _record_file(admission: Admission, params: dict[str, Any]) -> web.Response:
    """``DescribeRecordFile``: a camera's recordings over a window; raises ``SimRefusal``."""
    data: Any = admission.sim.record_file(check_record_file(params))
    if admission.fault is Fault.WRONG_TYPES:
        data = wrong_types_record_file(data)
    return data_response(admission.request_id, {"Data": data}, admission.fault)
