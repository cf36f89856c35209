"""Requests not signed by Slack are refused with 401 and never reach IVC."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.app_fixtures import header_text
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_requests import FORM_CONTENT_TYPE, block_actions_body, signed_headers

TEXT = "pending refresh"  # would make a real request reach IVC at once


def _tamper(body: str) -> str:
    changed = body.replace("pending", "retrieved", 1)
    assert changed != body
    return changed


FORGERIES: dict[str, Callable[[], dict[str, Any]]] = {  # keyword arguments of Wire.command
    "wrong secret": lambda: {"secret": "not-the-signing-secret"},
    "six minutes old": lambda: {"timestamp": int(time.time()) - 360},
    "body changed after signing": lambda: {"tamper": _tamper},
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forged_slash_command_is_refused(http_wire, forgery):
    reply = http_wire.command(TEXT, **FORGERIES[forgery]())

    assert reply.status == 401
    assert reply.ack is None
    assert "Pending" not in http_wire.seen[-1]
    # A genuine request afterwards is answered; by then a forged one would have reached IVC.
    genuine = http_wire.command(TEXT)
    assert header_text(genuine.answer()).startswith("Pending tasks")
    assert http_wire.sim.list_requests == 1, "only the genuine request reached IVC"
    assert reply.responses() == []


def test_unsigned_requests_are_refused(http_wire):
    body = "command=%2Fretrieval-tasks&text=pending+refresh"
    headers = {"Content-Type": FORM_CONTENT_TYPE}
    assert http_wire.post(body, headers).status_code == 401
    no_signature = signed_headers(body, SIGNING_SECRET)
    del no_signature["X-Slack-Signature"]
    assert http_wire.post(body, no_signature).status_code == 401

    http_wire.ask(TEXT)
    assert http_wire.sim.list_requests == 1


def test_forged_button_click_is_refused(http_wire):
    rid = http_wire.new_response_id()
    body = block_actions_body(
        "tasks_refresh", '{"f":"all","p":1}', response_url=http_wire.fake.response_url(rid)
    )
    headers = signed_headers(body, "not-the-signing-secret")

    assert http_wire.post(body, headers).status_code == 401

    old = signed_headers(body, SIGNING_SECRET, timestamp=int(time.time()) - 360)
    assert http_wire.post(body, old).status_code == 401
    http_wire.ask(TEXT)
    assert http_wire.sim.list_requests == 1
    assert http_wire.fake.responses(rid) == []
