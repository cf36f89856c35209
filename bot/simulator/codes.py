"""The error codes the simulator refuses with: Tencent's own, never invented ones.

The service's codes are those Tencent's SDK lists for ``iss`` 2023-05-17
(``tencentcloud/iss/v20230517/errorcodes.py``); the rest are API 3.0's common codes. The
``/ivc/`` endpoints answer the same code at the start of ``Message`` (``"<Code>: <text>"``).
The signature codes (``AuthFailure.*``) live with the signature checks (``auth``,
``tc3_check``).
"""

from __future__ import annotations

# Common codes of API 3.0 ------------------------------------------------------------------
MISSING_PARAMETER = "MissingParameter"
INVALID_PARAMETER = "InvalidParameter"
INVALID_PARAMETER_VALUE = "InvalidParameterValue"
"""A bare bad value: what the simulator answers for a download link's ``Expires`` outside
1–86400, or for a ``ListOrganizationChannels`` name condition over 32 bytes (Tencent documents
the bounds, not the code)."""
UNKNOWN_PARAMETER = "UnknownParameter"
INVALID_ACTION = "InvalidAction"
NO_SUCH_VERSION = "NoSuchVersion"
REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded"
INTERNAL_ERROR = "InternalError"
RESOURCE_NOT_FOUND = "ResourceNotFound"
"""A bare not-found: what ``DescribeDeviceChannel`` answers for an unknown device (Tencent's
own example of the action)."""

# Retrieval tasks ---------------------------------------------------------------------------
MISSING_TASK_PARAM = "MissingParameter.MissingRetrieveTaskParam"
NAME_REPEAT = "ResourceInUse.RetrieveTaskNameRepeat"
TASK_EXECUTING = "ResourceInUse.RetrieveTaskExecuting"
TASK_NOT_EXIST = "ResourceNotFound.RetrieveTaskNotExist"
EMPTY_NAME = "InvalidParameterValue.EmptyName"
TOO_LONG_NAME = "InvalidParameterValue.TooLongName"
ILLEGAL_NAME = "InvalidParameterValue.IllegalName"
INVALID_MODE = "InvalidParameterValue.InvalidRetrievalMode"
INVALID_EXPIRATION = "InvalidParameterValue.InvalidExpiration"
CHANNELS_EXCEED = "InvalidParameterValue.RetrieveTaskChannelsExceedsRange"

# Recording windows -------------------------------------------------------------------------
INVALID_TIME = "InvalidParameterValue.InvalidStartTimeOrEndTime"
START_NOT_BEFORE_END = "InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime"
START_IN_FUTURE = "InvalidParameterValue.StartOverNowTime"
TOO_LONG = "InvalidParameterValue.OutOfTimeRange"
TOO_SHORT = "InvalidParameterValue.TimeLessThanTenMinutes"
NOT_SAME_DAY = "InvalidParameterValue.NonSameDay"

# Cameras -----------------------------------------------------------------------------------
DEVICE_NOT_EXIST = "ResourceNotFound.DeviceNotExist"
CHANNEL_NOT_EXIST = "ResourceNotFound.ChannelNotExist"
DEVICE_MISMATCH_CHANNEL = "InvalidParameterValue.DeviceMismatchChannel"
ORGANIZATION_NOT_EXIST = "ResourceNotFound.OrganizationIdNotExist"
INVALID_PAGE_NUMBER = "InvalidParameterValue.InvalidPageNumber"
INVALID_PAGE_SIZE = "InvalidParameterValue.InvalidPageSize"

# Recordings --------------------------------------------------------------------------------
VIDEO_NOT_FOUND = "ResourceNotFound.VideoNotFound"
VIDEO_ARCHIVED = "ResourceUnavailable.VideoArchived"
INVALID_FILE_TYPE = "InvalidParameterValue.InvalidFileType"  # a download neither mp4 nor ts

DECIDED = frozenset(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
"""Every code above: each one the simulator's own rules answer with."""
ON_REQUEST = frozenset(
    {
        "InvalidParameterValue.InvalidName",
        "InvalidParameterValue.IllegalDescribe",
        "InvalidParameterValue.TooLongDescribe",
        "InvalidParameterValue.StartOverEndTime",
        "InvalidParameterValue.ContainInvalidDeviceId",
        "InvalidParameterValue.OrganizationIDNotExisted",
    }
)
"""Codes Tencent lists that no rule of the simulator decides (its rules answer these cases with
the codes above); a test makes a kind of call answer one with ``Simulator.set_refusal``."""
