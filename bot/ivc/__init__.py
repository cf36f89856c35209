"""The IVC data source: the typed task model, the caches, and a signed client of either API.

IVC serves the same retrieval tasks through two APIs, chosen by IVC_API:
``ivc_api/`` holds the ``/ivc/`` endpoints (COS-style HMAC-SHA1 signing, ``IvcClient``) and
``cloud_api/`` Tencent Cloud API 3.0 (TC3-HMAC-SHA256, ``CloudApiClient``). Both read the
answer into the same ``TaskList`` / ``TaskDetails`` and raise the same ``IvcError`` family
(``errors``); ``source.TaskSource`` puts the chosen one behind the caches.
"""

from bot.ivc.backend import TaskBackend
from bot.ivc.cache import DetailsCache, DetailsSnapshot, TaskCache
from bot.ivc.cloud_api.client import CloudApiClient
from bot.ivc.credentials import Credentials
from bot.ivc.errors import (
    IvcApiError,
    IvcAuthError,
    IvcError,
    IvcHttpError,
    IvcMalformedError,
    IvcNotFoundError,
    IvcRateLimitError,
    IvcTimeoutError,
    IvcTransportError,
)
from bot.ivc.ivc_api.client import IvcClient
from bot.ivc.models import Channel, ChannelStatus, Task, TaskDetails, TaskList, TaskStatus
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.source import TaskSource, build_backend, build_source

__all__ = [
    "Channel",
    "ChannelStatus",
    "CloudApiClient",
    "Credentials",
    "DetailsCache",
    "DetailsSnapshot",
    "IvcApiError",
    "IvcAuthError",
    "IvcClient",
    "IvcError",
    "IvcHttpError",
    "IvcMalformedError",
    "IvcNotFoundError",
    "IvcRateLimitError",
    "IvcTimeoutError",
    "IvcTransportError",
    "Task",
    "TaskBackend",
    "TaskCache",
    "TaskDetails",
    "TaskList",
    "TaskSnapshot",
    "TaskSource",
    "TaskStatus",
    "build_backend",
    "build_source",
]
