"""IVC's documented refusals: each of the service's error codes mapped to one typed reason.

The codes are the API 3.0 ``Response.Error.Code`` values Tencent's SDK lists; the ``/ivc/``
endpoints put the same code before a colon at the start of ``Message``
(``"ResourceInUse.RetrieveTaskNameRepeat: ..."``), read by code, never by wording.
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Why IVC (or the app's own check of IVC's rules) refused a call."""

    NAME_INVALID = "name_invalid"
    NAME_TAKEN = "name_taken"
    DESCRIBE_INVALID = "describe_invalid"
    MISSING_FIELD = "missing_field"
    WINDOW_INVALID = "window_invalid"
    WINDOW_TOO_LONG = "window_too_long"
    WINDOW_TOO_SHORT = "window_too_short"
    WINDOW_CROSSES_MIDNIGHT = "window_crosses_midnight"
    START_IN_FUTURE = "start_in_future"
    MODE_INVALID = "mode_invalid"
    EXPIRATION_OUT_OF_RANGE = "expiration_out_of_range"
    CHANNEL_COUNT = "channel_count"
    UNKNOWN_DEVICE = "unknown_device"
    UNKNOWN_CHANNEL = "unknown_channel"
    CHANNEL_OF_OTHER_DEVICE = "channel_of_other_device"
    UNKNOWN_ORGANIZATION = "unknown_organization"
    TASK_RETRIEVING = "task_retrieving"
    # a recording's footage
    NO_RECORDING = "no_recording"
    ARCHIVED = "archived"


WIRE_CODES: dict[str, Refusal] = {
    "ResourceInUse.RetrieveTaskNameRepeat": Refusal.NAME_TAKEN,
    "InvalidParameterValue.IllegalName": Refusal.NAME_INVALID,
    "InvalidParameterValue.InvalidName": Refusal.NAME_INVALID,
    "InvalidParameterValue.EmptyName": Refusal.NAME_INVALID,
    "InvalidParameterValue.TooLongName": Refusal.NAME_INVALID,
    "InvalidParameterValue.IllegalDescribe": Refusal.DESCRIBE_INVALID,
    "InvalidParameterValue.TooLongDescribe": Refusal.DESCRIBE_INVALID,
    "MissingParameter.MissingRetrieveTaskParam": Refusal.MISSING_FIELD,
    "InvalidParameterValue.StartOverEndTime": Refusal.WINDOW_INVALID,
    "InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime": Refusal.WINDOW_INVALID,
    "InvalidParameterValue.InvalidStartTimeOrEndTime": Refusal.WINDOW_INVALID,
    "InvalidParameterValue.OutOfTimeRange": Refusal.WINDOW_TOO_LONG,
    "InvalidParameterValue.TimeLessThanTenMinutes": Refusal.WINDOW_TOO_SHORT,
    "InvalidParameterValue.NonSameDay": Refusal.WINDOW_CROSSES_MIDNIGHT,
    "InvalidParameterValue.StartOverNowTime": Refusal.START_IN_FUTURE,
    "InvalidParameterValue.InvalidRetrievalMode": Refusal.MODE_INVALID,
    "InvalidParameterValue.InvalidExpiration": Refusal.EXPIRATION_OUT_OF_RANGE,
    "InvalidParameterValue.RetrieveTaskChannelsExceedsRange": Refusal.CHANNEL_COUNT,
    "InvalidParameterValue.ContainInvalidDeviceId": Refusal.UNKNOWN_DEVICE,
    "ResourceNotFound.DeviceNotExist": Refusal.UNKNOWN_DEVICE,
    "ResourceNotFound.ChannelNotExist": Refusal.UNKNOWN_CHANNEL,
    "InvalidParameterValue.DeviceMismatchChannel": Refusal.CHANNEL_OF_OTHER_DEVICE,
    "ResourceNotFound.OrganizationIdNotExist": Refusal.UNKNOWN_ORGANIZATION,
    "InvalidParameterValue.OrganizationIDNotExisted": Refusal.UNKNOWN_ORGANIZATION,
    "ResourceInUse.RetrieveTaskExecuting": Refusal.TASK_RETRIEVING,
    "ResourceNotFound.VideoNotFound": Refusal.NO_RECORDING,
    "ResourceUnavailable.VideoArchived": Refusal.ARCHIVED,
}
"""The service's error codes (``tencentcloud.iss.v20230517.errorcodes``) -> reason. An unknown
task (``ResourceNotFound.RetrieveTaskNotExist``) is no refusal: it is ``IvcNotFoundError``."""

# A bare ``ResourceNotFound`` (no sub-code) names what the call was about.
_NOT_FOUND_BY_OPERATION: dict[str, Refusal] = {
    "channels": Refusal.UNKNOWN_DEVICE,
    "playback": Refusal.UNKNOWN_CHANNEL,
    "download": Refusal.UNKNOWN_CHANNEL,
    "recordings": Refusal.UNKNOWN_CHANNEL,
}

HINTS: dict[Refusal, str] = {
    Refusal.NAME_INVALID: "a task name is 1 to 32 Chinese characters, letters, digits, _ or -",
    Refusal.NAME_TAKEN: "another task already has this name: choose another one",
    Refusal.DESCRIBE_INVALID: "a description holds only Chinese characters, letters, digits, "
    "_ and -, and is short: change it",
    Refusal.MISSING_FIELD: "IVC missed a field of the task: fill in every field",
    Refusal.WINDOW_INVALID: "the end of the window must come after its start",
    Refusal.WINDOW_TOO_LONG: "a window is at most one day: shorten it",
    Refusal.WINDOW_TOO_SHORT: "a window is at least 10 minutes: lengthen it",
    Refusal.WINDOW_CROSSES_MIDNIGHT: "a window must not cross midnight: split it in two tasks",
    Refusal.START_IN_FUTURE: "the window starts in the future: pick a time that has passed",
    Refusal.MODE_INVALID: "IVC supports only fast mode (1)",
    Refusal.EXPIRATION_OUT_OF_RANGE: "keep the copy 1 to 365 days",
    Refusal.CHANNEL_COUNT: "pick 1 to 32 camera channels",
    Refusal.UNKNOWN_DEVICE: "IVC does not know this device: pick the camera again",
    Refusal.UNKNOWN_CHANNEL: "IVC does not know this channel: pick the camera again",
    Refusal.CHANNEL_OF_OTHER_DEVICE: "a channel does not belong to its device: pick the "
    "camera again",
    Refusal.UNKNOWN_ORGANIZATION: "IVC does not know this organization: check IVC_ORGANIZATION_ID",
    Refusal.TASK_RETRIEVING: "a task still retrieving cannot be deleted: wait until it is done",
    Refusal.NO_RECORDING: "IVC has no recording of this camera in this window",
    Refusal.ARCHIVED: "this recording is in archive storage: retrieve it first (or again, if "
    "its copy expired)",
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
