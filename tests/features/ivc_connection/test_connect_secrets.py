"""Connect IVC through the wire (``python -m bot serve``, JSON logs, multi-workspace mode): a
SecretKey IVC refuses never becomes a redaction pattern, so no typed text breaks the app's
JSON lines or hides other workspaces' warnings; Test and Save are limited per workspace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.features.ivc_connection.views import (
    CONNECT_ACTION,
    CONNECT_VIEW,
    SECRET_KEY_BLOCK,
    TEST_ACTION,
)
from bot.simulator.accounts import tenant_secret_id, tenant_secret_key
from tests.slack.test_oauth import CLIENT_ID, CLIENT_SECRET, installed
from tests.slack.test_workspaces import form_state
from tests.support.app_fixtures import Wire, dump, start_wire
from tests.support.in_process import submission_payload
from tests.support.polling import wait_until
from tests.support.slack_requests import block_actions_payload

ALPHA, BETA, SHARED = "T0ALPHA1", "T0BETA01", "T0SHARED"
TENANTS = {ALPHA: 1, BETA: 2}
ADMIN, MEMBER = "UADMIN01", "UMEMBER1"
TOO_MANY = "Too many IVC tests in this workspace"


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    tmp = tmp_path_factory.mktemp("connect-secrets")
    with start_wire(
        tmp,
        sim_kwargs={"accounts": 2, "account_tasks": 3},
        LOG_FORMAT="json",
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_ALLOWED_TEAM_IDS=",".join((ALPHA, BETA, SHARED)),
        SHARED_IVC_TEAM_IDS=SHARED,
        OPERATOR_TEAM_ID=SHARED,
        TOKEN_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'app.db'}",
    ) as w:
        w.fake.set_user(ADMIN, is_admin=True)
        for workspace in (ALPHA, BETA):
            w.fake.accept_bot_token(w.fake.token_for(workspace))
            w.fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET, team_id=workspace)
            installed(w)
        yield w


def secret_id(workspace: str) -> str:
    return tenant_secret_id(TENANTS[workspace])


def save(wire: Wire, workspace: str, user: str, key: str) -> dict[str, Any]:
    """Connect IVC's Save with ``key`` typed; the ack's body."""
    values = form_state(secret_id(workspace), key)
    reply = wire.interact(submission_payload(CONNECT_VIEW, values, user_id=user, team_id=workspace))
    assert reply.status_code == 200
    return reply.json() if reply.content else {}


def open_form(wire: Wire, workspace: str) -> str:
    """The admin presses Connect IVC in App Home; the id of the modal Slack shows."""
    before = len(wire.fake.calls("views.open"))
    assert (
        wire.click(CONNECT_ACTION, CONNECT_ACTION, team_id=workspace, user_id=ADMIN).status == 200
    )
    opened = wire.fake.wait_for_calls_sync("views.open", before + 1)[-1]
    return str(opened.response["view"]["id"])


def press_test(wire: Wire, workspace: str, view_id: str, key: str) -> str:
    """The form's Test with ``key`` typed; the modal's text once the outcome is shown."""
    payload = block_actions_payload(
        TEST_ACTION,
        TEST_ACTION,
        response_url="",
        block_id="ivc_test_actions",
        team_id=workspace,
        user_id=ADMIN,
    )
    payload["container"] = {"type": "view", "view_id": view_id}
    payload["view"] = {
        "id": view_id,
        "type": "modal",
        "callback_id": CONNECT_VIEW,
        "private_metadata": "",
        "state": {"values": form_state(secret_id(workspace), key)},
    }
    before = len(wire.fake.calls("views.update"))
    assert wire.interact(payload).status_code == 200
    wire.fake.wait_for_calls_sync("views.update", before + 1)
    return dump(wire.fake.modal(view_id))


def log_lines(wire: Wire) -> list[str]:
    return [line for line in wire.app.output().splitlines() if line.strip()]


def test_a_refused_key_neither_breaks_json_lines_nor_hides_warnings(wire):
    for typed in ('"level":', "(not an admin)"):  # a JSON key, then a warning's words
        ack = save(wire, ALPHA, ADMIN, typed)
        assert ack["response_action"] == "errors" and "IVC refused" in dump(ack), ack
    refused = save(wire, ALPHA, MEMBER, "whatever-they-typed")
    assert refused["response_action"] == "errors"
    wait_until(
        lambda: any(MEMBER in line for line in log_lines(wire)),
        what="the member's refusal logged",
        timeout=10,
    )

    records = []
    for line in log_lines(wire):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {line!r}")
    assert all(record["level"] in ("DEBUG", "INFO", "WARNING", "ERROR") for record in records)
    warnings = [r["message"] for r in records if r["level"] == "WARNING" and MEMBER in r["message"]]
    assert warnings == [
        f"refused a request needing IVC admin by {MEMBER} of workspace {ALPHA} (not an admin)"
    ]

    key = tenant_secret_key(secret_id(ALPHA))
    assert save(wire, ALPHA, ADMIN, key)["response_action"] == "update", "IVC accepts it"
    assert key not in wire.app.output()


def test_a_sixth_test_in_a_minute_is_refused_in_the_form(wire):
    key = tenant_secret_key(secret_id(BETA))
    view_id = open_form(wire, BETA)
    for _ in range(5):
        assert "IVC answered: 3 tasks listed" in press_test(wire, BETA, view_id, key)

    refused = press_test(wire, BETA, view_id, key)
    assert TOO_MANY in refused and "IVC answered" not in refused
    ack = save(wire, BETA, ADMIN, key)
    assert ack["response_action"] == "errors" and TOO_MANY in ack["errors"][SECRET_KEY_BLOCK]

    other = open_form(wire, ALPHA)
    alpha_key = tenant_secret_key(secret_id(ALPHA))
    assert "IVC answered" in press_test(wire, ALPHA, other, alpha_key), "another workspace"
