"""Build Slack's HTTP requests to ``POST /slack/events``: bodies and v0 signatures.

The ``*_fields`` / ``*_payload`` functions give the same data as dicts, which is also what
Socket Mode envelopes carry (``FakeSlack.socket_send_slash_command(fields)``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request.async_request import AsyncBoltRequest

DEFAULT_RESPONSE_URL = "https://hooks.slack.com/commands/T0001/1111111111/fakeresponseurl"
DEFAULT_TRIGGER_ID = "1111111111.2222222222.fake0trigger0id"
VERIFICATION_TOKEN = "fake-verification-token"  # deprecated by Slack, still sent
API_APP_ID = "A0001"
TEAM_DOMAIN = "fake-team"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def slash_command_fields(
    text: str,
    *,
    command: str = "/retrieval-tasks",
    team_id: str = "T0001",
    channel_id: str = "C0001",
    channel_name: str = "ops",
    user_id: str = "U0001",
    user_name: str = "alice",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str = DEFAULT_TRIGGER_ID,
) -> dict[str, str]:
    """The fields of a slash command invocation, in the order Slack sends them."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def slash_command_body(text: str, **fields: Any) -> str:
    """Form-encoded slash command body (see ``slash_command_fields`` for the keywords)."""
    return urlencode(slash_command_fields(text, **fields))


def with_locale(locale: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A payload shape (``click_shaped``) adding the ``user_locale`` Slack sends with
    interactive payloads (e.g. zh-CN)."""

    def shape(payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, "user_locale": locale}

    return shape


def block_actions_payload(
    action_id: str,
    value: str,
    *,
    response_url: str,
    block_id: str = "actions",
    button_text: str = "Next",
    team_id: str = "T0001",
    channel_id: str = "C0001",
    channel_name: str = "ops",
    user_id: str = "U0001",
    user_name: str = "alice",
    message_ts: str = "1700000000.000100",
    is_ephemeral: bool = True,
    message: dict[str, Any] | None = None,
    trigger_id: str = DEFAULT_TRIGGER_ID,
    action_ts: str | None = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload for a button click, shaped like Slack's.

    Slack omits ``message`` when the clicked message is ephemeral (the default here, as
    slash command replies are); pass ``is_ephemeral=False`` and a ``message`` otherwise.
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts or f"{time.time():.6f}",
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return payload


def block_actions_body(action_id: str, value: str, *, response_url: str, **fields: Any) -> str:
    """Form-encoded ``payload=<json>`` body of a button click."""
    payload = block_actions_payload(action_id, value, response_url=response_url, **fields)
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def signature(body: str | bytes, signing_secret: str, timestamp: int) -> str:
    """Slack's v0 signature: ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    raw = body.encode() if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str | bytes, signing_secret: str, *, timestamp: int | None = None
) -> dict[str, str]:
    """Headers Slack sends with ``body``; ``timestamp`` defaults to now."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": FORM_CONTENT_TYPE,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(body, signing_secret, ts),
    }


def bolt_request(body: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """What Bolt's HTTP adapters hand ``AsyncApp.async_dispatch`` for ``body`` and ``headers``."""
    lowered: dict[str, str | Sequence[str]] = {k.lower(): v for k, v in headers.items()}
    return AsyncBoltRequest(body=body, headers=lowered)
