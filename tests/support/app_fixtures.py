"""Driving the app as Slack does, and wire tests of ``python -m bot serve``.

``SlackDriver`` holds what every test of the app shares: the IVC simulator on the real clock,
the fake Slack, signed Slack requests in and checked payloads out. ``Wire`` carries them
over HTTP to an app subprocess (for what only the wire shows: signatures refused before
Bolt, the HTTP server, Socket Mode, signals, replicas, crashes); ``tests.support.in_process``
dispatches them to the app in this process (listener logic).

Register with ``pytest_plugins`` (tests/conftest.py). Fixtures:

- ``socket_wire``: the same for a session-wide app in Socket Mode.
- ``http_wire``: a session-wide app in HTTP mode (cache TTL 600 s), reset for each test: the
  simulator serves ``baseline_records()`` with no fault or latency, the app's cache holds
  them (a ``refresh`` round trip), and every payload the test received is checked afterwards
  (valid Block Kit, no pings, no traceback).
- ``start_wire(tmp_path_factory, **env)``: a context manager for modules that need an app of
  their own (other env, Socket Mode, debug logging); unless ``wait_ready=False`` it returns
  once /readyz says ready and IVC has answered the app's start-up fetch (seen on /metrics).

Test apps run with ``app_process.UNLIMITED`` (no minimum refresh interval, no IVC backoff,
no per-user limit to speak of) unless their env says otherwise. ``get`` asks the public port,
``get_metrics`` the private metrics port.

Every payload the app sends (HTTP ack bodies, response_url bodies, Socket Mode acks) goes
through ``check_payload``.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock
from urllib.parse import urlencode

import httpx
import pytest

from bot.simulator import Simulator
from bot.simulator.tasks import generate_tasks
from tests.support.app_process import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    AppProcess,
    app_env,
    running_app,
)
from tests.support.blockkit import assert_no_pings, assert_valid_message
from tests.support.fake_slack import FakeSlack, running_fake_slack
from tests.support.paths import ROOT
from tests.support.polling import bound, wait_until
from tests.support.simulator import IVC_APIS, SIM_SECRET_KEY, RunningSim, running_sim
from tests.support.slack_requests import (
    block_actions_body,
    block_actions_payload,
    signed_headers,
    slash_command_body,
    slash_command_fields,
)

EVENTS = "/slack/events"
D = TypeVar("D", bound="SlackDriver")
SECRETS = {
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    "SLACK_BOT_TOKEN": BOT_TOKEN,
    "SLACK_APP_TOKEN": APP_TOKEN,
    "IVC_SECRET_KEY": SIM_SECRET_KEY,
}
ANSWER_TIMEOUT = 15.0
IVC_AGE = "retrieval_tasks_ivc_last_success_age_seconds"
_TASK_ID = re.compile(r"`([0-9a-f]{32})`")
_TRACE_MARKS = ("Traceback", 'File "')


# Data ------------------------------------------------------------------------------------
def frozen_records(count: int, *, seed: int = 1) -> list[dict[str, Any]]:
    """Realistic raw IVC records (the simulator's generator) frozen at their current status."""
    now = time.time()
    return [t.list_record(now) for t in generate_tasks(count, seed=seed, pace=120.0, now=now)]


@functools.cache
def _baseline() -> str:
    return json.dumps(frozen_records(40))


def baseline_records() -> list[dict[str, Any]]:
    """40 tasks covering every status (the same for the whole run); a fresh copy each call."""
    return json.loads(_baseline())


def ids_with_status(records: list[dict[str, Any]], status: int) -> set[str]:
    return {r["TaskId"] for r in records if r["Status"] == status}


# Reading payloads --------------------------------------------------------------------------
def dump(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def task_ids(payload: dict[str, Any]) -> list[str]:
    """TaskIds shown on the task cards of a list message, in order."""
    found: list[str] = []
    for block in payload.get("blocks", []):
        if block.get("type") == "section" and str(block.get("block_id", "")).startswith("task"):
            for f in block.get("fields", []):
                if f["text"].startswith("*TaskId*") or f["text"].startswith("*任务 ID*"):
                    found += _TASK_ID.findall(f["text"])
    return found


def block(payload: dict[str, Any], block_id: str) -> dict[str, Any]:
    matches = [b for b in payload.get("blocks", []) if b.get("block_id") == block_id]
    assert matches, f"no block {block_id!r} in {[b.get('block_id') for b in payload['blocks']]}"
    return matches[0]


def header_text(payload: dict[str, Any]) -> str:
    headers = [b for b in payload["blocks"] if b["type"] == "header"]
    assert headers, "message has no header"
    return headers[0]["text"]["text"]


def context_text(payload: dict[str, Any], block_id: str) -> str:
    return " ".join(e["text"] for e in block(payload, block_id)["elements"])


def buttons(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The message's buttons by action_id."""
    return {
        e["action_id"]: e
        for b in payload.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    }


def is_fetching(payload: dict[str, Any] | None) -> bool:
    """The short "Fetching tasks from IVC…" ack."""
    blocks = (payload or {}).get("blocks", [])
    return any(b.get("block_id") == "fetching" for b in blocks)


def is_note(payload: dict[str, Any] | None) -> bool:
    """A short "Fetching…" or "Working on it…" ack: the answer follows at response_url."""
    blocks = (payload or {}).get("blocks", [])
    return any(b.get("block_id") in ("fetching", "working") for b in blocks)


def check_payload(payload: dict[str, Any]) -> None:
    """Every message payload the app sends: valid Block Kit, pings nobody, no traceback.

    A ``delete_original`` instruction (Bolt adds ``"text": ""``) is not a message.
    """
    if not payload.get("delete_original") and ("blocks" in payload or "text" in payload):
        assert_valid_message(payload)
    assert_no_pings(payload)
    text = dump(payload)
    for mark in _TRACE_MARKS:
        assert mark not in text, f"payload leaks a traceback ({mark!r}): {text[:300]}"


# Driving the app ---------------------------------------------------------------------------
@dataclass
class Reply:
    """One request to the app: its HTTP answer (or Socket Mode ack) and its response_url."""

    wire: SlackDriver
    response_id: str
    status: int
    ack: dict[str, Any] | None  # the JSON ack body (None when empty)
    elapsed: float

    @property
    def answered_in_ack(self) -> bool:
        return self.ack is not None and "blocks" in self.ack and not is_note(self.ack)

    def responses(self) -> list[dict[str, Any]]:
        return self.wire.fake.responses(self.response_id)

    def wait_response(self, count: int = 1, timeout: float = ANSWER_TIMEOUT) -> dict[str, Any]:
        """Body ``count`` POSTed to this request's response_url (checked)."""
        body = self.wire.fake.wait_for_response_sync(self.response_id, count, timeout)
        self.wire.check_responses(self.response_id, count)
        return body

    def answer(self, timeout: float = ANSWER_TIMEOUT) -> dict[str, Any]:
        """The answer: the ack itself when it carries one, else the first response_url body."""
        assert self.status == 200, f"HTTP {self.status}"
        if self.answered_in_ack:
            assert self.ack is not None
            return self.ack
        return self.wait_response(1, timeout)


@dataclass
class SlackDriver:
    """An app with its simulator and fake Slack, and helpers to talk Slack to it; ``post``
    carries a signed request to the app (over HTTP for ``Wire``, in process for
    ``tests.support.in_process.InProcess``)."""

    running_sim: RunningSim
    fake: FakeSlack
    socket_mode: bool = False
    seen: list[str] = field(default_factory=list)  # every raw body the app answered
    response_ids: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # response_url bodies checked so far
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _clients: list[httpx.Client] = field(default_factory=list)
    _local: threading.local = field(default_factory=threading.local)

    @property
    def http(self) -> httpx.Client:
        """This thread's HTTP client: tests send from many threads at once, and a connection
        pool shared between threads can close a socket that another thread is reading."""
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(timeout=bound(30))
            self._local.client = client
            self._clients.append(client)  # list.append is atomic
        return client

    @property
    def sim(self) -> Simulator:
        return self.running_sim.sim

    def new_response_id(self) -> str:
        rid = f"r{next(self._ids)}-{os.getpid()}"
        self.response_ids.append(rid)
        return rid

    # --- HTTP mode
    def post(self, body: str, headers: dict[str, str]) -> httpx.Response:
        """Deliver a signed request to the app; its answer."""
        raise NotImplementedError

    def get(self, path: str) -> httpx.Response:
        """``GET path`` of the app's public HTTP routes (/healthz, /readyz)."""
        raise NotImplementedError

    def get_metrics(self) -> httpx.Response:
        """``GET /metrics`` of the app's private metrics port."""
        raise NotImplementedError

    def _reply(self, rid: str, response: httpx.Response, started: float) -> Reply:
        elapsed = time.monotonic() - started
        ack = response.json() if response.status_code == 200 and response.content else None
        if ack is not None:
            check_payload(ack)
        return Reply(self, rid, response.status_code, ack, elapsed)

    def command(
        self,
        text: str,
        *,
        secret: str = SIGNING_SECRET,
        timestamp: int | None = None,
        tamper: Callable[[str], str] | None = None,
        **fields: str,
    ) -> Reply:
        """``/retrieval-tasks text``, signed (``secret``/``timestamp``); ``tamper`` edits the
        body after signing; ``fields`` override the command's (channel_id, user_id, ...)."""
        if self.socket_mode:
            return self.socket_command(text)
        rid = self.new_response_id()
        body = slash_command_body(text, response_url=self.fake.response_url(rid), **fields)
        headers = signed_headers(body, secret, timestamp=timestamp)
        if tamper is not None:
            body = tamper(body)
        started = time.monotonic()
        return self._reply(rid, self.post(body, headers), started)

    def click(self, action_id: str, value: str, **fields: Any) -> Reply:
        """A button click (block_actions) on an ephemeral list message."""
        if self.socket_mode:
            return self.socket_click(action_id, value)
        rid = self.new_response_id()
        body = block_actions_body(
            action_id, value, response_url=self.fake.response_url(rid), **fields
        )
        started = time.monotonic()
        return self._reply(rid, self.post(body, signed_headers(body, SIGNING_SECRET)), started)

    def event(self, event: dict[str, Any], team_id: str = "T0001") -> httpx.Response:
        """An Events API ``event_callback`` carrying ``event``, signed."""
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": team_id,
                "api_app_id": "A0001",
                "event": event,
                "event_id": f"Ev{next(self._ids)}",
                "event_time": int(time.time()),
            }
        )
        headers = {**signed_headers(body, SIGNING_SECRET), "Content-Type": "application/json"}
        return self.post(body, headers)

    def envelope(self, envelope: dict[str, Any]) -> httpx.Response:
        """A whole Events API envelope (e.g. a shared channel's), signed."""
        body = json.dumps(envelope)
        headers = {**signed_headers(body, SIGNING_SECRET), "Content-Type": "application/json"}
        return self.post(body, headers)

    def click_shaped(
        self,
        shape: Callable[[dict[str, Any]], dict[str, Any]],
        action_id: str,
        value: str,
        **fields: Any,
    ) -> Reply:
        """A click whose payload ``shape`` rewrites (a Slack Connect person's, a select's…)."""
        rid = self.new_response_id()
        payload = block_actions_payload(
            action_id, value, response_url=self.fake.response_url(rid), **fields
        )
        started = time.monotonic()
        return self._reply(rid, self.interact(shape(payload)), started)

    def interact(self, payload: dict[str, Any]) -> httpx.Response:
        """Any interactive payload (``block_suggestion``, ``view_submission``…), signed."""
        body = urlencode({"payload": json.dumps(payload, separators=(",", ":"))})
        return self.post(body, signed_headers(body, SIGNING_SECRET))

    def ask(self, text: str, **fields: Any) -> dict[str, Any]:
        """The answer to ``/retrieval-tasks text``, however it arrives."""
        return self.command(text, **fields).answer()

    def press(self, button: dict[str, Any]) -> dict[str, Any]:
        """Click ``button`` (from ``buttons(payload)``); the redrawn message (replace_original)."""
        reply = self.click(button["action_id"], button["value"])
        assert reply.status == 200
        body = reply.wait_response()
        assert body.get("replace_original") is True, body
        return body

    # --- Socket Mode
    def socket_command(self, text: str) -> Reply:
        rid = self.new_response_id()
        fields = slash_command_fields(text, response_url=self.fake.response_url(rid))
        started = time.monotonic()
        envelope_id = self.fake.socket_send_slash_command(fields)
        return self._socket_reply(rid, envelope_id, started)

    def socket_click(self, action_id: str, value: str) -> Reply:
        rid = self.new_response_id()
        payload = block_actions_payload(action_id, value, response_url=self.fake.response_url(rid))
        started = time.monotonic()
        envelope_id = self.fake.socket_send_interactive(payload)
        return self._socket_reply(rid, envelope_id, started)

    def _socket_reply(self, rid: str, envelope_id: str, started: float) -> Reply:
        ack = self.fake.wait_for_socket_ack_sync(envelope_id, timeout=ANSWER_TIMEOUT)
        elapsed = time.monotonic() - started
        self.seen.append(dump(ack))
        payload = ack.get("payload") or None
        if payload is not None:
            check_payload(payload)
        return Reply(self, rid, 200, payload, elapsed)

    def reset(self, records: list[dict[str, Any]] | None = None) -> None:
        """Simulator back to a clean state serving ``records``; the app's cache reloaded."""
        self.sim.set_fault("none")
        self.sim.latency_ms = 0
        self.sim.set_tasks(baseline_records() if records is None else records)
        self.reload_cache()
        self.sim.reset_counters()

    def reload_cache(self) -> None:
        """Make the app's task cache hold what the simulator serves now."""
        self.reload()

    def reload(self) -> dict[str, Any]:
        """Make the app fetch the task list now (``refresh``); its answer."""
        answer = self.ask("all refresh")
        assert header_text(answer).startswith(("All tasks", "全部任务")), answer
        return answer

    def check_responses(self, rid: str, upto: int | None = None) -> None:
        """``check_payload`` each body POSTed to response_url ``rid`` not yet checked."""
        bodies = self.fake.responses(rid)[:upto]
        done = self.checked.get(rid, 0)
        for body in bodies[done:]:
            check_payload(body)
        self.checked[rid] = max(done, len(bodies))

    def check_all_sent(self) -> None:
        """Check every body POSTed to a response_url of this wire (not checked before)."""
        for rid in self.response_ids:
            self.check_responses(rid)

    def transcript(self) -> str:
        """Everything the app sent anywhere, credentials of the app's own requests removed."""
        parts = list(self.seen)
        parts += [dump(self.fake.responses(rid)) for rid in self.response_ids]
        for call in self.fake.calls(redact=True):
            parts += [dump(call.params), dump(call.response), dump(call.headers)]
        parts += [dump(m) for m in self.fake.socket_received()]
        return "\n".join(parts)

    def close(self) -> None:
        for client in self._clients:
            client.close()


class Wire(SlackDriver):
    """A running ``python -m bot serve`` subprocess, talked to over HTTP."""

    def __init__(
        self, app: AppProcess, running_sim: RunningSim, fake: FakeSlack, socket_mode: bool = False
    ) -> None:
        super().__init__(running_sim, fake, socket_mode=socket_mode)
        self.app = app

    @property
    def url(self) -> str:
        return self.app.base_url + EVENTS

    def post(self, body: str, headers: dict[str, str]) -> httpx.Response:
        response = self.http.post(self.url, content=body, headers=headers)
        self.seen.append(response.text)
        return response

    # --- health and state
    def get(self, path: str) -> httpx.Response:
        response = self.http.get(self.app.base_url + path)
        self.seen.append(response.text)
        return response

    def get_metrics(self) -> httpx.Response:
        response = self.http.get(self.app.metrics_url)
        self.seen.append(response.text)
        return response

    def wait_readyz(
        self, predicate: Callable[[httpx.Response], bool], timeout: float = 10
    ) -> httpx.Response:
        """Poll /readyz until ``predicate`` holds (readiness changes in the background)."""
        return self._wait(lambda: self.get("/readyz"), predicate, "/readyz", timeout)

    def ivc_success_age(self) -> float:
        """``ivc_last_success_age_seconds`` from /metrics (inf: IVC never answered)."""
        for line in self.get_metrics().text.splitlines():
            if line.startswith(IVC_AGE + " "):
                return float(line.split()[1])
        raise AssertionError(f"/metrics has no {IVC_AGE}")

    def wait_ivc_answered(self, timeout: float = 10) -> None:
        """Wait until the app has had one task list from IVC (its start-up fetch)."""
        wait_until(
            lambda: math.isfinite(self.ivc_success_age()), "IVC never answered the app", timeout
        )

    @staticmethod
    def _wait(
        get: Callable[[], httpx.Response],
        predicate: Callable[[httpx.Response], bool],
        what: str,
        timeout: float,
    ) -> httpx.Response:
        """Poll ``get()`` until ``predicate`` holds; ``bound(timeout)`` is the failure bound."""
        limit = bound(timeout)
        deadline = time.monotonic() + limit
        while True:
            response = get()
            if predicate(response):
                return response
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} never matched within {limit:g} s: {response.text}")
            time.sleep(0.05)


# Starting apps -----------------------------------------------------------------------------
def wire_env(
    sim: RunningSim, fake: FakeSlack, *, socket_mode: bool = False, **extra: str
) -> dict[str, str]:
    """``app_env`` for this simulator and fake Slack; Socket Mode swaps the signing secret for
    the app token."""
    env = app_env(sim.base_url, fake.api_base_url, **extra)
    if socket_mode:
        del env["SLACK_SIGNING_SECRET"]
        env["SLACK_APP_TOKEN"] = APP_TOKEN
    return env


@contextmanager
def _verbose_popen() -> Iterator[None]:
    """``python -m bot serve`` started as ``python -m bot -v serve`` (debug logging)."""
    real = subprocess.Popen

    def popen(args: list[str], *rest: Any, **kw: Any) -> subprocess.Popen[bytes]:
        assert args[1:3] == ["-m", "bot"], args
        return real([*args[:3], "-v", *args[3:]], *rest, **kw)

    with mock.patch("tests.support.app_process.subprocess.Popen", popen):
        yield


@contextmanager
def start_wire(
    tmp_path: Path,
    *,
    socket_mode: bool = False,
    verbose: bool = False,
    sim_kwargs: dict[str, Any] | None = None,
    wait_ready: bool = True,
    **env: str,
) -> Iterator[Wire]:
    """Simulator (real clock, baseline tasks), fake Slack and the app; ready unless told."""
    with ExitStack() as stack:
        sim = stack.enter_context(running_sim(clock=time.time, **(sim_kwargs or {})))
        if not (sim_kwargs and "tasks" in sim_kwargs):
            sim.sim.set_tasks(baseline_records())
        fake = stack.enter_context(running_fake_slack(bot_token=BOT_TOKEN, app_token=APP_TOKEN))
        full_env = wire_env(sim, fake, socket_mode=socket_mode, **env)
        starting = running_app(full_env, tmp_path)
        if verbose:
            with _verbose_popen():
                app = stack.enter_context(starting)
        else:
            app = stack.enter_context(starting)
        wire = Wire(app, sim, fake, socket_mode=socket_mode)
        stack.callback(wire.close)
        if socket_mode:
            fake.wait_for_socket_connection_sync(timeout=10)
        if wait_ready:
            wire.wait_readyz(lambda r: r.status_code == 200)
            wire.wait_ivc_answered()
        yield wire


@contextmanager
def reset_for_test(wire: D) -> Iterator[D]:
    """``wire.reset()`` before a test; every response_url body checked after it."""
    wire.reset()
    yield wire
    wire.check_all_sent()


def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` with ``env`` on a clean copy of the environment (no IVC_/SLACK_)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("IVC_", "SLACK_"))}
    full.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=bound(timeout),
        check=False,
    )


# Fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session", params=IVC_APIS)
def http_wire_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Wire]:
    """The shared HTTP-mode app (long cache TTL, default stale window), once per IVC API:
    every test on it runs against both backends."""
    with start_wire(
        tmp_path_factory.mktemp("app"), CACHE_TTL_SECONDS="600", IVC_API=request.param
    ) as wire:
        yield wire


@pytest.fixture
def http_wire(http_wire_session: Wire) -> Iterator[Wire]:
    """The shared app, its simulator reset to the baseline tasks and its cache reloaded."""
    with reset_for_test(http_wire_session) as wire:
        yield wire


@pytest.fixture(scope="session")
def socket_wire_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    """The shared Socket Mode app (long cache TTL)."""
    with start_wire(
        tmp_path_factory.mktemp("socket"), socket_mode=True, CACHE_TTL_SECONDS="600"
    ) as wire:
        yield wire


@pytest.fixture
def socket_wire(socket_wire_session: Wire) -> Iterator[Wire]:
    """The shared Socket Mode app, reset as ``http_wire`` is."""
    with reset_for_test(socket_wire_session) as wire:
        yield wire
