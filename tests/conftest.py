"""Shared fixtures: the IVC simulator and the fake Slack live in tests/support."""

pytest_plugins = [
    "tests.support.databases",
    "tests.support.simulator",
    "tests.support.fake_slack",
    "tests.support.app_fixtures",
    "tests.support.in_process",
]
