"""/healthz and /readyz of the running app: /readyz says only whether the app takes traffic
(from start-up until shutdown begins), never asks IVC and never shows IVC's errors."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import Wire, start_wire


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
    """IVC fails from the start: the app never had a good task list."""
    with start_wire(
        tmp_path_factory.mktemp("not-ready"),
        sim_kwargs={"fault": "http-500"},
        wait_ready=False,
        CACHE_TTL_SECONDS="1",
        CACHE_MAX_STALE_SECONDS="0",
    ) as wire:
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
