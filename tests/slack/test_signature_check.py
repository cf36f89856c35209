"""The request guard is the one signature check in HTTP mode (Bolt's own is off): through
the HTTP server, an unsigned, badly signed or stale request gets a bare 401 from the guard
and reaches no listener; a genuine one is still answered."""

from __future__ import annotations

import time

import pytest

from tests.support.app_fixtures import Wire, header_text
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body

TEXT = "pending refresh"  # a genuine request with this text reaches IVC at once


def _unsigned(body: str) -> dict[str, str]:
    return {"Content-Type": FORM_CONTENT_TYPE}


def _no_signature(body: str) -> dict[str, str]:
    headers = signed_headers(body, SIGNING_SECRET)
    del headers["X-Slack-Signature"]
    return headers


def _wrong_secret(body: str) -> dict[str, str]:
    return signed_headers(body, "not-the-signing-secret")


def _garbled_signature(body: str) -> dict[str, str]:
    return {**signed_headers(body, SIGNING_SECRET), "X-Slack-Signature": "v0=" + "0" * 64}


def _stale(body: str) -> dict[str, str]:
    return signed_headers(body, SIGNING_SECRET, timestamp=int(time.time()) - 360)


FORGERIES = {
    "unsigned": _unsigned,
    "no signature": _no_signature,
    "wrong secret": _wrong_secret,
    "garbled signature": _garbled_signature,
    "six minutes old": _stale,
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_bad_signature_gets_the_guards_bare_401_and_reaches_no_listener(
    http_wire: Wire, forgery: str
) -> None:
    body = slash_command_body(TEXT)

    refused = http_wire.post(body, FORGERIES[forgery](body))

    assert refused.status_code == 401
    assert refused.content == b"", "the guard's refusal has no body (Bolt's would)"
    assert http_wire.sim.list_requests == 0, "no listener ran"
    genuine = http_wire.command(TEXT)
    assert header_text(genuine.answer()).startswith("Pending tasks")
    assert http_wire.sim.list_requests == 1, "only the genuine request reached IVC"
