"""Signed request bodies match Slack's format and pass slack_sdk's and Bolt's checks."""

import json
import time
from urllib.parse import parse_qs, parse_qsl

import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import (
    block_actions_body,
    bolt_request,
    signature,
    signed_headers,
    slash_command_body,
    slash_command_fields,
)

SECRET = "fake-signing-secret-0123456789abcdef"


def test_signature_matches_slacks_documented_example():
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert (
        signature(body, "8f742231b10e8888abcd99yyyzzz85a5", 1531420618)
        == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


@pytest.mark.parametrize(
    "body",
    [
        slash_command_body("search café & co"),
        block_actions_body("tasks_next", "page:2", response_url="https://x.invalid/r"),
    ],
    ids=["slash command", "block actions"],
)
def test_signed_headers_pass_signature_verifier(body):
    headers = signed_headers(body, SECRET)

    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
    assert not SignatureVerifier(SECRET).is_valid_request(body + "&x=1", headers)
    old = signed_headers(body, SECRET, timestamp=int(time.time()) - 6 * 60)
    assert not SignatureVerifier(SECRET).is_valid_request(body, old)


def test_slash_command_body_is_form_encoded_like_slack():
    body = slash_command_body("show 42 now", response_url="https://hooks.example/r/1")

    assert "command=%2Fretrieval-tasks" in body
    assert "text=show+42+now" in body
    pairs = parse_qsl(body, keep_blank_values=True)
    assert [k for k, _ in pairs][:3] == ["token", "team_id", "team_domain"]
    assert dict(pairs) == slash_command_fields(
        "show 42 now", response_url="https://hooks.example/r/1"
    )
    assert parse_qs(slash_command_body(""), keep_blank_values=True)["text"] == [""]


def test_block_actions_body_carries_a_json_payload():
    body = block_actions_body(
        "tasks_refresh", "pending|1", response_url="https://hooks.example/a/1", user_id="U0042"
    )

    [raw] = parse_qs(body)["payload"]
    payload = json.loads(raw)
    assert payload["type"] == "block_actions"
    assert payload["response_url"] == "https://hooks.example/a/1"
    assert payload["user"]["id"] == "U0042"
    assert payload["team"]["id"] == payload["user"]["team_id"] == "T0001"
    assert payload["container"]["channel_id"] == payload["channel"]["id"] == "C0001"
    [action] = payload["actions"]
    assert (action["action_id"], action["value"], action["type"]) == (
        "tasks_refresh",
        "pending|1",
        "button",
    )


async def test_bolt_accepts_and_routes_both_requests(fake_slack: FakeSlack):
    app = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token=fake_slack.bot_token, base_url=fake_slack.api_base_url),
    )
    seen: list[str] = []

    @app.command("/retrieval-tasks")
    async def command(ack, command):
        seen.append(command["text"])
        await ack(text="working")

    @app.action("tasks_next")
    async def next_page(ack, body, respond):
        await ack()
        seen.append(body["actions"][0]["value"])
        await respond(replace_original=True, text="page 2")

    cmd_body = slash_command_body("pending")
    cmd = await app.async_dispatch(bolt_request(cmd_body, signed_headers(cmd_body, SECRET)))
    url = fake_slack.response_url("click-1")
    action_body = block_actions_body("tasks_next", "page:2", response_url=url)
    action = await app.async_dispatch(
        bolt_request(action_body, signed_headers(action_body, SECRET))
    )
    forged = await app.async_dispatch(
        bolt_request(cmd_body, signed_headers(cmd_body, "wrong-secret"))
    )

    assert (cmd.status, cmd.body) == (200, "working")
    assert action.status == 200
    assert forged.status == 401
    reply = await fake_slack.wait_for_response("click-1", timeout=5)
    assert reply == {"replace_original": True, "text": "page 2"}
    assert seen == ["pending", "page:2"]
    assert fake_slack.calls("auth.test")[0].ok
