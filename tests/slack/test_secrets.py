"""No credential ever shows up in the app's output, its HTTP answers or what Slack receives,
even with debug logging (``python -m bot -v serve``) and a failing IVC."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import SECRETS, Wire, buttons, start_wire


def assert_no_secrets(wire: Wire) -> None:
    places = {"app output": wire.app.output(), "answers and Slack payloads": wire.transcript()}
    for where, text in places.items():
        assert text, f"nothing captured from {where}"
        for name, value in SECRETS.items():
            assert value not in text, f"{name} appears in the {where}"
            assert value[:12] not in text, f"a prefix of {name} appears in the {where}"


def exercise(wire: Wire) -> None:
    """Commands, buttons, failures and forgeries: everything that makes the app talk or log."""
    first = wire.ask("all")
    wire.press(buttons(first)["tasks_next"])
    for text in (
        "pending",
        "summary refresh",
        "help",
        "bogus",
        "search cam",
        f"show {wire.sim.records()[0]['TaskId']}",
    ):
        wire.ask(text)
    for fault in ("signature-rejected", "http-502-html", "invalid-json", "drop-connection"):
        wire.sim.set_fault(fault)
        wire.ask("pending refresh")
        wire.ask(f"show {wire.sim.records()[1]['TaskId']} refresh")
    wire.get("/readyz")
    wire.sim.set_fault("none")
    wire.ask("pending refresh")
    if not wire.socket_mode:
        assert wire.command("pending", secret="forged").status == 401
        assert wire.command("pending", timestamp=int(time.time()) - 400).status == 401
    wire.get("/healthz")


@pytest.fixture(scope="module")
def verbose_http(tmp_path_factory) -> Iterator[Wire]:
    with start_wire(tmp_path_factory.mktemp("verbose"), verbose=True) as wire:
        yield wire


@pytest.fixture(scope="module")
def verbose_socket(tmp_path_factory) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp("verbose-socket"), verbose=True, socket_mode=True
    ) as wire:
        yield wire


def test_http_mode_with_debug_logging(verbose_http):
    exercise(verbose_http)

    assert " DEBUG " in verbose_http.app.output(), "the app really logged at debug level"
    assert "signature" in verbose_http.transcript().lower(), "the rejected signature was shown"
    assert_no_secrets(verbose_http)


def test_socket_mode_with_debug_logging(verbose_socket):
    exercise(verbose_socket)

    assert " DEBUG " in verbose_socket.app.output()
    assert_no_secrets(verbose_socket)


def test_default_logging_of_the_shared_app(http_wire):
    exercise(http_wire)

    assert " DEBUG " not in http_wire.app.output()
    assert_no_secrets(http_wire)
