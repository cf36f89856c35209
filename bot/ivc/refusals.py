"""IVC's documented refusals of a write: each wire error code mapped to one typed reason.

The codes are the API 3.0 ``Response.Error.Code`` values; the ``/ivc/`` endpoints put the same
code before a colon at the start of ``Message`` (``"ResourceInUse.TaskName: ..."``).
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Why IVC (or the app's own check of IVC's rules) refused a write."""

    NAME_INVALID = "name_invalid"
    NAME_TAKEN = "name_taken"
    WINDOW_INVALID = "window_invalid"
    WINDOW_TOO_LONG = "window_too_long"
    WINDOW_CROSSES_MIDNIGHT = "window_crosses_midnight"
    MODE_INVALID = "mode_invalid"
    EXPIRATION_OUT_OF_RANGE = "expiration_out_of_range"
    CHANNEL_COUNT = "channel_count"
    UNKNOWN_DEVICE = "unknown_device"
    UNKNOWN_CHANNEL = "unknown_channel"
    UNKNOWN_ORGANIZATION = "unknown_organization"
    TASK_RETRIEVING = "task_retrieving"
    # playing a recording
    NOT_RETRIEVED = "not_retrieved"
    COPY_EXPIRED = "copy_expired"
    NO_RECORDING = "no_recording"


WIRE_CODES: dict[str, Refusal] = {
    "InvalidParameterValue.TaskName": Refusal.NAME_INVALID,
    "ResourceInUse.TaskName": Refusal.NAME_TAKEN,
    "InvalidParameterValue.TimeRange": Refusal.WINDOW_INVALID,
    "InvalidParameterValue.TimeRangeTooLong": Refusal.WINDOW_TOO_LONG,
    "InvalidParameterValue.TimeRangeCrossDay": Refusal.WINDOW_CROSSES_MIDNIGHT,
    "InvalidParameterValue.Mode": Refusal.MODE_INVALID,
    "InvalidParameterValue.Expiration": Refusal.EXPIRATION_OUT_OF_RANGE,
    "InvalidParameterValue.ChannelCount": Refusal.CHANNEL_COUNT,
    "ResourceNotFound.DeviceNotExist": Refusal.UNKNOWN_DEVICE,
    "ResourceNotFound.ChannelNotExist": Refusal.UNKNOWN_CHANNEL,
    "ResourceNotFound.OrganizationNotExist": Refusal.UNKNOWN_ORGANIZATION,
    "FailedOperation.TaskRetrieving": Refusal.TASK_RETRIEVING,
    "FailedOperation.RecordNotRetrieved": Refusal.NOT_RETRIEVED,
    "FailedOperation.RecordExpired": Refusal.COPY_EXPIRED,
    "ResourceNotFound.RecordNotExist": Refusal.NO_RECORDING,
}
"""Wire code -> reason."""

# ``DescribeDeviceChannel`` answers a bare ``ResourceNotFound`` for an unknown device.
# ``DescribeRecordPlaybackUrl`` a bare ``ResourceNotFound`` for an unknown channel.
_NOT_FOUND_BY_OPERATION: dict[str, Refusal] = {
    "channels": Refusal.UNKNOWN_DEVICE,
    "playback": Refusal.UNKNOWN_CHANNEL,
}

HINTS: dict[Refusal, str] = {
    Refusal.NAME_INVALID: "a task name is 1 to 32 Chinese characters, letters, digits, _ or -",
    Refusal.NAME_TAKEN: "another task already has this name: choose another one",
    Refusal.WINDOW_INVALID: "the end of the window must come after its start",
    Refusal.WINDOW_TOO_LONG: "a window is at most one day: shorten it",
    Refusal.WINDOW_CROSSES_MIDNIGHT: "a window must not cross midnight: split it in two tasks",
    Refusal.MODE_INVALID: "IVC supports only fast mode (1)",
    Refusal.EXPIRATION_OUT_OF_RANGE: "keep the copy 1 to 365 days",
    Refusal.CHANNEL_COUNT: "pick 1 to 32 camera channels",
    Refusal.UNKNOWN_DEVICE: "IVC does not know this device: pick the camera again",
    Refusal.UNKNOWN_CHANNEL: "IVC does not know this channel: pick the camera again",
    Refusal.UNKNOWN_ORGANIZATION: "IVC does not know this organization: check IVC_ORGANIZATION_ID",
    Refusal.TASK_RETRIEVING: "a task still retrieving cannot be deleted: wait until it is done",
    Refusal.NOT_RETRIEVED: "this recording is not retrieved yet: wait until the task is retrieved",
    Refusal.COPY_EXPIRED: "the retrieved copy has expired: retrieve the window again",
    Refusal.NO_RECORDING: "IVC has no recording of this camera in this window",
}
"""What a person can do about each refusal (one line, English; the Slack side localises)."""

WRITE_OPERATIONS = frozenset({"create", "delete"})
WRITE_RATE_HINT = "IVC allows 5 task changes per second: wait a second and try again"


def refusal_for(code: str, operation: str = "") -> Refusal | None:
    """The reason for wire ``code`` (the call being ``operation``), or None if not a refusal."""
    known = WIRE_CODES.get(code)
    if known is None and (code == "ResourceNotFound" or code.startswith("ResourceNotFound.")):
        return _NOT_FOUND_BY_OPERATION.get(operation)
    return known


def code_of_message(message: str) -> str:
    """The code an ``/ivc/`` ``Message`` starts with (``"X.Y: text"`` -> ``"X.Y"``), or ``""``."""
    head, colon, _ = message.partition(":")
    if not colon or not head or " " in head or len(head) > 80:
        return ""
    return head
