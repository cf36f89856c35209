"""/healthz and /readyz of the running app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import Wire, start_wire


def test_healthz_and_readyz_of_a_working_app(http_wire):
    health = http_wire.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"alive": True}

    ready = http_wire.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["ready"] is True
    assert body["ivc_last_error"] is None
    assert 0 <= body["ivc_last_success_seconds_ago"] < 60


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


def test_readiness_follows_ivc(failing_from_start):
    wire = failing_from_start

    assert wire.get("/healthz").status_code == 200, "alive even while IVC fails"
    failing = wire.wait_readyz(lambda r: r.json()["ivc_last_error"] is not None)
    assert failing.status_code == 503
    body = failing.json()
    assert body["ready"] is False
    assert body["ivc_last_success_seconds_ago"] is None
    assert body["ivc_last_error"] == (
        "IVC answered HTTP 500: IVC is having trouble; try again in a minute"
    )
    assert wire.sim.list_requests >= 1

    wire.sim.set_fault("none")
    ready = wire.wait_readyz(lambda r: r.status_code == 200)
    assert ready.json()["ready"] is True
    assert ready.json()["ivc_last_error"] is None

    # Within the readiness window (at least 60 s) a new failure is reported, still ready.
    wire.sim.set_fault("code-500")
    flaky = wire.wait_readyz(lambda r: r.json()["ivc_last_error"] is not None)
    assert flaky.status_code == 200
    assert "Code 500" in flaky.json()["ivc_last_error"]
    assert wire.get("/healthz").status_code == 200
