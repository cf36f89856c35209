"""Reading an app's ``/metrics`` in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

from tests.support.app_fixtures import SlackDriver
from tests.support.polling import bound

PREFIX = "retrieval_tasks_"


def scrape(wire: SlackDriver) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of ``GET /metrics`` (the metrics port), by (name, labels)."""
    response = wire.get_metrics()
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain"), response.headers
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(wire: SlackDriver, name: str, **labels: str) -> float:
    """One sample (0 when absent: a labelled counter appears on first use)."""
    return scrape(wire).get((name, frozenset(labels.items())), 0.0)


def wait_value(
    wire: SlackDriver,
    name: str,
    predicate: Callable[[float], bool],
    *,
    timeout: float = 15.0,
    **labels: str,
) -> float:
    """Poll ``/metrics`` until the sample satisfies ``predicate``; its value."""
    limit = bound(timeout)  # a failure bound, scaled for a busy machine
    deadline = time.monotonic() + limit
    while True:
        current = value(wire, name, **labels)
        if predicate(current):
            return current
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}{labels} stayed {current} for {limit:g}s")
        time.sleep(0.05)
