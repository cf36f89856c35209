"""Shared fixtures: the IVC simulator and the fake Slack live in tests/support."""

import logging
from collections.abc import Iterator

import pytest

pytest_plugins = [
    "tests.support.databases",
    "tests.support.simulator",
    "tests.support.fake_slack",
    "tests.support.app_fixtures",
    "tests.support.in_process",
    "tests.support.schema_report",
    "tests.support.log_capture",
]


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A test that configures logging (the CLI in process) leaves the root logger as it was,
    so no later log line from a running app goes to a stream pytest has moved on from."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
