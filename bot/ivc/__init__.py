"""The IVC data source: the typed task model, the caches, and a signed client of either API.

``ivc_api/`` (``/ivc/``) or ``cloud_api/`` (API 3.0), chosen by IVC_API, read answers into the
same models and raise the same ``IvcError`` family; ``source.TaskSource`` caches the chosen one.
"""

from bot.ivc.actions import TaskActions
from bot.ivc.backend import CameraDirectory, IvcBackend, TaskBackend, TaskWriter
from bot.ivc.cache import DetailsCache, DetailsSnapshot, TaskCache
from bot.ivc.cameras import Device, DeviceChannel, DevicePage, DeviceQuery, DeviceStatus
from bot.ivc.catalog import Camera, CameraCatalog, CatalogIndex, build_catalog
from bot.ivc.cloud_api.client import CloudApiClient
from bot.ivc.creating import create_once
from bot.ivc.credentials import Credentials
from bot.ivc.errors import (
    IvcApiError,
    IvcAuthError,
    IvcCreateUnknownError,
    IvcError,
    IvcHttpError,
    IvcMalformedError,
    IvcNotFoundError,
    IvcRateLimitError,
    IvcRefusedError,
    IvcTimeoutError,
    IvcTransportError,
)
from bot.ivc.ivc_api.client import IvcClient
from bot.ivc.models import Channel, ChannelStatus, Task, TaskDetails, TaskList, TaskStatus
from bot.ivc.new_task import ChannelRef, CreatedTask, DeletedTask, NewTask
from bot.ivc.refusals import Refusal
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.source import TaskSource, build_backend, build_source
from bot.ivc.task_rules import FieldProblem, TaskField, check_new_task, suggest_name

__all__ = [
    "Camera",
    "CameraCatalog",
    "CameraDirectory",
    "CatalogIndex",
    "Channel",
    "ChannelRef",
    "ChannelStatus",
    "CloudApiClient",
    "CreatedTask",
    "Credentials",
    "DeletedTask",
    "DetailsCache",
    "DetailsSnapshot",
    "Device",
    "DeviceChannel",
    "DevicePage",
    "DeviceQuery",
    "DeviceStatus",
    "FieldProblem",
    "IvcApiError",
    "IvcAuthError",
    "IvcBackend",
    "IvcClient",
    "IvcCreateUnknownError",
    "IvcError",
    "IvcHttpError",
    "IvcMalformedError",
    "IvcNotFoundError",
    "IvcRateLimitError",
    "IvcRefusedError",
    "IvcTimeoutError",
    "IvcTransportError",
    "NewTask",
    "Refusal",
    "Task",
    "TaskActions",
    "TaskBackend",
    "TaskCache",
    "TaskDetails",
    "TaskField",
    "TaskList",
    "TaskSnapshot",
    "TaskSource",
    "TaskStatus",
    "TaskWriter",
    "build_backend",
    "build_catalog",
    "build_source",
    "check_new_task",
    "create_once",
    "suggest_name",
]
