"""The IVC data source: signed client, caches and the typed task model."""

from bot.ivc.backend import TaskBackend
from bot.ivc.cache import DetailsCache, DetailsSnapshot, TaskCache
from bot.ivc.cloud_api.client import CloudApiClient
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
from bot.ivc.ivc_api.auth import Credentials
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
