"""p1: where a cache-hit ``pending`` spends its time, the app beside the same-answer baseline.

Both run in this process on one event loop, each behind its own Starlette routes (the app with
its request guard, the baseline with Bolt's signature check), asked through httpx's ASGI
transport, with logging set up as ``python -m bot serve`` sets it up; ``cProfile`` counts each
function's own time while they answer, and the times are summed by the part of the stack a
function belongs to, per request. Profiling slows every call alike, so the shares matter more
than the microseconds; the harness's own client is left out."""

from __future__ import annotations

import cProfile
import json
import logging
import os
import pstats
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import bare_bolt
from bot import logs
from bot.config import Settings
from bot.slack.http_server import build_asgi
from bot.slack.request_guard import RequestGuard
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.in_process import start_in_process
from tests.support.slack_requests import signed_headers, slash_command_body

PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("signature check", ("bot/slack/request_guard", "/hmac.py", "_hashlib", "hmac.digest")),
    ("listener and its replies", ("/listeners.py", "bot/slack/replies", "bot/slack/ack_later")),
    (
        "answer: parse, select, render",
        ("bot/features/", "bot/views/", "bot/tasks/", "bot/ivc/", "bot/commands/"),
    ),
    ("access, throttle, rights", ("bot/slack/",)),
    (
        "observation: metrics, log line",
        ("bot/observability/", "bot/logs", "/logging/", "prometheus"),
    ),
    ("JSON of the answer", ("/json/",)),
    ("Bolt and slack_sdk", ("slack_bolt/", "slack_sdk/", "/urllib/parse")),
    ("Starlette", ("starlette/",)),
)
"""Each part and the paths of its functions (the first part whose path matches wins)."""
HARNESS = ("httpx/", "h11", "anyio/", "bench/profile", "tests/support/")
OTHER = "asyncio and the rest"


def _part(filename: str) -> str | None:
    if any(mark in filename for mark in HARNESS):
        return None
    for name, marks in PARTS:
        if any(mark in filename for mark in marks):
            return name
    return OTHER


def by_part(profile: cProfile.Profile, requests: int) -> dict[str, float]:
    """Microseconds of own time per request, summed by part; a function of no part (a
    builtin, a small library) counts for the parts of its callers, as much as each called it."""
    totals: dict[str, float] = {}
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]

    def add(part: str | None, seconds: float) -> None:
        if part is not None:
            totals[part] = totals.get(part, 0.0) + seconds

    for (filename, _, function), (_, _, own, _, callers) in stats.items():
        part = _part(f"{filename}:{function}")
        if part != OTHER or not callers:
            add(part, own)
            continue
        called = sum(timing[2] for timing in callers.values()) or 1.0
        for (caller_file, _, caller), timing in callers.items():
            add(_part(f"{caller_file}:{caller}"), own * timing[2] / called)
    return {part: round(seconds / requests * 1e6, 1) for part, seconds in totals.items()}


async def _profiled(
    send: Callable[[], Awaitable[httpx.Response]], requests: int
) -> cProfile.Profile:
    for _ in range(max(50, requests // 10)):  # warm: caches, first renders, imports
        await send()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        await send()
    profile.disable()
    return profile


@contextmanager
def _serving_logs(settings: Settings, capture: logging.Handler) -> Iterator[None]:
    """Logging as ``python -m bot serve`` sets it up (JSON lines, secrets redacted), written to
    nowhere, instead of the harness's capture; the process's own logging back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    captured = [logging.getLogger(name) for name in ("bot", "slack_bolt", "slack_sdk")]
    for logger in captured:
        logger.removeHandler(capture)
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        logs.configure_from_settings(settings, stream=nowhere)
        try:
            yield
        finally:
            for handler in list(root.handlers):
                root.removeHandler(handler)
            for handler in handlers:
                root.addHandler(handler)
            root.setLevel(level)
            for logger in captured:
                logger.addHandler(capture)


def run_p1(requests: int) -> dict[str, Any]:
    """Profile ``requests`` cache hits of ``pending`` in the app and in the baseline."""
    body = slash_command_body("pending")
    with (
        tempfile.TemporaryDirectory(prefix="bench-p1-") as tmp,
        start_in_process(Path(tmp), CACHE_TTL_SECONDS="3600") as app,
    ):
        app.reload_cache()
        runtime = app.runtime
        asgi = build_asgi(runtime.bolt, runtime.source, guard=RequestGuard(SIGNING_SECRET))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://app")

        async def ask_app() -> httpx.Response:
            response = await client.post(
                "/slack/events", content=body, headers=signed_headers(body, SIGNING_SECRET)
            )
            response.raise_for_status()
            return response

        answer = json.loads(app.app.call(ask_app()).content)
        os.environ.update(
            SLACK_API_URL=app.fake.api_base_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
        )
        bare = bare_bolt.build_asgi(
            bare_bolt.build_app(process_before_response=True, answer=answer)
        )
        bare_client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=bare), base_url="http://bare"
        )

        async def ask_bare() -> httpx.Response:
            response = await bare_client.post(
                "/slack/events", content=body, headers=signed_headers(body, SIGNING_SECRET)
            )
            response.raise_for_status()
            return response

        assert app.app.call(ask_bare()).content == app.app.call(ask_app()).content
        with _serving_logs(runtime.settings, app.app.logs.handler):
            app_profile = app.app.call(_profiled(ask_app, requests), timeout=600)
            bare_profile = app.app.call(_profiled(ask_bare, requests), timeout=600)
        app_parts, bare_parts = by_part(app_profile, requests), by_part(bare_profile, requests)
    names = [name for name, _ in PARTS] + [OTHER]
    return {
        "requests": requests,
        "app_us": round(sum(app_parts.values()), 1),
        "bare_us": round(sum(bare_parts.values()), 1),
        "parts": {
            name: {"app_us": app_parts.get(name, 0.0), "bare_us": bare_parts.get(name, 0.0)}
            for name in names
        },
    }
