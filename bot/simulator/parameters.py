"""The parameters each API 3.0 action takes, and the gateway's check of a request body.

Tencent's gateway refuses a parameter the action does not define (``UnknownParameter``), a
value of the wrong JSON type (``InvalidParameter``) and a missing required one
(``MissingParameter``) before the action runs; so does the simulator, from this table (the
simulator's own statement of the 2023-05-17 request models).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.simulator import codes
from bot.simulator.writes import SimRefusal

STRING, INTEGER, BOOLEAN, LIST = "string", "int", "bool", "list"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One request parameter: its JSON type and whether the action requires it."""

    kind: str
    required: bool = False


def _required(kind: str) -> Parameter:
    return Parameter(kind, required=True)


PARAMETERS: dict[str, dict[str, Parameter]] = {
    "ListRecordRetrieveTasks": {},
    "DescribeRecordRetrieveTask": {"TaskId": _required(STRING)},
    "AddRecordRetrieveTask": {
        "TaskName": _required(STRING),
        "StartTime": _required(INTEGER),
        "EndTime": _required(INTEGER),
        "Mode": _required(INTEGER),
        "Expiration": _required(INTEGER),
        "Channels": _required(LIST),
        "Describe": Parameter(STRING),
    },
    "DeleteRecordRetrieveTask": {"TaskId": _required(STRING)},
    "ListDevices": {
        "OrganizationId": _required(STRING),
        "IsContainSubLevel": Parameter(BOOLEAN),
        "IsContainUser": Parameter(BOOLEAN),
        "AccessProtocol": Parameter(INTEGER),
        "Type": Parameter(INTEGER),
        "Status": Parameter(INTEGER),
        "ClusterId": Parameter(STRING),
        "Keyword": Parameter(STRING),
        "CurrentUin": Parameter(INTEGER),
        "PageNumber": Parameter(INTEGER),
        "PageSize": Parameter(INTEGER),
    },
    "DescribeDeviceChannel": {"DeviceId": _required(STRING)},
    "ListOrganizationChannels": {
        "OrganizationId": _required(STRING),
        "PageSize": _required(INTEGER),
        "PageNumber": _required(INTEGER),
        "DeviceName": Parameter(STRING),
        "ChannelName": Parameter(STRING),
    },
    "DescribeRecordPlaybackUrl": {
        "ChannelId": _required(STRING),
        "StartTime": _required(INTEGER),
        "EndTime": _required(INTEGER),
        "IsInternal": Parameter(BOOLEAN),
        "CorrectTimestamp": Parameter(BOOLEAN),
    },
    "DescribeRecordFile": {
        "DeviceId": _required(STRING),
        "ChannelId": _required(STRING),
        "StartTime": _required(INTEGER),
        "EndTime": _required(INTEGER),
        "WithUrl": Parameter(BOOLEAN),
    },
    "DescribeVideoDownloadUrl": {
        "ChannelId": _required(STRING),
        "BeginTime": _required(STRING),
        "EndTime": _required(STRING),
        "FileType": _required(STRING),
        "IsRespActualTime": Parameter(BOOLEAN),
        "IsInternal": Parameter(BOOLEAN),
        "Expires": Parameter(INTEGER),
        "IsSupportG711": Parameter(BOOLEAN),
    },
}
"""Action -> parameter name -> what it takes."""

MISSING_CODES = {"AddRecordRetrieveTask": codes.MISSING_TASK_PARAM}
"""The code for a missing required parameter where the service has one of its own."""


def _has_kind(value: Any, kind: str) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    return isinstance(value, list)


def check_parameters(action: str, params: Mapping[str, Any]) -> None:
    """Raise the ``SimRefusal`` the gateway answers for ``params`` of ``action``, if any.

    A ``null`` value counts as absent (the SDK leaves unset parameters out, or sends null).
    """
    known = PARAMETERS[action]
    for name, value in params.items():
        parameter = known.get(name)
        if parameter is None:
            raise SimRefusal(codes.UNKNOWN_PARAMETER, f"the parameter {name[:64]!r} is not defined")
        if value is not None and not _has_kind(value, parameter.kind):
            raise SimRefusal(
                codes.INVALID_PARAMETER, f"the parameter {name} must be {parameter.kind}"
            )
    for name, parameter in known.items():
        if parameter.required and params.get(name) is None:
            code = MISSING_CODES.get(action, codes.MISSING_PARAMETER)
            raise SimRefusal(code, f"the parameter {name} is missing")
