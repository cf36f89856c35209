"""/healthz and /readyz of the running app: /readyz says only whether the app takes traffic
(from start-up until shutdown begins), never asks IVC and never shows IVC's errors."""

from __future__ import annotations

import math
from collections.abc import Iterator

import httpx
import pytest

from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.source import TaskSource
from bot.slack.http_server import build_asgi
from tests.support.app_fixtures import Wire, start_wire
from tests.support.polling import wait_until


def test_healthz_and_readyz_of_a_working_app(http_wire):
    health = http_wire.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"alive": True}

    ready = http_wire.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True}
    assert 0 <= http_wire.ivc_success_age() < 60


@pytest.fixture(scope="module")
def failing_from_start(tmp_path_factory) -> Iterator[Wire]:
    """IVC fails from the start: the app never had a good task list. Returned once the app's
    start-up poll has asked IVC (the worker's next poll is an hour away), so any later IVC
    call is one a test made happen."""
    with start_wire(
        tmp_path_factory.mktemp("not-ready"),
        sim_kwargs={"fault": "http-500"},
        wait_ready=False,
        CACHE_TTL_SECONDS="1",
        CACHE_MAX_STALE_SECONDS="0",
        POLL_INTERVAL_SECONDS="3600",
    ) as wire:
        wait_until(lambda: wire.sim.list_requests >= 1, "the app's start-up poll asked IVC", 10)
        yield wire


def test_readyz_tells_nothing_of_ivc_and_never_calls_it(failing_from_start):
    wire = failing_from_start
    assert wire.get("/healthz").status_code == 200, "alive even while IVC fails"
    ready = wire.wait_readyz(lambda r: r.status_code == 200)
    assert ready.json() == {"ready": True}
    assert math.isinf(wire.ivc_success_age()), "IVC's health is in the metrics"
    assert "http-500" not in ready.text and "IVC" not in ready.text

    before = wire.sim.list_requests
    for _ in range(20):
        answer = wire.get("/readyz")
        assert answer.status_code == 200 and answer.json() == {"ready": True}
    assert wire.sim.list_requests == before, "/readyz asked IVC"


class _NoIvc:
    """A backend that must never be called."""

    base_url = "http://ivc.invalid"

    async def list_tasks(self) -> TaskList:
        raise AssertionError("/readyz called IVC")

    async def task_details(self, task_id: str) -> TaskDetails:
        raise AssertionError("/readyz called IVC")

    async def aclose(self) -> None:
        return None


async def test_readyz_turns_false_once_shutdown_begins():
    stopping = [False]
    source = TaskSource(_NoIvc(), ttl=30, max_stale=600, details_ttl=30)
    asgi = build_asgi(None, source, stopping=lambda: stopping[0])
    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        assert (await client.get("/readyz")).json() == {"ready": True}
        stopping[0] = True
        answer = await client.get("/readyz")
    assert answer.status_code == 503 and answer.json() == {"ready": False}
