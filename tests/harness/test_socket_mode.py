"""slack_sdk's aiohttp SocketModeClient connects to the fake and acks its envelopes."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import block_actions_payload, slash_command_fields


class Recorder:
    """Socket Mode listeners that keep what they saw and ack like Bolt does."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.requests: list[SocketModeRequest] = []

    async def on_message(
        self, _client: AsyncBaseSocketModeClient, message: dict[str, Any], _raw: str | None
    ) -> None:
        self.messages.append(message)

    async def on_request(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        self.requests.append(req)
        payload = (
            {"text": f"got {req.payload.get('text')}"} if req.type == "slash_commands" else None
        )
        await client.send_socket_mode_response(SocketModeResponse(req.envelope_id, payload))


@pytest.fixture
async def socket_client(fake_slack: FakeSlack) -> AsyncIterator[tuple[SocketModeClient, Recorder]]:
    recorder = Recorder()
    client = SocketModeClient(
        app_token=fake_slack.app_token,
        web_client=AsyncWebClient(base_url=fake_slack.api_base_url),
    )
    client.message_listeners.append(recorder.on_message)
    client.socket_mode_request_listeners.append(recorder.on_request)
    try:
        yield client, recorder
    finally:
        await client.close()


async def test_slash_command_round_trip(fake_slack, socket_client):
    client, recorder = socket_client
    await client.connect()
    await fake_slack.wait_for_socket_connection(timeout=5)
    fields = slash_command_fields("pending")

    envelope_id = fake_slack.socket_send_slash_command(fields)
    ack = await fake_slack.wait_for_socket_ack(envelope_id, timeout=5)

    assert ack == {"envelope_id": envelope_id, "payload": {"text": "got pending"}}
    [req] = recorder.requests
    assert (req.type, req.envelope_id, req.accepts_response_payload) == (
        "slash_commands",
        envelope_id,
        True,
    )
    assert req.payload == fields
    hello = recorder.messages[0]
    assert hello["type"] == "hello"
    assert hello["connection_info"] == {"app_id": fake_slack.app_id}
    [open_call] = fake_slack.calls("apps.connections.open")
    assert open_call.ok


async def test_interactive_envelope_sent_before_connecting_is_delivered(fake_slack, socket_client):
    client, recorder = socket_client
    payload = block_actions_payload("tasks_next", "page:2", response_url="https://x.invalid/r")

    envelope_id = fake_slack.socket_send_interactive(payload)
    await client.connect()
    ack = await fake_slack.wait_for_socket_ack(envelope_id, timeout=5)

    assert ack == {"envelope_id": envelope_id}
    [req] = recorder.requests
    assert (req.type, req.accepts_response_payload) == ("interactive", False)
    assert req.payload["actions"][0]["action_id"] == "tasks_next"
    assert [m["type"] for m in fake_slack.socket_sent()] == ["hello", "interactive"]


async def test_disconnect_makes_the_client_reconnect(fake_slack, socket_client):
    client, _ = socket_client
    await client.connect()
    await fake_slack.wait_for_socket_connection(timeout=5)

    fake_slack.socket_send_disconnect()
    await fake_slack.wait_for_socket_connection(count=2, timeout=5)

    envelope_id = fake_slack.socket_send_slash_command(slash_command_fields("all"))
    ack = await fake_slack.wait_for_socket_ack(envelope_id, timeout=5)
    assert ack["payload"] == {"text": "got all"}
    assert len(fake_slack.calls("apps.connections.open")) == 2


async def test_connections_open_needs_the_app_token_and_a_ticket(fake_slack):
    bot = AsyncWebClient(token=fake_slack.bot_token, base_url=fake_slack.api_base_url)
    with pytest.raises(SlackApiError) as err:
        await bot.apps_connections_open(app_token=fake_slack.bot_token)
    assert err.value.response["error"] == "not_allowed_token_type"

    resp = await AsyncWebClient(base_url=fake_slack.api_base_url).apps_connections_open(
        app_token=fake_slack.app_token
    )
    url: str = resp["url"]
    assert url.startswith(fake_slack.base_url.replace("http://", "ws://") + "/socket-mode?ticket=")
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as handshake:
            await session.ws_connect(url.split("?")[0] + "?ticket=forged")
        assert handshake.value.status == 401
        ws = await session.ws_connect(url)
        hello = await asyncio.wait_for(ws.receive_json(), 5)
        assert hello["type"] == "hello"
        await ws.close()
