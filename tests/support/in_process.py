"""The real app in process: ``bot.runtime.running`` (``build_app`` with real ``Deps``, database
and worker) on an event loop of its own, with Slack requests dispatched through
``AsyncApp.async_dispatch(BoltRequest(...))`` instead of HTTP.

Register with ``pytest_plugins`` (tests/conftest.py). The IVC simulator and the fake Slack Web
API run on loopback as for wire tests; the app's ``AsyncWebClient`` points at the fake, and
``response_url`` bodies land there. ``InProcess`` has the ``Wire`` interface (``command``,
``click``, ``event``, ``ask``, ``press``, ``reset``, ``sim``, ``fake``...): the requests are
signed with ``tests.support.slack_requests`` as on the wire, though only the request guard of
the HTTP server checks signatures (Bolt's own check is off); every ack body and every
``response_url`` body goes through ``app_fixtures.check_payload``. ``get(path)`` asks the app's
public ASGI routes (``/readyz``...) and ``get_metrics()`` its metrics app, without a socket;
what only a socket or a process shows (401s before Bolt, uvicorn, Socket Mode, signals,
replicas) stays with ``start_wire``.

Fixtures:

- ``in_process``: a session-wide app (cache TTL 600 s), once per IVC API, reset for each test
  as ``http_wire`` is.
- ``start_in_process(tmp_path, locale=..., **env)``: a context manager for an app with other
  settings (``env`` as for ``start_wire``: ``CACHE_TTL_SECONDS="1"``, ``BOT_LANGUAGE="zh"``...)
  and people whose Slack speaks ``locale`` (``LOCALES["zh"]`` with ``BOT_LANGUAGE="zh"``: a
  Chinese team; en-US by default); every ``response_url`` body not checked yet is checked when
  it exits.

Use: take ``in_process`` (or a module fixture around ``start_in_process``) where a test took
``http_wire``; ``command``/``ask``/``click``/``press``/``event`` work the same, and
``wire.runtime`` is the app's ``Runtime`` (``wire.app.output()`` its log lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from starlette.applications import Starlette

from bot.config import Settings
from bot.logs import TextFormatter
from bot.runtime import Runtime, running
from bot.slack.http_server import build_asgi, build_metrics_asgi
from bot.slack.request_guard import RequestGuard
from bot.slack.tenant import AccountServices
from tests.support.app_fixtures import (
    SlackDriver,
    baseline_records,
    reset_for_test,
)
from tests.support.app_process import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, app_env
from tests.support.fake_slack import FakeSlack, running_fake_slack
from tests.support.polling import bound, wait_until
from tests.support.simulator import IVC_APIS, RunningSim, running_sim
from tests.support.slack_requests import bolt_request

T = TypeVar("T")

LOCALES = {"en": "en-US", "zh": "zh-CN"}
"""A Slack locale of each BOT_LANGUAGE: ``start_in_process(locale=LOCALES[lang], ...)``."""
START_TIMEOUT = bound(5)  # failure bounds, scaled for a busy machine
CALL_TIMEOUT = bound(10)
_LOGGERS = ("bot", "slack_bolt", "slack_sdk")


class _LogCapture:
    """The app's log lines (text format) while it runs, for ``output()``."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(TextFormatter())
        self._levels: dict[str, int] = {}

    def __enter__(self) -> _LogCapture:
        for name in _LOGGERS:
            logger = logging.getLogger(name)
            self._levels[name] = logger.level
            if logger.level == logging.NOTSET or logger.level > logging.INFO:
                logger.setLevel(logging.INFO)
            logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, level in self._levels.items():
            logger = logging.getLogger(name)
            logger.removeHandler(self.handler)
            logger.setLevel(level)


@dataclass
class InProcessApp:
    """The runtime on its own loop thread; ``call`` runs a coroutine there."""

    loop: asyncio.AbstractEventLoop
    runtime: Runtime
    logs: _LogCapture
    base_url: str = "in-process:"

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = CALL_TIMEOUT) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def output(self) -> str:
        """Everything the app logged so far."""
        return self.logs.stream.getvalue()


class InProcess(SlackDriver):
    """A ``SlackDriver`` whose requests go through ``async_dispatch`` in this process."""

    def __init__(self, app: InProcessApp, running_sim: RunningSim, fake: FakeSlack) -> None:
        super().__init__(running_sim, fake)
        self.app = app

    @property
    def runtime(self) -> Runtime:
        return self.app.runtime

    @property
    def account(self) -> AccountServices:
        """The app's own IVC account (single-workspace mode, or the shared one)."""
        account = self.app.runtime.tenant.account
        assert account is not None, "the app runs with an IVC account"
        return account

    def ivc_requests(self) -> int:
        """The simulator's requests so far, once the worker has finished any poll a write
        asked for (it polls at once after a create or delete: no part of what tests count)."""
        worker = self.app.runtime.worker
        wait_until(lambda: worker.settled, "the worker's poll after a write", 15)
        return self.sim.requests_served

    def post(self, body: str, headers: dict[str, str]) -> httpx.Response:
        response = self.app.call(self._dispatch(body, headers))
        self.seen.append(response.text)
        return response

    async def _dispatch(self, body: str, headers: dict[str, str]) -> httpx.Response:
        bolt = self.app.runtime.bolt
        assert bolt is not None, "the serve role answers"
        answer = await bolt.async_dispatch(bolt_request(body, headers))
        await asyncio.sleep(0)  # what the answer left for the loop's next turn (its log line)
        return httpx.Response(
            answer.status,
            content=answer.body.encode(),
            headers=[(k, v) for k, values in answer.headers.items() for v in values],
        )

    def reload_cache(self) -> None:
        """Refresh the task source directly: no Slack round trip (nor payload) per reset; no
        task's details kept from an earlier test (a test of ``show`` starts uncached)."""
        source = self.app.runtime.source
        records = self.sim.records()
        for record in records:
            source.details_cache.invalidate(str(record["TaskId"]))
        expected = sorted(str(record["TaskId"]) for record in records)

        def loaded() -> bool:
            # ``force``: a fetch started now, never one in flight from before the reset (the
            # start-up fetch or a poll, which would bring back the earlier tasks)
            snapshot = self.app.call(source.list(force=True))
            return sorted(task.task_id for task in snapshot.tasks) == expected

        wait_until(loaded, "the app's cache holds the simulator's tasks", 10)

    def get(self, path: str) -> httpx.Response:
        """``GET path`` from the app's public ASGI routes (``build_asgi``), without a socket."""
        runtime = self.app.runtime
        asgi = build_asgi(
            runtime.bolt,
            runtime.source,
            guard=RequestGuard(SIGNING_SECRET),
            task_pages=runtime.settings.public_url is not None,
        )
        return self._get(asgi, path)

    def get_metrics(self) -> httpx.Response:
        """``GET /metrics`` from the app's metrics ASGI app (``build_metrics_asgi``)."""
        return self._get(build_metrics_asgi(self.app.runtime.metrics), "/metrics")

    def _get(self, asgi: Starlette, path: str) -> httpx.Response:
        response = self.app.call(self._ask(asgi, path))
        self.seen.append(response.text)
        return response

    async def _ask(self, asgi: Starlette, path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            return await client.get(path)


async def _serve(settings: Settings, started: Future[Runtime], stop: asyncio.Event) -> None:
    try:
        async with running(settings) as runtime:
            started.set_result(runtime)
            await stop.wait()
    except BaseException as error:
        if not started.done():
            started.set_exception(error)
        raise


def settings_of(env: dict[str, str], tmp_path: Path) -> Settings:
    """The app's settings from a wire environment (no .env file, no process environment)."""
    values = {k.lower(): v for k, v in env.items() if k not in ("PYTHONPATH", "PYTHONUNBUFFERED")}
    values.setdefault("database_url", f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    return Settings.model_validate(values)


@contextmanager
def running_in_process(settings: Settings) -> Iterator[InProcessApp]:
    """``bot.runtime.running(settings)`` on a loop thread until the context exits."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="in-process-app", daemon=True)
    thread.start()
    stop = asyncio.Event()
    started: Future[Runtime] = Future()
    with _LogCapture() as logs:
        serving = asyncio.run_coroutine_threadsafe(_serve(settings, started, stop), loop)
        try:
            runtime = started.result(START_TIMEOUT)
            yield InProcessApp(loop, runtime, logs)
        finally:
            loop.call_soon_threadsafe(stop.set)
            with contextlib.suppress(Exception):
                serving.result(CALL_TIMEOUT)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()


@contextmanager
def start_in_process(
    tmp_path: Path,
    *,
    sim_kwargs: dict[str, Any] | None = None,
    locale: str = "en-US",
    **env: str,
) -> Iterator[InProcess]:
    """Simulator (real clock, baseline tasks), fake Slack and the app in process; ``locale``
    is everyone's Slack language (``users.info``), e.g. zh-CN for a Chinese team."""
    with ExitStack() as stack:
        sim = stack.enter_context(running_sim(clock=time.time, **(sim_kwargs or {})))
        if not (sim_kwargs and "tasks" in sim_kwargs):
            sim.sim.set_tasks(baseline_records())
        fake = stack.enter_context(
            running_fake_slack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, default_locale=locale)
        )
        settings = settings_of(app_env(sim.base_url, fake.api_base_url, **env), tmp_path)
        app = stack.enter_context(running_in_process(settings))
        wire = InProcess(app, sim, fake)
        stack.callback(wire.close)
        yield wire
        wire.check_all_sent()


@pytest.fixture(scope="session", params=IVC_APIS)
def in_process_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[InProcess]:
    """The shared in-process app (long cache TTL), once per IVC API."""
    with start_in_process(
        tmp_path_factory.mktemp("in-process"), CACHE_TTL_SECONDS="600", IVC_API=request.param
    ) as wire:
        yield wire


@pytest.fixture
def in_process(in_process_session: InProcess) -> Iterator[InProcess]:
    """The shared in-process app: simulator reset to the baseline tasks, cache reloaded, and
    every payload the test received checked afterwards."""
    with reset_for_test(in_process_session) as wire:
        yield wire


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "team_id": team_id}


def suggestion_payload(
    action_id: str, value: str, *, user_id: str = "U0001", team_id: str = "T0001"
) -> dict[str, Any]:
    """A ``block_suggestion`` (an external select's search) as Slack sends it."""
    return {
        "type": "block_suggestion",
        "user": _user(user_id, team_id),
        "team": {"id": team_id, "domain": "fake-team"},
        "api_app_id": "A0001",
        "action_id": action_id,
        "block_id": action_id,
        "value": value,
        "view": {"id": "VM0001", "type": "modal", "callback_id": "new_task"},
    }


def submission_payload(
    callback_id: str,
    values: dict[str, Any],
    *,
    view_id: str = "VM0001",
    private_metadata: str = "",
    user_id: str = "U0001",
    team_id: str = "T0001",
) -> dict[str, Any]:
    """A ``view_submission`` of a modal whose inputs hold ``values`` (``state.values``)."""
    return {
        "type": "view_submission",
        "user": _user(user_id, team_id),
        "team": {"id": team_id, "domain": "fake-team"},
        "api_app_id": "A0001",
        "trigger_id": "1111111111.2222222222.fake0trigger0id",
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
        },
    }
