"""The simulated IVC account: credentials, tasks, the current fault and request counters."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.config import IvcApi
from bot.simulator import codes, payloads
from bot.simulator.accounts import AccountSpec, SimAccounts
from bot.simulator.auth import Credentials
from bot.simulator.cameras import DEFAULT_CHANNELS, SimCatalog
from bot.simulator.downloads import DownloadBook, DownloadRequest, download_link
from bot.simulator.faults import WRITE_ENDPOINTS, Fault, parse_fault
from bot.simulator.organization_channels import (
    OrganizationChannelsRequest,
    organization_channels,
)
from bot.simulator.playback import PlaybackBook, PlaybackRequest, check_footage
from bot.simulator.recorded import RecordedRequest
from bot.simulator.recordings import RecordFileRequest, RecordingBook, check_camera, record_file
from bot.simulator.server import build_app
from bot.simulator.tasks import (
    RETRIEVING,
    STAGES,
    SimTask,
    created_task,
    generate_tasks,
    hex_id,
    raw_tasks,
)
from bot.simulator.writes import (
    WRITES_PER_SECOND,
    CreateRequest,
    DeviceListRequest,
    SimRefusal,
    check_create,
)

REQUEST_HISTORY = 100
REFUSABLE_ENDPOINTS = frozenset(
    {"create", "delete", "playback", "download", "devices", "organization_channels"}
)
"""The kinds of call ``Simulator.set_refusal`` can make answer a given code."""


class Simulator:
    """State of one simulated IVC service; ``app()`` serves it over HTTP.

    Safe to drive from a test thread while the server runs in another: every change
    replaces or mutates state under a lock; handlers read it and bump the counters.
    """

    def __init__(
        self,
        *,
        secret_id: str,
        secret_key: str,
        security_token: str | None = None,
        tasks: int = 40,
        latency_ms: float = 0,
        fault: Fault | str = Fault.NONE,
        pace_seconds: float = 120.0,
        seed: int = 1,
        clock: Clock = time.time,
        cameras: int = DEFAULT_CHANNELS,
        accounts: int = 0,
        account_tasks: int | None = None,
        task_channels: bool = True,
    ) -> None:
        if tasks < 0:
            raise ValueError("tasks must be >= 0")
        if pace_seconds <= 0:
            raise ValueError("pace_seconds must be > 0")
        self.credentials = Credentials(secret_id, secret_key, security_token)
        self.latency_ms = float(latency_ms)
        self.pace_seconds = float(pace_seconds)
        self.seed = seed
        self.clock = clock
        self._fault = parse_fault(fault)
        self.write_fault: Fault | None = None
        self.cloudapi_error: tuple[str, str] | None = None
        self.refusals: dict[str, str] = {}
        self._lock = threading.Lock()
        self._huge_lock = threading.Lock()
        self.requests: deque[RecordedRequest] = deque(maxlen=REQUEST_HISTORY)
        self._tasks: list[SimTask] = generate_tasks(
            tasks, seed=seed, pace=self.pace_seconds, now=clock(), channels=task_channels
        )
        self._huge_list: bytes | None = None
        self.catalog = SimCatalog.generate(cameras, seed=seed)
        self._ids = random.Random(seed * 31 + 7)
        self._write_times: deque[float] = deque()
        self.playback_book = PlaybackBook()
        self.recordings = RecordingBook(seed)
        self.download_book = DownloadBook()
        self.reset_counters()
        self._cameras = cameras
        self.accounts = SimAccounts(
            self._account_simulator,
            tenants=accounts,
            tenant_tasks=tasks if account_tasks is None else account_tasks,
            seed=seed,
        )

    def __repr__(self) -> str:
        return (
            f"Simulator(secret_id={self.credentials.secret_id!r}, tasks={len(self._tasks)}, "
            f"fault={self._fault.value!r}, latency_ms={self.latency_ms})"
        )

    # faults -------------------------------------------------------------------------
    @property
    def fault(self) -> Fault:
        return self._fault

    def set_fault(self, fault: Fault | str) -> None:
        """Switch the failure mode; takes effect from the next request."""
        self._fault = parse_fault(fault)

    def set_write_fault(self, fault: Fault | str | None) -> None:
        """A failure mode for creates and deletes only, instead of ``fault`` (None: stop)."""
        self.write_fault = None if fault is None else parse_fault(fault)

    def fault_for(self, endpoint: str) -> Fault:
        """The fault a request to ``endpoint`` meets."""
        if self.write_fault is not None and endpoint in WRITE_ENDPOINTS:
            return self.write_fault
        return self._fault

    def set_cloudapi_error(self, code: str | None, message: str = "") -> None:
        """Answer every correctly signed API 3.0 call with this ``Error`` (None: stop)."""
        self.cloudapi_error = None if code is None else (code, message or f"simulated {code}")

    def set_refusal(self, endpoint: str, code: str | None) -> None:
        """Refuse every ``endpoint`` call (``REFUSABLE_ENDPOINTS``) that passes the simulator's
        own checks with ``code``, one of the service's codes in ``codes`` (None: stop), in
        each API's envelope: lets a test prove the app's answer to each listed code."""
        if endpoint not in REFUSABLE_ENDPOINTS:
            raise ValueError(f"not a refusable endpoint: {endpoint[:40]!r}")
        if code is not None and code not in codes.DECIDED | codes.ON_REQUEST:
            raise ValueError(f"not a code Tencent lists: {code[:80]!r}")
        others = {k: v for k, v in self.refusals.items() if k != endpoint}
        self.refusals = others if code is None else {**others, endpoint: code}

    def set_create_refusal(self, code: str | None) -> None:
        """``set_refusal("create", code)``."""
        self.set_refusal("create", code)

    def refuse_if_set(self, endpoint: str) -> None:
        """Raise the ``SimRefusal`` a test set for ``endpoint`` with ``set_refusal``, if any
        (a not-found code with the HTTP 404 the ``/ivc/`` endpoints give it)."""
        code = self.refusals.get(endpoint)
        if code is not None:
            status = 404 if code.startswith("ResourceNotFound") else 400
            raise SimRefusal(code, f"simulated {code}", status)

    # tasks --------------------------------------------------------------------------
    def set_tasks(self, records: list[Any]) -> None:
        """Serve exactly these raw records (any JSON values); they never progress."""
        tasks = raw_tasks(records)
        with self._lock:
            self._tasks = tasks

    def add_task(self, record: Any) -> None:
        """Append one raw record (served as is, never progresses)."""
        task = raw_tasks([record])[0]
        with self._lock:
            self._tasks = [*self._tasks, task]

    def set_task_status(self, task_id: str, status: int) -> None:
        """Set a task's status; a generated task then moves on from the start of that stage.

        Statuses other than 0, 1, 2 (and any status of a raw record) stay as set.
        """
        with self._lock:
            task = self._find(task_id)
            if task.created_at is not None and status in STAGES:
                task.restart_at(status, self.clock())
                return
            record = task.list_record(self.clock())
            if not isinstance(record, dict):
                raise ValueError(f"task {task_id!r} is not a JSON object")
            task.record = {**record, "Status": status}
            task.created_at = None

    def _find(self, task_id: str) -> SimTask:
        for task in self._tasks:
            if task.task_id == task_id:
                return task
        raise KeyError(task_id)

    def records(self) -> list[Any]:
        """The task records the list endpoint would serve now (without faults)."""
        now = self.clock()
        return [task.list_record(now) for task in self._tasks]

    def cloudapi_records(self) -> list[Any]:
        """The task records API 3.0 would list now: plus ``Describe`` and ``ChannelCount``."""
        now = self.clock()
        return [task.cloudapi_record(now) for task in self._tasks]

    def details(self, task_id: str, api: IvcApi = "ivc") -> dict[str, Any] | None:
        """The details record of ``task_id`` now (as ``api`` serves it), or None if unknown."""
        now = self.clock()
        for task in self._tasks:
            if task.task_id == task_id and isinstance(task.record, dict):
                details = task.details_record(now)
                if api == "cloudapi":
                    details = {**task.cloudapi_record(now), "Channels": details["Channels"]}
                return details
        return None

    def task_ids(self) -> list[Any]:
        """TaskIds of the current tasks, in list order."""
        return [task.task_id for task in self._tasks]

    def huge_list_json(self) -> bytes:
        """The encoded ``Data`` array of the HUGE_LIST fault, built once and cached."""
        with self._huge_lock:
            if self._huge_list is None:
                self._huge_list = payloads.huge_list_json(self.seed, self.clock())
            return self._huge_list

    # writes and cameras -------------------------------------------------------------
    def create_task(self, params: dict[str, Any], *, api: IvcApi) -> dict[str, Any]:
        """Create a task from a request body; raises ``SimRefusal`` as IVC would refuse it.

        Returns ``Data`` of ``api``'s answer: the new task (on API 3.0 with ``Describe``, and
        no ``ChannelCount``: ``AddRecordRetrieveTaskData`` has none)."""
        now = self.clock()
        request = check_create(params, with_describe=api == "cloudapi", now=now)
        with self._lock:
            channels = self._resolve(request)
            if any(t.name_is(request.name) for t in self._tasks):
                raise SimRefusal(codes.NAME_REPEAT, "a task with this name already exists")
            self.refuse_if_set("create")
            record = {
                "TaskId": hex_id(self._ids),
                "TaskName": request.name,
                "StartTime": request.start,
                "EndTime": request.end,
                "Mode": request.mode,
                "Expiration": request.expiration,
                "Capacity": round(len(channels) * (request.end - request.start) / 240, 2),
            }
            task = created_task(record, channels, now, self.pace_seconds)
            task.describe_text = request.describe or ""
            self._tasks = [task, *self._tasks]
        if api == "ivc":
            served: dict[str, Any] = task.list_record(now)
            return served
        return {k: v for k, v in task.cloudapi_record(now).items() if k != "ChannelCount"}

    def _resolve(self, request: CreateRequest) -> list[tuple[str, str, str, str]]:
        channels = []
        for device_id, channel_id in request.channels:
            device = self.catalog.device(device_id)
            if device is None:
                raise SimRefusal(codes.DEVICE_NOT_EXIST, "a device does not exist", 404)
            owner = self.catalog.channel_owner(channel_id)
            if owner is None:
                raise SimRefusal(codes.CHANNEL_NOT_EXIST, "a channel does not exist", 404)
            if owner is not device:
                raise SimRefusal(
                    codes.DEVICE_MISMATCH_CHANNEL, "a channel belongs to another device"
                )
            number = device.channel_number(channel_id)
            channels.append((device_id, device.name, channel_id, device.channel_name(number)))
        return channels

    def delete_task(self, task_id: str) -> None:
        """Delete a task; a task still retrieving is refused."""
        with self._lock:
            try:
                task = self._find(task_id)
            except KeyError:
                raise SimRefusal(codes.TASK_NOT_EXIST, "the task does not exist", 404) from None
            if task.status(self.clock()) == RETRIEVING:
                raise SimRefusal(codes.TASK_EXECUTING, "a task still retrieving cannot be deleted")
            self.refuse_if_set("delete")
            self._tasks = [t for t in self._tasks if t is not task]

    def list_devices(
        self, request: DeviceListRequest, api: IvcApi
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of ``api``'s device records (``Password`` included, as IVC sends it) and
        the total."""
        if request.org_id not in self.catalog.organizations:
            raise SimRefusal(codes.ORGANIZATION_NOT_EXIST, "the organization does not exist", 404)
        self.refuse_if_set("devices")
        devices = self.catalog.devices_in(
            request.org_id,
            sub_levels=request.sub_levels,
            keyword=request.keyword,
            status=request.status,
        )
        first = (request.page - 1) * request.page_size
        page = devices[first : first + request.page_size]
        return [d.record(api) for d in page], len(devices)

    def organization_channels(self, request: OrganizationChannelsRequest) -> dict[str, Any]:
        """``Data`` of ``ListOrganizationChannels``: one page of one organization's channels,
        or the ``SimRefusal``."""
        data = organization_channels(self.catalog, request)
        self.refuse_if_set("organization_channels")
        return data

    def device_channels(self, device_id: str, api: IvcApi) -> list[dict[str, Any]]:
        """``api``'s channel records of one device; an unknown device is a bare
        ``ResourceNotFound`` (as Tencent's example of ``DescribeDeviceChannel`` shows)."""
        device = self.catalog.device(device_id)
        if device is None:
            raise SimRefusal(codes.RESOURCE_NOT_FOUND, "the device does not exist", 404)
        return device.channel_records(api)

    def admit_write(self) -> bool:
        """API 3.0's write limit: False when 5 writes already came within the last second."""
        with self._lock:
            now = self.clock()
            while self._write_times and self._write_times[0] <= now - 1:
                self._write_times.popleft()
            if len(self._write_times) >= WRITES_PER_SECOND:
                return False
            self._write_times.append(now)
            return True

    # playing a recording ------------------------------------------------------------
    def playback_url(self, request: PlaybackRequest) -> dict[str, str]:
        """``Data`` of a playback call: a fresh address, or the ``SimRefusal`` IVC answers.
        A catalog channel's footage that is not archived plays without a retrieval."""
        now = self.clock()
        known = self.catalog.channel_owner(request.channel_id) is not None
        if not (known and self.recordings.plays(request, now)):
            check_footage(self._tasks, request, now, self.playback_book, known=known)
        self.refuse_if_set("playback")
        return {"Hls": self.playback_book.address(request)}

    # a channel's cloud recordings -----------------------------------------------------
    def record_file(self, request: RecordFileRequest) -> dict[str, Any]:
        """``Data`` of ``DescribeRecordFile`` for a catalog camera, or the ``SimRefusal``."""
        check_camera(self.catalog, request)
        return record_file(self.recordings, self.playback_book, request, self.clock())

    def set_recording(self, channel_id: str, case: str | None) -> None:
        """Serve ``channel_id``'s recordings as ``case`` (``recordings.CASES``: archived,
        partial, unarchived, missing; None: as the seed decides)."""
        self.recordings.set_case(channel_id, case)

    def expire_copy(self, task_id: str) -> None:
        """From now on the retrieved copy of ``task_id`` counts as expired."""
        self.playback_book.expired.add(task_id)

    def download_url(self, request: DownloadRequest) -> dict[str, str]:
        """``Data`` of a download call: a fresh link, or the ``SimRefusal`` IVC answers (the
        footage rules and expired copies are playback's)."""
        known = self.catalog.channel_owner(request.channel_id) is not None
        check_footage(self._tasks, request.footage, self.clock(), self.playback_book, known=known)
        self.refuse_if_set("download")
        return download_link(request, self.download_book)

    # counters -----------------------------------------------------------------------
    def reset_counters(self) -> None:
        """Zero the counters and forget the recorded requests."""
        self.requests.clear()
        self.requests_served = 0
        self.list_requests = 0
        self.details_requests = 0
        self.cloudapi_requests = 0
        self.calls: Counter[str] = Counter()

    def count(
        self, endpoint: str, request: RecordedRequest | None = None, api: IvcApi = "ivc"
    ) -> None:
        """Record one API request of either API, whatever its outcome.

        ``endpoint`` is ``"list"``, ``"details"``, ``"create"``, ``"delete"``, ``"devices"``,
        ``"channels"``, ``"organization_channels"``, ``"playback"``, ``"download"``,
        ``"recordings"`` or (API 3.0, unknown action) ``"other"``.
        """
        with self._lock:
            if request is not None:
                self.requests.append(request)
            self.requests_served += 1
            self.cloudapi_requests += api == "cloudapi"
            self.calls[endpoint] += 1
            if endpoint == "list":
                self.list_requests += 1
            elif endpoint == "details":
                self.details_requests += 1

    def stats(self) -> dict[str, Any]:
        """Counters and settings, as ``GET /_sim/stats`` reports them."""
        return {
            "requests_served": self.requests_served,
            "list_requests": self.list_requests,
            "details_requests": self.details_requests,
            "cloudapi_requests": self.cloudapi_requests,
            "calls": dict(self.calls),
            "fault": self._fault.value,
            "write_fault": None if self.write_fault is None else self.write_fault.value,
            "cloudapi_error": self.cloudapi_error[0] if self.cloudapi_error else None,
            "latency_ms": self.latency_ms,
            "tasks": len(self._tasks),
        }

    # accounts -----------------------------------------------------------------------
    def account_for(self, secret_id: str | None) -> Simulator:
        """The account a request signed with ``secret_id`` is answered from: this one, another
        account's, or (unknown) this one, whose signature check then refuses the SecretId."""
        if secret_id is None or secret_id == self.credentials.secret_id:
            return self
        return self.accounts.get(secret_id) or self

    def add_account(
        self,
        secret_id: str,
        secret_key: str,
        *,
        security_token: str | None = None,
        tasks: int | None = None,
        seed: int | None = None,
    ) -> Simulator:
        """Another account on this server, with its own tasks and cameras (returned)."""
        if secret_id == self.credentials.secret_id:
            raise ValueError("that SecretId is the simulator's own account")
        spec = AccountSpec(
            secret_id=secret_id,
            secret_key=secret_key,
            security_token=security_token,
            tasks=self.accounts.tenant_tasks if tasks is None else tasks,
            seed=self.seed * 7_919 + len(self.accounts) + 1 if seed is None else seed,
        )
        return self.accounts.add(spec)

    def _account_simulator(self, spec: AccountSpec) -> Simulator:
        """The state of one more account, on this simulator's clock and pace."""
        return Simulator(
            secret_id=spec.secret_id,
            secret_key=spec.secret_key,
            security_token=spec.security_token,
            tasks=spec.tasks,
            pace_seconds=self.pace_seconds,
            seed=spec.seed,
            clock=self.clock,
            cameras=self._cameras,
            task_channels=False,  # lighter: 1,000 tenants of 200 tasks in one process
        )

    def app(self) -> web.Application:
        """A new aiohttp application serving this simulator."""
        return build_app(self)
