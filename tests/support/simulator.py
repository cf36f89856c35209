"""Test support for the IVC simulator: credentials, a threaded server, signing helpers.

Register the fixtures with ``pytest_plugins = ["tests.support.simulator"]`` in the root
``conftest.py``; then any test can take ``simulator`` (a running simulator on a fake
clock), ``simulator_with_token`` (one that requires a security token, and the token) or
``simulator_factory`` (start one with other settings).

``ivc_api`` is parametrised over both APIs the bot can read from (``"ivc"``, the ``/ivc/``
endpoints, and ``"cloudapi"``, API 3.0 on ``POST /``); ``make_backend(simulator)`` builds
that API's client for a running simulator and ``served_records(sim, api)`` gives the task
records that API serves. A test taking them runs once per API.

``new_task_for(sim, name)`` builds a valid ``NewTask`` on cameras of the simulator's catalog.

``verify_with_cos_sdk`` checks a captured request's signature with Tencent's own COS SDK
(``cos-python-sdk-v5``), an implementation independent of ``bot.ivc.ivc_api.signing``; the API 3.0
counterparts (Tencent Cloud's SDK) are in ``tests/support/cloudapi.py``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from bot.ivc import CloudApiClient, Credentials, IvcClient, TaskBackend
from bot.ivc.ivc_api.signing import parse_authorization, sign_request
from bot.ivc.new_task import ChannelRef, NewTask
from bot.simulator import DETAILS_PATH, LIST_PATH, RecordedRequest, Simulator
from bot.simulator.cameras import ROOT_ORGANIZATION
from tests.support.clock import FakeClock
from tests.support.cloudapi import cloudapi_post
from tests.support.server_thread import ServerThread

SIM_SECRET_ID = "AKIDtestSECRETIDxyz"
SIM_SECRET_KEY = "sk-test-DISTINCTIVE-ivc-key-7f3a"
SIM_SECURITY_TOKEN = "tok-test-DISTINCTIVE-sts-9c1e"
IVC_APIS = ("ivc", "cloudapi")

__all__ = [
    "DETAILS_PATH",
    "IVC_APIS",
    "LIST_PATH",
    "SIM_SECRET_ID",
    "SIM_SECRET_KEY",
    "SIM_SECURITY_TOKEN",
    "RunningSim",
    "backend_for",
    "cos_sdk_authorization",
    "ivc_api",
    "make_backend",
    "new_task_for",
    "recorded_verifies_with_cos_sdk",
    "running_simulator",
    "served_records",
    "signed_get",
    "signed_headers",
    "simulator",
    "simulator_factory",
    "simulator_with_token",
    "verify_with_cos_sdk",
]


@dataclass(slots=True)
class RunningSim:
    """A simulator served from a background thread, and the fake clock it runs on."""

    sim: Simulator
    server: ServerThread
    clock: FakeClock

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def host(self) -> str:
        """The ``Host`` header value clients send (``127.0.0.1:PORT``)."""
        return urlsplit(self.base_url).netloc

    def get(self, path: str, params: Mapping[str, str] | None = None, **kw: Any) -> httpx.Response:
        """A GET signed with the simulator's credentials at the fake clock's time."""
        return signed_get(self.base_url, path, params, now=self.clock(), **kw)

    def list_tasks(self, **kw: Any) -> httpx.Response:
        return self.get(LIST_PATH, **kw)

    def details(self, task_id: str, **kw: Any) -> httpx.Response:
        return self.get(DETAILS_PATH, {"TaskId": task_id}, **kw)

    def post(self, path: str, body: Any, **kw: Any) -> httpx.Response:
        """A POST of ``body`` as JSON to an ``/ivc/`` path, signed at the fake clock's time."""
        timeout = kw.pop("timeout", 10)
        headers = signed_headers("POST", path, None, host=self.host, now=self.clock(), **kw)
        content = json.dumps(body, ensure_ascii=False).encode()
        return httpx.post(
            self.base_url + path,
            content=content,
            headers={**headers, "Content-Type": "application/json"},
            timeout=timeout,
        )

    def call(self, action: str, params: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
        """An API 3.0 ``POST /`` signed (TC3) with the simulator's credentials at clock time."""
        kw.setdefault("secret_id", SIM_SECRET_ID)
        kw.setdefault("secret_key", SIM_SECRET_KEY)
        return cloudapi_post(self.base_url, action, params, now=self.clock(), **kw)


@contextmanager
def running_simulator(**kwargs: Any) -> Iterator[tuple[Simulator, ServerThread]]:
    """Serve ``Simulator(**kwargs)`` on loopback; credentials default to the SIM_ constants."""
    kwargs.setdefault("secret_id", SIM_SECRET_ID)
    kwargs.setdefault("secret_key", SIM_SECRET_KEY)
    kwargs.setdefault("clock", FakeClock())
    sim = Simulator(**kwargs)
    server = ServerThread(sim.app()).start()
    try:
        yield sim, server
    finally:
        server.stop()


@contextmanager
def running_sim(**kwargs: Any) -> Iterator[RunningSim]:
    """Like ``running_simulator`` but yields a ``RunningSim`` (with its fake clock)."""
    clock = kwargs.setdefault("clock", FakeClock())
    with running_simulator(**kwargs) as (sim, server):
        yield RunningSim(sim, server, clock)


@pytest.fixture
def simulator() -> Iterator[RunningSim]:
    """A simulator with 40 tasks on a ``FakeClock``, served on 127.0.0.1."""
    with running_sim() as running:
        yield running


@pytest.fixture
def simulator_with_token() -> Iterator[tuple[RunningSim, str]]:
    """A simulator that requires ``x-iss-security-token``, and that token."""
    with running_sim(security_token=SIM_SECURITY_TOKEN) as running:
        yield running, SIM_SECURITY_TOKEN


@pytest.fixture
def simulator_factory() -> Iterator[Callable[..., RunningSim]]:
    """Start simulators with custom settings: ``simulator_factory(tasks=3, fault="http-500")``."""
    stack: list[Any] = []

    def start(**kwargs: Any) -> RunningSim:
        cm = running_sim(**kwargs)
        stack.append(cm)
        return cm.__enter__()

    yield start
    for cm in reversed(stack):
        cm.__exit__(None, None, None)


# Both APIs -------------------------------------------------------------------------------
@pytest.fixture(params=IVC_APIS)
def ivc_api(request: pytest.FixtureRequest) -> str:
    """``"ivc"`` or ``"cloudapi"``: a test taking this runs once for each API."""
    return request.param


def backend_for(
    api: str,
    target: RunningSim | str,
    *,
    secret_id: str = SIM_SECRET_ID,
    key: str = SIM_SECRET_KEY,
    token: str | None = None,
    timeout: float = 5.0,
    clock: Callable[[], float] | None = None,
    region: str | None = None,
) -> IvcClient | CloudApiClient:
    """The client of ``api`` for a running simulator (on its fake clock) or a base URL."""
    if isinstance(target, str):
        base_url, default_clock = target, time.time
    else:
        base_url, default_clock = target.base_url, target.clock
    creds = Credentials(secret_id, key, token)
    chosen_clock = clock or default_clock
    if api == "cloudapi":
        return CloudApiClient(base_url, creds, region=region, timeout=timeout, clock=chosen_clock)
    return IvcClient(base_url, creds, timeout=timeout, clock=chosen_clock)


@pytest.fixture
def make_backend(ivc_api: str) -> Callable[..., TaskBackend]:
    """``make_backend(simulator, key=..., token=..., clock=...)``: a client of ``ivc_api``."""

    def make(target: RunningSim | str, **kwargs: Any) -> TaskBackend:
        return backend_for(ivc_api, target, **kwargs)

    return make


def served_records(sim: Simulator, api: str) -> list[Any]:
    """The task records ``api`` serves now (API 3.0 adds ``Describe`` and ``ChannelCount``)."""
    return sim.cloudapi_records() if api == "cloudapi" else sim.records()


def new_task_for(
    sim: Simulator,
    name: str,
    *,
    channels: int = 2,
    start: datetime | None = None,
    hours: float = 1,
    expiration_days: int = 7,
    describe: str | None = None,
) -> NewTask:
    """A valid ``NewTask`` named ``name`` on the first ``channels`` channels of the catalog's
    devices under the root organization (a window of ``hours`` from 10:00 Beijing time)."""
    refs: list[ChannelRef] = []
    for device in sim.catalog.devices_in(
        ROOT_ORGANIZATION, sub_levels=True, keyword=None, status=None
    ):
        refs += [
            ChannelRef(device.device_id, device.channel_id(n)) for n in device.channel_numbers()
        ]
        if len(refs) >= channels:
            break
    begin = start or datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    return NewTask(
        name=name,
        start=begin,
        end=begin + timedelta(hours=hours),
        expiration_days=expiration_days,
        channels=tuple(refs[:channels]),
        describe=describe,
    )


# Signing ----------------------------------------------------------------------------------
def signed_headers(
    method: str,
    path: str,
    params: Mapping[str, str] | None = None,
    *,
    host: str,
    now: float,
    secret_id: str = SIM_SECRET_ID,
    secret_key: str = SIM_SECRET_KEY,
    token: str | None = None,
    lifetime: int = 600,
) -> dict[str, str]:
    """Headers (Host, Authorization, token) of a request signed with ``bot.ivc.ivc_api.signing``."""
    headers = {"Host": host}
    if token is not None:
        headers["x-iss-security-token"] = token
    start = int(now) - 60
    sig = sign_request(
        secret_id=secret_id,
        secret_key=secret_key,
        method=method,
        path=path,
        params=params or {},
        headers=headers,
        start=start,
        end=start + 60 + lifetime,
    )
    return {**headers, "Authorization": sig.authorization}


def signed_get(
    base_url: str,
    path: str,
    params: Mapping[str, str] | None = None,
    *,
    now: float,
    timeout: float = 10,
    **sign_kw: Any,
) -> httpx.Response:
    """GET ``base_url + path`` signed for the simulator (host, and token if given)."""
    host = urlsplit(base_url).netloc
    headers = signed_headers("GET", path, params, host=host, now=now, **sign_kw)
    return httpx.get(base_url + path, params=params, headers=headers, timeout=timeout)


# The independent signer: Tencent's COS SDK ---------------------------------------------------
_SDK_LOCK = threading.Lock()


def cos_sdk_authorization(
    method: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    secret_id: str,
    secret_key: str,
    key_time: str | tuple[int, int],
) -> str:
    """The Authorization header ``qcloud_cos.cos_auth.CosS3Auth`` computes for this request.

    ``headers`` are the headers to sign (all of them are signed). The SDK takes its key
    time from ``time.time()`` as ``[t - 60, t + expire]``; both are set so its key time is
    ``key_time``. The SDK signs only a whitelist of header names (host, content-type,
    ``x-cos-*``...); that filter is widened to sign exactly ``headers``, as a caller of
    this scheme chooses what to sign.
    """
    from qcloud_cos import CosConfig, cos_auth
    from requests import Request

    start, end = _key_time(key_time)
    conf = CosConfig(Region="ap-guangzhou", SecretId=secret_id, SecretKey=secret_key)
    auth = cos_auth.CosS3Auth(conf, key=unquote(path), params=dict(params), expire=end - start - 60)
    request = Request(method.upper(), "http://ivc.invalid" + path, headers=dict(headers)).prepare()
    request.headers.clear()
    request.headers.update(headers)
    fake_time = SimpleNamespace(time=lambda: float(start + 60))
    with (
        _SDK_LOCK,
        mock.patch.object(cos_auth, "time", fake_time),
        mock.patch.object(cos_auth, "filter_headers", dict),
    ):
        auth(request)
    authorization = request.headers["Authorization"]
    assert isinstance(authorization, str)
    return authorization


def verify_with_cos_sdk(
    method: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    secret_id: str,
    secret_key: str,
    key_time: str | tuple[int, int] | None = None,
) -> bool:
    """True when the request's Authorization header equals what the COS SDK computes.

    ``headers`` are the request's headers as sent (any case), including Authorization;
    the SDK signs the ones named in its q-header-list. ``key_time`` defaults to the
    request's own q-key-time.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    sent = lower.get("authorization")
    if not sent:
        return False
    parsed = parse_authorization(sent)
    if set(parsed.url_param_list) != {k.lower() for k in params}:
        return False
    try:
        signed = {name: lower[name] for name in parsed.header_list}
    except KeyError:
        return False
    expected = cos_sdk_authorization(
        method, path, params, signed, secret_id, secret_key, key_time or parsed.key_time
    )
    return _same_authorization(expected, sent)


def recorded_verifies_with_cos_sdk(
    request: RecordedRequest, secret_id: str = SIM_SECRET_ID, secret_key: str = SIM_SECRET_KEY
) -> bool:
    """``verify_with_cos_sdk`` for a request the simulator received (``sim.requests[-1]``)."""
    return verify_with_cos_sdk(
        request.method, request.path, request.params, request.headers, secret_id, secret_key
    )


def _same_authorization(a: str, b: str) -> bool:
    pa, pb = parse_authorization(a), parse_authorization(b)
    return pa == pb


def _key_time(key_time: str | tuple[int, int]) -> tuple[int, int]:
    if isinstance(key_time, str):
        start, _, end = key_time.partition(";")
        return int(start), int(end)
    return int(key_time[0]), int(key_time[1])


def retrieved_camera(sim: Simulator) -> tuple[str, str]:
    """A retrieved task the simulator serves and one of its cameras with a recording."""
    for record in sim.records():
        details = sim.details(record["TaskId"]) or {}
        cameras = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] != 3]
        if record["Status"] == 0 and cameras:
            return record["TaskId"], cameras[0]
    raise AssertionError("no retrieved task with a recording")
