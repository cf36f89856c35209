"""The app in Socket Mode (SLACK_APP_TOKEN set, no signing secret) over the fake's WebSocket."""

from __future__ import annotations

from tests.support.app_fixtures import (
    buttons,
    context_text,
    header_text,
    ids_with_status,
    is_fetching,
    task_ids,
)
from tests.support.app_process import APP_TOKEN
from tests.support.blockkit import assert_no_pings, assert_valid_message


def test_connects_with_the_app_token(socket_wire):
    [opened, *_] = socket_wire.fake.calls("apps.connections.open")
    assert opened.ok
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert socket_wire.fake.socket_connection_count >= 1


def test_slash_command_answered_in_the_socket_ack(socket_wire):
    pending = ids_with_status(socket_wire.sim.records(), 2)

    reply = socket_wire.command("pending")

    assert reply.answered_in_ack, reply.ack
    ack = reply.ack
    assert_valid_message(ack)
    assert_no_pings(ack)
    assert header_text(ack) == f"Pending tasks · {len(pending)}"
    assert set(task_ids(ack)) == pending
    assert ack["response_type"] == "ephemeral"
    acks = [m for m in socket_wire.fake.socket_received() if m.get("payload") == ack]
    assert len(acks) == 1, "the answer went out as the envelope's ack"


def test_slash_command_needing_a_fetch_answers_at_response_url(socket_wire):
    reply = socket_wire.command("public summary refresh")

    assert is_fetching(reply.ack)
    posted = reply.answer()
    assert posted["response_type"] == "in_channel"
    assert header_text(posted) == "Retrieval tasks summary · 40"
    assert socket_wire.sim.list_requests == 1


def test_block_actions_envelope_replaces_the_original(socket_wire):
    first = socket_wire.ask("all")
    assert context_text(first, "tasks_range").startswith("1–20 of 40")

    reply = socket_wire.click("tasks_next", buttons(first)["tasks_next"]["value"])

    assert not reply.answered_in_ack, "a button ack carries no message"
    second = reply.wait_response()
    assert second["replace_original"] is True
    assert context_text(second, "tasks_range") == "21–40 of 40 · page 2 of 2"
    assert not set(task_ids(first)) & set(task_ids(second))


def test_health_is_served_on_port_but_not_slack_events(socket_wire):
    assert socket_wire.get("/healthz").status_code == 200
    assert socket_wire.get("/readyz").status_code == 200
    events = socket_wire.http.post(socket_wire.url, content="command=x")
    assert events.status_code in (404, 405), "Slack events come over the socket only"
