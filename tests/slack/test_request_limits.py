"""POST /slack/events: size, signature and encoding are checked on the raw bytes, in that order,
before anything is decoded or parsed; each refusal is a bare status and logs no traceback."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.app_fixtures import Wire, start_wire
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body

LIMIT = 64 * 1024  # the smallest MAX_REQUEST_BYTES, so the tests send little
NESTED_JSON = "[" * 30_000 + "]" * 30_000  # 60 kB, under the limit; a naive json.loads recurses


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    tmp: Path = tmp_path_factory.mktemp("limits")
    with start_wire(tmp, MAX_REQUEST_BYTES=str(LIMIT)) as running:
        yield running


def forged_headers(content_type: str) -> dict[str, str]:
    """Headers of a request that looks like Slack's (a current timestamp) but is not signed."""
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }


def _raw_post(wire: Wire, content: bytes | Iterator[bytes], headers: dict[str, str]) -> int:
    return wire.http.post(wire.url, content=content, headers=headers).status_code


def _still_answers(wire: Wire) -> None:
    assert wire.ask("help")["blocks"], "the app answers a genuine request afterwards"


def _no_traceback(wire: Wire) -> None:
    assert "Traceback" not in wire.app.output()


def test_declared_length_over_the_limit_is_413_unread(wire: Wire) -> None:
    body = slash_command_body("pending", response_url="http://127.0.0.1:1/r")
    headers = {**signed_headers(body, SIGNING_SECRET), "Content-Length": str(LIMIT + 1)}
    padded = body.encode() + b"&x=" + b"a" * (LIMIT + 1 - len(body) - 3)
    assert _raw_post(wire, padded, headers) == 413
    _still_answers(wire)
    _no_traceback(wire)


def test_chunked_body_growing_past_the_limit_is_413(wire: Wire) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(LIMIT // 4096 + 2):
            yield b"a" * 4096

    assert _raw_post(wire, chunks(), forged_headers(FORM_CONTENT_TYPE)) == 413
    _still_answers(wire)


def test_body_at_the_limit_is_read_and_checked(wire: Wire) -> None:
    body = slash_command_body("help", response_url="http://127.0.0.1:1/r")
    padded = body + "&x=" + "a" * (LIMIT - len(body) - 3)
    assert len(padded.encode()) == LIMIT
    response = wire.post(padded, signed_headers(padded, SIGNING_SECRET))
    assert response.status_code == 200
    assert response.json()["blocks"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", NESTED_JSON.encode()),
        (FORM_CONTENT_TYPE, b"payload=%FF%FE" + b"\xff\xfe" * 100),
        ("application/json", b'{"type": "event_callback", "event": \xff}'),
    ],
    ids=["nested json", "form with invalid utf-8", "json with invalid utf-8"],
)
def test_unsigned_hostile_bodies_are_401_before_parsing(
    wire: Wire, content_type: str, body: bytes
) -> None:
    assert _raw_post(wire, body, forged_headers(content_type)) == 401
    _no_traceback(wire)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", NESTED_JSON.encode()),
        ("application/json", b'{"type": "event_callback", "event": \xff}'),
        (FORM_CONTENT_TYPE, b"payload=" + b"%7B" * 10),
        (FORM_CONTENT_TYPE, b"command=%2Fretrieval-tasks&text=\xff\xfe"),
    ],
    ids=["nested json", "json with invalid utf-8", "payload not json", "form not utf-8"],
)
def test_signed_undecodable_bodies_are_400(wire: Wire, content_type: str, body: bytes) -> None:
    headers = {**signed_headers(body, SIGNING_SECRET), "Content-Type": content_type}
    assert _raw_post(wire, body, headers) == 400
    _no_traceback(wire)
    _still_answers(wire)


def test_signed_event_is_still_dispatched(wire: Wire) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    headers = {**signed_headers(body, SIGNING_SECRET), "Content-Type": "application/json"}
    response = wire.post(body, headers)
    assert response.status_code == 200
    assert "c-123" in response.text
