"""Forged and replayed requests to ``POST /slack/events`` are refused with 401 and run no
listener; requests from a workspace outside ``SLACK_ALLOWED_TEAM_IDS`` reach nothing either.

What a listener would leave behind is counted before and after: IVC requests (every command
asks with ``refresh``), bodies POSTed to response_url (clicks and commands answer there) and
Web API calls (``app_home_opened`` publishes a Home tab). A genuine request of each kind at the
end shows each of those counters does move when a listener runs.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.views.notices import render_workspace_not_allowed
from tests.support.app_fixtures import Wire, is_fetching
from tests.support.app_process import SIGNING_SECRET
from tests.support.reliability import audited_wire, record_result
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    block_actions_body,
    signed_headers,
    slash_command_body,
)

FORGED = 1_000
FOREIGN = 300
ALLOWED_WORKSPACE = "T0001"
FOREIGN_WORKSPACES = ("T0EVIL", "T0002", "", "t0001", "T0001 ")
KINDS = ("command", "click", "event")


@dataclass
class Request:
    kind: str
    body: str
    headers: dict[str, str]
    rid: str


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[Wire]:
    with audited_wire(
        tmp_path_factory.mktemp("forgery"),
        CACHE_TTL_SECONDS="600",
        SLACK_ALLOWED_TEAM_IDS=ALLOWED_WORKSPACE,
    ) as wire:
        wire.reload()
        yield wire


def _body(
    wire: Wire, kind: str, index: int, workspace: str = ALLOWED_WORKSPACE
) -> tuple[str, str, str]:
    """A body of ``kind`` (and its response id and content type) that would make a listener
    act at once: a refreshing command, a Refresh click, an App Home opening."""
    rid = wire.new_response_id()
    if kind == "command":
        text = ("pending refresh", "all refresh public", "summary refresh", "help")[index % 4]
        body = slash_command_body(
            text,
            response_url=wire.fake.response_url(rid),
            team_id=workspace,
            user_id=f"U{index:05d}",
        )
        return rid, body, FORM_CONTENT_TYPE
    if kind == "click":
        body = block_actions_body(
            "tasks_refresh",
            '{"f":"all","p":1}',
            team_id=workspace,
            response_url=wire.fake.response_url(rid),
        )
        return rid, body, FORM_CONTENT_TYPE
    event = {
        "type": "app_home_opened",
        "user": f"U{index:05d}",
        "channel": "D0001",
        "tab": "home",
        "event_ts": f"{time.time():.6f}",
    }
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": workspace,
            "api_app_id": "A0001",
            "event": event,
            "event_id": f"Ev{index:06d}",
            "event_time": int(time.time()),
        }
    )
    return rid, body, "application/json"


def _headers(
    body: str, content_type: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    return {**signed_headers(body, secret, timestamp=timestamp), "Content-Type": content_type}


def _flip(body: str) -> str:
    """The body changed after signing (one character, or one more field)."""
    if "refresh" in body:
        return body.replace("refresh", "refresH", 1)
    return body + "&x=1" if not body.startswith("{") else body[:-1] + ', "x": 1}'


# Each forgery: (name, make headers and body from a genuine body) ---------------------------
def _missing_signature(body, ct, rng):
    headers = _headers(body, ct)
    del headers["X-Slack-Signature"]
    return body, headers


def _missing_timestamp(body, ct, rng):
    headers = _headers(body, ct)
    del headers["X-Slack-Request-Timestamp"]
    return body, headers


def _no_slack_headers(body, ct, rng):
    return body, {"Content-Type": ct}


def _malformed_signature(body, ct, rng):
    headers = _headers(body, ct)
    good = headers["X-Slack-Signature"]
    headers["X-Slack-Signature"] = rng.choice(
        [
            "",
            "v0=",
            "v0=" + "z" * 64,
            "v1=" + good[3:],
            good[:-1],
            good.upper(),
            good + "0",
            "sha256=" + good[3:],
            good[3:],
            "v0=" + "0" * 64,
            "v0=" + good[3:35],
        ]
    )
    return body, headers


def _wrong_secret(body, ct, rng):
    secret = rng.choice(
        [
            "not-the-signing-secret",
            SIGNING_SECRET + "x",
            SIGNING_SECRET[:-1],
            SIGNING_SECRET.upper(),
        ]
    )
    return body, _headers(body, ct, secret=secret)


def _old_timestamp(body, ct, rng):
    age = rng.choice([301, 360, 3_600, 86_400 * 30])
    return body, _headers(body, ct, timestamp=int(time.time()) - age)


def _future_timestamp(body, ct, rng):
    return body, _headers(body, ct, timestamp=int(time.time()) + rng.choice([400, 86_400]))


def _replayed_timestamp_swap(body, ct, rng):
    """A captured signature replayed with a fresh timestamp: the signature covers it."""
    old = int(time.time()) - 600
    headers = _headers(body, ct, timestamp=old)
    headers["X-Slack-Request-Timestamp"] = str(int(time.time()))
    return body, headers


def _body_changed(body, ct, rng):
    return _flip(body), _headers(body, ct)


def _malformed_timestamp(body, ct, rng):
    headers = _headers(body, ct)
    ts = headers["X-Slack-Request-Timestamp"]
    bad = rng.choice(["", "abc", ts + ".5", f"{ts}abc", "1e9", "-" + ts, "0x10", "99" * 20])
    headers["X-Slack-Request-Timestamp"] = bad
    return body, headers


FORGERIES: dict[str, Callable[..., Any]] = {
    "missing signature": _missing_signature,
    "missing timestamp": _missing_timestamp,
    "no Slack headers": _no_slack_headers,
    "malformed signature": _malformed_signature,
    "wrong secret": _wrong_secret,
    "timestamp older than 5 minutes": _old_timestamp,
    "timestamp in the future": _future_timestamp,
    "old signature with a new timestamp": _replayed_timestamp_swap,
    "body changed after signing": _body_changed,
}


def _effects(wire: Wire) -> tuple[int, int, int]:
    """IVC requests, response_url bodies, Web API calls so far."""
    responses = sum(len(wire.fake.responses(rid)) for rid in wire.response_ids)
    return wire.sim.requests_served, responses, len(wire.fake.calls())


def _settle(wire: Wire, before: tuple[int, int, int]) -> tuple[int, int, int]:
    """The counters once a genuine command (answered via IVC and response_url) has gone
    through: anything a forged request might have started before it is done by then."""
    reply = wire.command("pending refresh")
    assert reply.status == 200
    reply.answer()
    after = _effects(wire)
    return after[0] - 1, after[1] - (0 if reply.answered_in_ack else 1), after[2]


def test_forged_and_replayed_requests_are_refused(wire):
    rng = random.Random(6)
    before = _effects(wire)
    refused: dict[str, int] = dict.fromkeys(FORGERIES, 0)
    by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
    for index in range(FORGED):
        kind = KINDS[index % len(KINDS)]
        name = list(FORGERIES)[(index // len(KINDS)) % len(FORGERIES)]
        _rid, body, content_type = _body(wire, kind, index)
        body, headers = FORGERIES[name](body, content_type, rng)
        response = wire.post(body, headers)
        assert response.status_code == 401, (name, kind, response.status_code, response.text)
        assert not is_fetching(_json_or_none(response.text)), (name, kind)
        assert "Fetching" not in response.text
        refused[name] += 1
        by_kind[kind] += 1

    assert _settle(wire, before) == before, "a forged request reached a listener"
    assert sum(refused.values()) == FORGED
    record_result(
        "forgery",
        {
            "forged_requests": FORGED,
            "refused_401": sum(refused.values()),
            "by_forgery": refused,
            "by_kind": by_kind,
        },
    )


def test_each_counter_moves_when_a_listener_runs(wire):
    """The counters above are not blind: genuine requests of each kind move them."""
    before = _effects(wire)
    for index, kind in enumerate(KINDS):
        _rid, body, content_type = _body(wire, kind, 900_000 + index)
        assert wire.post(body, _headers(body, content_type)).status_code == 200
    wire.fake.wait_for_calls_sync("views.publish", 1, timeout=10)
    wire.fake.wait_for_sync(lambda: _effects(wire)[1] >= before[1] + 2, timeout=15)
    ivc, responses, calls = _effects(wire)
    assert ivc > before[0], "the refreshing command reached IVC"
    assert responses >= before[1] + 2, "the command and the click answered at response_url"
    assert calls > before[2], "the Home tab was published"


def test_workspaces_outside_the_allow_list_reach_nothing(wire):
    before = _effects(wire)
    answered = 0
    for index in range(FOREIGN):
        kind = KINDS[index % len(KINDS)]
        workspace = FOREIGN_WORKSPACES[index % len(FOREIGN_WORKSPACES)]
        _rid, body, content_type = _body(wire, kind, index, workspace=workspace)
        response = wire.post(body, _headers(body, content_type))
        assert response.status_code == 200, (kind, workspace, response.text)
        if kind == "command":
            ack = response.json()
            assert ack["text"] == render_workspace_not_allowed("en").text, ack["text"]
            assert ack["response_type"] == "ephemeral"
        else:
            assert response.text in ("", "{}"), response.text
        answered += 1

    assert _settle(wire, before) == before, "a foreign workspace reached a listener"
    record_result(
        "allow_list",
        {"foreign_requests": FOREIGN, "refused": answered, "teams": list(FOREIGN_WORKSPACES)},
    )


MALFORMED_TIMESTAMPS = 60


def _send_malformed_timestamps(wire: Wire) -> list[int]:
    rng = random.Random(7)
    statuses = []
    for index in range(MALFORMED_TIMESTAMPS):
        _rid, body, content_type = _body(wire, KINDS[index % len(KINDS)], index)
        body, headers = _malformed_timestamp(body, content_type, rng)
        response = wire.post(body, headers)
        assert "Fetching" not in response.text
        statuses.append(response.status_code)
    return statuses


def test_malformed_timestamp_runs_no_listener(wire):
    before = _effects(wire)
    statuses = _send_malformed_timestamps(wire)
    assert set(statuses) == {401}
    assert _settle(wire, before) == before, "a request with a malformed timestamp got through"


def test_malformed_timestamp_is_refused_with_401(wire):
    assert set(_send_malformed_timestamps(wire)) == {401}


def test_ssl_check_body_runs_no_listener(wire):
    """Bolt answers ``ssl_check=1`` without verifying the signature; such a forged body must
    still not run the command."""
    before = _effects(wire)
    rid = wire.new_response_id()
    body = slash_command_body("pending refresh", response_url=wire.fake.response_url(rid))
    response = wire.post(body + "&ssl_check=1", {"Content-Type": FORM_CONTENT_TYPE})
    assert response.status_code in (200, 401)
    assert "Fetching" not in response.text and "Pending" not in response.text
    assert _settle(wire, before) == before


def _json_or_none(text: str):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
